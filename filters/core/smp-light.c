/* smp-light: the shading ratio between the area to treat and the fringe sample. See smp-light.h
 * and docs/fringe-matching.md (Light). */
#include "smp-light-private.h"

#include <math.h>
#include <string.h>

#include "smp-color.h"

/* Cells of this side average out the dots and pores; a cell counts for a class when this share of
 * its pixels is in it. */
#define CELL_MM 2.0
#define CELL_FULL 0.9
/* The fringe's cells keep this many cells from the bare skin: a fringe thins out over its last
 * millimetres, which is its colour changing, not the light. Skin cells keep one cell from any
 * other class (the hairs' shadows under the skin reach 2 mm). */
#define FRINGE_INSET 2
/* Refusals: fewer cells than this in a class, no bare skin within GAP_MAX_MM of the sample's
 * fringe (the field would be extrapolated across the gap), a ratio known to worse than SE_MAX
 * in its log, or cells scattered around the field by more than RMS_MAX in ln(luminance), the
 * head model's bound (HEAD_RMS_MAX): lamps the field follows leave up to 0.10 (whole heads,
 * where the quadratic spans the dome), while the sheen of dark skin leaves more: an additive
 * highlight on the skin that the dots, lit by the diffuse light alone, do not share, so no one
 * field carries both (docs/fringe-matching.md, Light). */
#define MIN_CELLS 8
#define GAP_MAX_MM 15.0
#define SE_MAX 0.05
#define RMS_MAX HEAD_RMS_MAX
/* Above SMP_LIGHT_EVEN (smp-light.h), the fit over both and the bare scalp's own must agree within
 * this share of the larger log: the fringe's own tone varies too (mottle, density), and the bare
 * scalp alone is carried across the fringe, so each checks the other. */
#define AGREE 0.5

static void
cells_fill(Cells *g, const guint8 *rgba, int width, int height, const guint8 *skin,
           const guint8 *fringe)
{
  double table[256];
  for (int v = 0; v < 256; v++)
    table[v] = smp_color_linear_from_srgb(v / 255.0);
  const gsize n = (gsize)g->gw * g->gh;
  g->n_skin = g_new0(int, n);
  g->n_fringe = g_new0(int, n);
  g->y_skin = g_new0(double, n);
  g->y_fringe = g_new0(double, n);
  double *vs = g_new(double, g->side * g->side), *vf = g_new(double, g->side * g->side);
  for (int cy = 0; cy < g->gh; cy++)
    for (int cx = 0; cx < g->gw; cx++) {
      gsize c = (gsize)cy * g->gw + cx;
      int ns = 0, nf = 0;
      for (int y = cy * g->side; y < (cy + 1) * g->side && y < height; y++)
        for (int x = cx * g->side; x < (cx + 1) * g->side && x < width; x++) {
          gsize i = (gsize)y * width + x;
          const guint8 *p = rgba + 4 * i;
          if (p[3] < 128)
            continue;
          double lum = 0.2126 * table[p[0]] + 0.7152 * table[p[1]] + 0.0722 * table[p[2]];
          /* the sample is the fringe whatever the classes say */
          if (fringe[i] >= 128)
            vf[nf++] = lum;
          else if (skin[i] >= 128)
            vs[ns++] = lum;
        }
      g->n_skin[c] = ns;
      g->n_fringe[c] = nf;
      for (int k = 0; k < ns; k++)
        g->y_skin[c] += vs[k];
      for (int k = 0; k < nf; k++)
        g->y_fringe[c] += vf[k];
    }
  g_free(vs);
  g_free(vf);
}

static void
cells_clear(Cells *g)
{
  g_free(g->n_skin);
  g_free(g->n_fringe);
  g_free(g->y_skin);
  g_free(g->y_fringe);
  g_free(g->skin_used);
}

/* Whether every cell within `r` cells of (cx, cy) satisfies: its count of the class in `counts`
 * is full (`want_full`) or holds under 1 - CELL_FULL of the cell (`!want_full`). */
static gboolean
block_is(const Cells *g, const int *counts, int cx, int cy, int r, gboolean want_full)
{
  const int full = (int)ceil(CELL_FULL * g->side * g->side);
  const int few = g->side * g->side - full;
  for (int y = cy - r; y <= cy + r; y++)
    for (int x = cx - r; x <= cx + r; x++) {
      if (x < 0 || y < 0 || x >= g->gw || y >= g->gh) {
        if (want_full)
          return FALSE;
        continue;
      }
      int k = counts[y * g->gw + x];
      if (want_full ? k < full : k > few)
        return FALSE;
    }
  return TRUE;
}

gboolean
smp_light_solve(double m[MAX_TERMS][MAX_TERMS], const double *b, int k, double *z)
{
  double a[MAX_TERMS][MAX_TERMS + 1];
  for (int i = 0; i < k; i++) {
    memcpy(a[i], m[i], sizeof(double) * k);
    a[i][k] = b[i];
  }
  for (int col = 0; col < k; col++) {
    int piv = col;
    for (int r = col + 1; r < k; r++)
      if (fabs(a[r][col]) > fabs(a[piv][col]))
        piv = r;
    if (fabs(a[piv][col]) < 1e-12)
      return FALSE;
    if (piv != col)
      for (int c = 0; c <= k; c++) {
        double t = a[col][c];
        a[col][c] = a[piv][c];
        a[piv][c] = t;
      }
    for (int r = 0; r < k; r++) {
      if (r == col)
        continue;
      double f = a[r][col] / a[col][col];
      for (int c = col; c <= k; c++)
        a[r][c] -= f * a[col][c];
    }
  }
  for (int i = 0; i < k; i++)
    z[i] = a[i][k] / a[i][i];
  return TRUE;
}

typedef struct {
  int n;
  double *u, *v, *lny;
  guint8 *is_fringe;
  double cx, cy, scale; /* picture px of u = v = 0, and px per unit */
} Samples;

/* The cells fitted: full cells of bare skin one cell from anything else, full cells of the fringe
 * FRINGE_INSET cells from bare skin. Returns the gap (mm) from the fringe's cells to the nearest
 * skin cell, or INFINITY. */
static double
cells_pick(Cells *g, double px_per_mm, Samples *s, int *n_skin, int *n_fringe)
{
  const gsize n = (gsize)g->gw * g->gh;
  g->skin_used = g_new0(guint8, n);
  s->u = g_new(double, n);
  s->v = g_new(double, n);
  s->lny = g_new(double, n);
  s->is_fringe = g_new(guint8, n);
  s->n = *n_skin = *n_fringe = 0;
  double x0 = INFINITY, x1 = -INFINITY, y0 = INFINITY, y1 = -INFINITY;
  for (int cy = 0; cy < g->gh; cy++)
    for (int cx = 0; cx < g->gw; cx++) {
      gsize c = (gsize)cy * g->gw + cx;
      gboolean skin = block_is(g, g->n_skin, cx, cy, 1, TRUE);
      gboolean fringe = !skin && block_is(g, g->n_fringe, cx, cy, 0, TRUE) &&
                        block_is(g, g->n_skin, cx, cy, FRINGE_INSET, FALSE);
      if (!skin && !fringe)
        continue;
      double mean = fringe ? g->y_fringe[c] / g->n_fringe[c] : g->y_skin[c] / g->n_skin[c];
      if (!(mean > 1e-4))
        continue;
      s->u[s->n] = (cx + 0.5) * g->side;
      s->v[s->n] = (cy + 0.5) * g->side;
      s->lny[s->n] = log(mean);
      s->is_fringe[s->n] = (guint8)fringe;
      g->skin_used[c] = (guint8)skin;
      x0 = MIN(x0, s->u[s->n]), x1 = MAX(x1, s->u[s->n]);
      y0 = MIN(y0, s->v[s->n]), y1 = MAX(y1, s->v[s->n]);
      s->n++;
      *(fringe ? n_fringe : n_skin) += 1;
    }
  s->cx = 0.5 * (x0 + x1);
  s->cy = 0.5 * (y0 + y1);
  s->scale = MAX(MAX(x1 - x0, y1 - y0) * 0.5, g->side);
  double gap2 = INFINITY;
  for (int i = 0; i < s->n; i++) {
    if (!s->is_fringe[i])
      continue;
    for (int j = 0; j < s->n; j++)
      if (!s->is_fringe[j]) {
        double dx = s->u[i] - s->u[j], dy = s->v[i] - s->v[j];
        gap2 = MIN(gap2, dx * dx + dy * dy);
      }
  }
  for (int i = 0; i < s->n; i++) {
    s->u[i] = (s->u[i] - s->cx) / s->scale;
    s->v[i] = (s->v[i] - s->cy) / s->scale;
  }
  return sqrt(gap2) / px_per_mm;
}

static void
samples_clear(Samples *s)
{
  g_free(s->u);
  g_free(s->v);
  g_free(s->lny);
  g_free(s->is_fringe);
}

/* The shading field's terms at (u, v) after the two class constants: a plane and the dome's
 * curvature (smp-light.h). */
static void
field_terms(double u, double v, double *t)
{
  t[0] = u;
  t[1] = v;
  t[2] = u * u + v * v;
}

static double
field(const double *beta, double u, double v)
{
  double t[3], f = 0.0;
  field_terms(u, v, t);
  for (int a = 2; a < MAX_TERMS; a++)
    f += beta[a] * t[a - 2];
  return f;
}

/* Least squares of ln(luminance) = the skin's or the fringe's constant + the field over the cells
 * (only the skin's when `skin_only`; the fringe's constant is then 0): the coefficients, the
 * normal matrix and the residual variance. FALSE when the cells do not determine them. */
static gboolean
fit_field(const Samples *s, gboolean skin_only, double beta[MAX_TERMS],
          double ata[MAX_TERMS][MAX_TERMS], double *var)
{
  double aty[MAX_TERMS] = {0}, rss = 0.0;
  int used = 0;
  const int k = MAX_TERMS;
  memset(ata, 0, sizeof(double) * MAX_TERMS * MAX_TERMS);
  if (skin_only)
    ata[1][1] = 1.0;
  for (int i = 0; i < s->n; i++) {
    if (skin_only && s->is_fringe[i])
      continue;
    double row[MAX_TERMS] = {!s->is_fringe[i], s->is_fringe[i]};
    field_terms(s->u[i], s->v[i], row + 2);
    for (int a = 0; a < k; a++) {
      aty[a] += row[a] * s->lny[i];
      for (int b = 0; b < k; b++)
        ata[a][b] += row[a] * row[b];
    }
    used++;
  }
  if (used <= k || !smp_light_solve(ata, aty, k, beta))
    return FALSE;
  for (int i = 0; i < s->n; i++) {
    if (skin_only && s->is_fringe[i])
      continue;
    double f = beta[s->is_fringe[i]] + field(beta, s->u[i], s->v[i]);
    rss += (s->lny[i] - f) * (s->lny[i] - f);
  }
  *var = rss / (used - k);
  return TRUE;
}

/* ln of the mean shading exp(field) over the pixels of `mask`, and its gradient in the field's
 * coefficients (for the ratio's error). FALSE when the mask is empty. */
static gboolean
log_mean_shading(const Samples *s, const double *beta, const guint8 *mask, int width, int height,
                 double *log_mean, double grad[MAX_TERMS])
{
  double sum = 0.0, t[3], st[3] = {0.0, 0.0, 0.0};
  gsize count = 0;
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++) {
      if (mask[(gsize)y * width + x] < 128)
        continue;
      double u = (x + 0.5 - s->cx) / s->scale, v = (y + 0.5 - s->cy) / s->scale;
      double e = exp(field(beta, u, v));
      field_terms(u, v, t);
      sum += e;
      for (int a = 0; a < 3; a++)
        st[a] += e * t[a];
      count++;
    }
  if (!count)
    return FALSE;
  *log_mean = log(sum / count);
  grad[0] = grad[1] = 0.0;
  for (int a = 0; a < 3; a++)
    grad[a + 2] = st[a] / sum;
  return TRUE;
}

/* ln(shading over `treat` / over `fringe`) of the field `beta`; its standard error from the
 * normal matrix and residual variance when `se` is not NULL. */
static double
log_ratio(const Samples *s, const double *beta, double ata[MAX_TERMS][MAX_TERMS], double var,
          const guint8 *treat, const guint8 *fringe, int width, int height, double *se)
{
  double lt, lf, gt[MAX_TERMS], gf[MAX_TERMS];
  const int k = MAX_TERMS;
  if (!log_mean_shading(s, beta, treat, width, height, &lt, gt) ||
      !log_mean_shading(s, beta, fringe, width, height, &lf, gf))
    return NAN;
  if (se) {
    double g[MAX_TERMS], z[MAX_TERMS], q = 0.0;
    for (int a = 0; a < k; a++)
      g[a] = gt[a] - gf[a];
    *se = INFINITY;
    if (smp_light_solve(ata, g, k, z)) {
      for (int a = 0; a < k; a++)
        q += g[a] * z[a];
      *se = sqrt(MAX(q, 0.0) * var);
    }
  }
  return lt - lf;
}

static gboolean
refuse(SmpLight *light, const char *why)
{
  light->ok = FALSE;
  light->why = why;
  return FALSE;
}

/* The light from the field over the cells (smp-light.h). */
static void
field_ratio(const Samples *s, int width, int height, const guint8 *treat, const guint8 *fringe,
            SmpLight *light)
{
  double beta[MAX_TERMS], ata[MAX_TERMS][MAX_TERMS], var, skin_beta[MAX_TERMS];
  double skin_ata[MAX_TERMS][MAX_TERMS], skin_var;
  if (light->skin_cells < MIN_CELLS || light->fringe_cells < MIN_CELLS) {
    refuse(light, "too little bare scalp or fringe away from their edges");
    return;
  }
  if (light->gap_mm > GAP_MAX_MM) {
    refuse(light, "no bare scalp near the sample");
    return;
  }
  if (!fit_field(s, FALSE, beta, ata, &var) ||
      !fit_field(s, TRUE, skin_beta, skin_ata, &skin_var)) {
    refuse(light, "the cells do not determine the light");
    return;
  }
  double joint = log_ratio(s, beta, ata, var, treat, fringe, width, height, &light->ratio_se);
  light->skin_log_ratio =
      log_ratio(s, skin_beta, skin_ata, skin_var, treat, fringe, width, height, NULL);
  light->rms = sqrt(var);
  light->fitted = exp(joint);
  /* Either fit within the mottle's reach of 1 is an even light, unless the two lie further apart
   * than the mottle moves them (each by up to SMP_LIGHT_EVEN): a sheen that hides the lamp from
   * one fit is not an even light (docs/fringe-matching.md, Light). */
  const double sk = light->skin_log_ratio, apart = fabs(joint - sk);
  const gboolean even = fabs(sk) < SMP_LIGHT_EVEN || fabs(joint) < SMP_LIGHT_EVEN;
  const gboolean disagree = apart > AGREE * MAX(fabs(joint), fabs(sk));
  if (!isfinite(joint))
    refuse(light, "no treated skin or sample");
  else if (light->rms > RMS_MAX)
    refuse(light, "the cells scatter about the fitted light (a sheen?)");
  else if (light->ratio_se > SE_MAX)
    refuse(light, "the light's fit is too uncertain");
  else if (disagree && (!even || apart > 2.0 * SMP_LIGHT_EVEN))
    refuse(light, "the bare scalp and the fringe disagree on the light");
  else if (even)
    light->ok = TRUE; /* even light: the colour as photographed */
  else {
    light->ok = TRUE;
    light->ratio = light->fitted;
  }
}

gboolean
smp_light_ratio(const guint8 *rgba, int width, int height, double px_per_mm, const guint8 *skin,
                const guint8 *fringe, const guint8 *treat, const guint8 *head, SmpLight *light)
{
  g_return_val_if_fail(rgba && skin && fringe && treat && light, FALSE);
  memset(light, 0, sizeof *light);
  light->ratio = 1.0;
  Cells g = {.side = MAX((int)lround(CELL_MM * px_per_mm), 4)};
  g.gw = width / g.side;
  g.gh = height / g.side;
  if (g.gw < 3 || g.gh < 3)
    return refuse(light, "the picture is too small to see the light on");
  cells_fill(&g, rgba, width, height, skin, fringe);
  Samples s;
  light->gap_mm = cells_pick(&g, px_per_mm, &s, &light->skin_cells, &light->fringe_cells);
  /* The field always; the head model where the silhouette is whole and the field, fitted on its
   * own, is not refused and sees the light change the same way: two models that agree (a glossy
   * skin's sheen, which neither models, makes the field's cells scatter). */
  field_ratio(&s, width, height, treat, fringe, light);
  SmpLight model = *light;
  if (light->ok && smp_light_head(&g, head, width, height, px_per_mm, treat, fringe, &model) &&
      log(model.fitted) * log(light->fitted) > 0.0) {
    *light = model;
    light->ok = TRUE;
    light->why = NULL;
    light->skin_log_ratio = log(light->fitted);
    light->ratio = fabs(light->skin_log_ratio) < SMP_LIGHT_EVEN ? 1.0 : light->fitted;
  }
  cells_clear(&g);
  samples_clear(&s);
  return light->ok;
}
