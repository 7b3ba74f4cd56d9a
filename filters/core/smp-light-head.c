/* smp-light-head: the shading ratio from the head model where the photo shows the whole head:
 * Lambert's cosine plus an ambient term on the fitted head's normals, darkening towards the
 * silhouette. See smp-light.h and docs/fringe-matching.md (Light). */
#include "smp-light-private.h"

#include <math.h>
#include <string.h>

#include "smp-head.h"

/* The silhouette is taken as whole when fewer than this share of the head's edge pixels lie on
 * the picture's border, and the head as fitted when its outline passes within OUTLINE_MM of
 * the edge points (RMS). */
#define BORDER_SHARE 0.02
#define OUTLINE_MM 3.0
#define MAX_OUTLINE_POINTS 4000
/* Cells whose fitted light falls below this share of the ambient's are left out of the fit: past
 * the terminator the cosine is clamped at 0, which a linear fit cannot follow. */
#define LIT_MARGIN 0.05

/* Edge pixels of the head mask (a 4-neighbour outside it), inside the picture; FALSE when the
 * head runs off the picture. */
static gboolean
outline_points(const guint8 *head, int width, int height, GArray *xs, GArray *ys)
{
  gsize edge = 0, border = 0;
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++) {
      gsize i = (gsize)y * width + x;
      if (head[i] < 128)
        continue;
      if (x == 0 || y == 0 || x == width - 1 || y == height - 1) {
        border++;
        continue;
      }
      if (head[i - 1] >= 128 && head[i + 1] >= 128 && head[i - width] >= 128 &&
          head[i + width] >= 128)
        continue;
      edge++;
      double px = x + 0.5, py = y + 0.5;
      g_array_append_val(xs, px);
      g_array_append_val(ys, py);
    }
  return edge > 0 && border <= BORDER_SHARE * (edge + border);
}

/* The head model fitted to the photo's silhouette (a top view); FALSE when the silhouette is not
 * whole or the model does not follow it. */
static gboolean
fit_head(const guint8 *head, int width, int height, double px_per_mm, SmpHead *model)
{
  GArray *xs = g_array_new(FALSE, FALSE, sizeof(double)),
         *ys = g_array_new(FALSE, FALSE, sizeof(double));
  gboolean ok = outline_points(head, width, height, xs, ys) && xs->len >= 32;
  if (ok) {
    /* every k-th edge point, started from the head's centroid */
    const guint step = MAX(1, xs->len / MAX_OUTLINE_POINTS);
    GArray *sx = g_array_new(FALSE, FALSE, sizeof(double)),
           *sy = g_array_new(FALSE, FALSE, sizeof(double));
    double cx = 0.0, cy = 0.0;
    for (guint k = 0; k < xs->len; k += step) {
      g_array_append_val(sx, g_array_index(xs, double, k));
      g_array_append_val(sy, g_array_index(ys, double, k));
      cx += g_array_index(xs, double, k), cy += g_array_index(ys, double, k);
    }
    SmpHeadParams p;
    smp_head_params_init(&p);
    p.ppi = px_per_mm * 25.4;
    p.view = SMP_HEAD_VIEW_TOP;
    p.origin_x = cx / sx->len;
    p.origin_y = cy / sx->len;
    double rms =
        smp_head_fit_outline(&p, (double *)sx->data, (double *)sy->data, (int)sx->len, NULL);
    ok = rms >= 0.0 && rms <= OUTLINE_MM && smp_head_init(model, &p, NULL);
    g_array_unref(sx);
    g_array_unref(sy);
  }
  g_array_unref(xs);
  g_array_unref(ys);
  return ok;
}

/* The unit normal of the head under each cell's centre and the cosine of its slope from the
 * camera (4 per cell); FALSE where the cell's centre is off the head. */
static guint8 *
cell_normals(const SmpHead *model, const Cells *g, double *normals)
{
  guint8 *on = g_new0(guint8, (gsize)g->gw * g->gh);
  for (int cy = 0; cy < g->gh; cy++)
    for (int cx = 0; cx < g->gw; cx++) {
      gsize c = (gsize)cy * g->gw + cx;
      double u, v;
      SmpHeadPoint pt;
      smp_head_view_position(model, (cx + 0.5) * g->side, (cy + 0.5) * g->side, &u, &v);
      if (!smp_head_surface_at(model, u, v, &pt))
        continue;
      memcpy(normals + 4 * c, pt.normal, sizeof pt.normal);
      normals[4 * c + 3] = cos(pt.slope);
      on[c] = 1;
    }
  return on;
}

/* The shading of a cell: ambient + l·n (coef[0..3]), times 1 - k + k cos(slope) (coef[4]): skin
 * darkens towards the silhouette, where the camera sees it at a grazing angle. */
static double
shading(const double coef[5], const double *cell)
{
  return smp_light_lambert(coef, cell) * (1.0 - coef[4] + coef[4] * cell[3]);
}

/* Least squares of the bare scalp cells' luminance = the shading, for a given darkening k
 * (coef[4]), twice: the second time without the cells the first fit leaves unlit. Returns the
 * RMS of the residuals over the cells' mean luminance, or a negative value when the cells do not
 * determine the light. */
static double
fit_lambert_k(const Cells *g, const guint8 *on, const double *cells, double coef[5])
{
  double rms = -1.0;
  for (int pass = 0; pass < 2; pass++) {
    double ata[MAX_TERMS][MAX_TERMS] = {{0}}, aty[MAX_TERMS] = {0}, rss = 0.0;
    int n = 0;
    for (gsize c = 0; c < (gsize)g->gw * g->gh; c++) {
      const double *nn = cells + 4 * c;
      if (!on[c] || !g->skin_used[c])
        continue;
      if (pass && coef[1] * nn[0] + coef[2] * nn[1] + coef[3] * nn[2] < LIT_MARGIN * coef[0])
        continue;
      const double f = 1.0 - coef[4] + coef[4] * nn[3];
      const double row[4] = {f, f * nn[0], f * nn[1], f * nn[2]};
      double y = g->y_skin[c] / g->n_skin[c];
      for (int a = 0; a < 4; a++) {
        aty[a] += row[a] * y;
        for (int b = 0; b < 4; b++)
          ata[a][b] += row[a] * row[b];
      }
      n++;
    }
    if (n < 16 || !smp_light_solve(ata, aty, 4, coef))
      return -1.0;
    if (coef[0] < 0.0) {
      /* no ambient light is negative: the best fit without any (a glossy skin's sheen pulls the
       * free fit below 0) */
      double sub[MAX_TERMS][MAX_TERMS];
      for (int a = 0; a < 3; a++)
        for (int b = 0; b < 3; b++)
          sub[a][b] = ata[a + 1][b + 1];
      coef[0] = 0.0;
      if (!smp_light_solve(sub, aty + 1, 3, coef + 1))
        return -1.0;
    }
    double sum = 0.0;
    int m = 0;
    for (gsize c = 0; c < (gsize)g->gw * g->gh; c++) {
      if (!on[c] || !g->skin_used[c])
        continue;
      double y = g->y_skin[c] / g->n_skin[c], f = shading(coef, cells + 4 * c);
      rss += (y - f) * (y - f), sum += y;
      m++;
    }
    rms = sum > 0.0 ? sqrt(rss / m) / (sum / m) : -1.0;
  }
  return rms;
}

/* The darkening k (0..1) whose fit over the bare scalp leaves the least residual, and that fit.
 * (The fringe's cells are left out: towards the rim their dots crowd in the picture, which is not
 * the light.) */
static double
fit_lambert(const Cells *g, const guint8 *on, const double *cells, double coef[5])
{
  double best = -1.0, trial[5];
  for (int step = 0; step <= 20; step++) {
    trial[4] = 0.05 * step;
    double rms = fit_lambert_k(g, on, cells, trial);
    if (rms >= 0.0 && (best < 0.0 || rms < best)) {
      best = rms;
      memcpy(coef, trial, sizeof trial);
    }
  }
  return best;
}

double
smp_light_lambert(const double coef[4], const double n[3])
{
  return coef[0] + MAX(coef[1] * n[0] + coef[2] * n[1] + coef[3] * n[2], 0.0);
}

gboolean
smp_light_head(const Cells *g, const guint8 *head, int width, int height, double px_per_mm,
               const guint8 *treat, const guint8 *fringe, SmpLight *light)
{
  SmpHead model;
  if (!head || !fit_head(head, width, height, px_per_mm, &model))
    return FALSE;
  double *normals = g_new0(double, 4 * (gsize)g->gw * g->gh), coef[5] = {0};
  guint8 *on = cell_normals(&model, g, normals);
  double rms = fit_lambert(g, on, normals, coef);
  /* the mean shading over the treated skin and over the sample, cell by cell */
  double st = 0.0, sf = 0.0;
  gsize nt = 0, nf = 0;
  for (int y = 0; rms >= 0.0 && y < g->gh * g->side; y++)
    for (int x = 0; x < g->gw * g->side; x++) {
      gsize i = (gsize)y * width + x, c = (gsize)(y / g->side) * g->gw + x / g->side;
      if (!on[c] || (treat[i] < 128 && fringe[i] < 128))
        continue;
      double s = shading(coef, normals + 4 * c);
      if (treat[i] >= 128)
        st += s, nt++;
      else
        sf += s, nf++;
    }
  g_free(normals);
  g_free(on);
  if (rms < 0.0 || rms > HEAD_RMS_MAX || !nt || !nf || !(sf > 0.0))
    return FALSE;
  light->head = TRUE;
  light->rms = rms;
  light->fitted = (st / nt) / (sf / nf);
  return TRUE;
}
