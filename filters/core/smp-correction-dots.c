/* smp-correction: the dots, the regions and the hairline. See smp-correction.h and
 * docs/correction.md. */
#include "smp-correction-private.h"

#include "smp-plane.h"
#include "smp-stats.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define PEAK_FACTOR 1.3 /* a dot's peak: this much above the dot threshold */
#define MAX_DOT_MM                                                                                 \
  2.4 /* darker regions wider than this are no dot (two blown-out dots that ran together are one)  \
       */
#define MIN_DOT_MM 0.06 /* narrower ones are noise */

#define LEVELS 1024 /* of the flood's queue over contrast 0..1 */

/* A queue of pixels by contrast level, highest first, FIFO within a level. */
typedef struct {
  GArray *level[LEVELS];
  int top;
} Queue;

static int
level_of(float v)
{
  return CLAMP((int)(v * (LEVELS - 1)), 0, LEVELS - 1);
}

static void
queue_push(Queue *q, int level, int i)
{
  if (!q->level[level])
    q->level[level] = g_array_new(FALSE, FALSE, sizeof(int));
  g_array_append_val(q->level[level], i);
  q->top = MAX(q->top, level);
}

/* Pops from the highest level (FIFO within a level); -1 when empty. */
static int
queue_pop(Queue *q, gsize *cursor)
{
  while (q->top >= 0) {
    GArray *a = q->level[q->top];
    if (a && cursor[q->top] < a->len)
      return g_array_index(a, int, cursor[q->top]++);
    if (a) {
      g_array_set_size(a, 0);
      cursor[q->top] = 0;
    }
    q->top--;
  }
  return -1;
}

typedef struct {
  int peak;
  int x0, y0, x1, y1; /* bounding box */
  int n;
  double sw, sx, sy;
  gboolean bounded;
} Basin;

/* The dots' peaks: pixels darker than the peak threshold that are the darkest within r px, one
 * per flat top (the first in scan order; later ones within r of it are skipped). */
static GArray *
find_peaks(const SmpCorrection *c, const Work *wk, int r, float peak_t, int *label)
{
  const int w = c->width, h = c->height;
  float *rowmax = g_memdup2(wk->contrast, (gsize)w * h * sizeof(float));
  smp_plane_rows_extreme(rowmax, w, h, r, TRUE);
  GArray *basins = g_array_new(FALSE, TRUE, sizeof(Basin));
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++) {
      gsize i = (gsize)y * w + x;
      float v = wk->contrast[i];
      if (v < peak_t || !wk->valid[i])
        continue;
      gboolean is_max = TRUE;
      for (int yy = MAX(0, y - r); yy <= MIN(h - 1, y + r) && is_max; yy++)
        is_max = rowmax[(gsize)yy * w + x] <= v;
      for (int yy = MAX(0, y - r); yy <= y && is_max; yy++)
        for (int xx = MAX(0, x - r); xx <= MIN(w - 1, x + r) && is_max; xx++)
          is_max = label[(gsize)yy * w + xx] == 0 || wk->contrast[(gsize)yy * w + xx] != v;
      if (!is_max)
        continue;
      Basin b = {(int)i, x, y, x, y, 0, 0.0, 0.0, 0.0, TRUE};
      g_array_append_val(basins, b);
      label[i] = (int)basins->len;
    }
  g_free(rowmax);
  return basins;
}

/* Floods from all peaks at once, darkest first (a watershed): each pixel at half its peak's
 * contrast or more goes to the dot that reaches it first, so touching dots keep their own areas. */
static void
flood(const SmpCorrection *c, const Work *wk, GArray *basins, int *label, int box)
{
  const int w = c->width, h = c->height;
  Queue q = {{NULL}, -1};
  gsize *cursor = g_new0(gsize, LEVELS);
  for (guint k = 0; k < basins->len; k++) {
    int p = g_array_index(basins, Basin, k).peak;
    queue_push(&q, level_of(wk->contrast[p]), p);
  }
  for (int i; (i = queue_pop(&q, cursor)) >= 0;) {
    Basin *b = &g_array_index(basins, Basin, label[i] - 1);
    const int x = i % w, y = i / w, px = b->peak % w, py = b->peak / w;
    const float ci = wk->contrast[i], half = 0.5f * wk->contrast[b->peak];
    b->n++;
    b->sw += ci;
    b->sx += ci * (x + 0.5);
    b->sy += ci * (y + 0.5);
    b->x0 = MIN(b->x0, x), b->x1 = MAX(b->x1, x), b->y0 = MIN(b->y0, y), b->y1 = MAX(b->y1, y);
    for (int dy = -1; dy <= 1; dy++)
      for (int dx = -1; dx <= 1; dx++) {
        int nx = x + dx, ny = y + dy;
        if (nx < 0 || ny < 0 || nx >= w || ny >= h)
          continue;
        gsize j = (gsize)ny * w + nx;
        if (label[j] || !wk->valid[j] || wk->contrast[j] < half)
          continue;
        if (abs(nx - px) > box || abs(ny - py) > box) {
          b->bounded = FALSE;
          continue;
        }
        label[j] = label[i];
        queue_push(&q, MIN(level_of(wk->contrast[j]), level_of(ci)), (int)j);
      }
  }
  for (int l = 0; l < LEVELS; l++)
    if (q.level[l])
      g_array_free(q.level[l], TRUE);
  g_free(cursor);
}

static int
compare_luma(const void *a, const void *b)
{
  float x = ((const float *)a)[0], y = ((const float *)b)[0];
  return (x > y) - (x < y);
}

/* A dot's measures from its basin: size from its area, darkness and hue from its darkest quarter
 * of raw pixels (the core, little changed by blur). */
static void
measure(const SmpCorrection *c, const Work *wk, const guint8 *rgba, const int *label, int id,
        const Basin *b, float *scratch, SmpCorrectionDot *dot)
{
  const int w = c->width;
  int n = 0;
  for (int y = b->y0; y <= b->y1; y++)
    for (int x = b->x0; x <= b->x1; x++) {
      gsize i = (gsize)y * w + x;
      if (label[i] != id)
        continue;
      scratch[4 * n] = wk->luma[i];
      for (int ch = 0; ch < 3; ch++)
        scratch[4 * n + 1 + ch] = smp_correction_linear(rgba[4 * i + ch]);
      n++;
    }
  qsort(scratch, n, 4 * sizeof(float), compare_luma);
  const int core = MAX(2, n / 4);
  double luma = 0.0, rgb[3] = {0.0, 0.0, 0.0}, a[3];
  for (int k = 0; k < MIN(core, n); k++) {
    luma += scratch[4 * k];
    for (int ch = 0; ch < 3; ch++)
      rgb[ch] += scratch[4 * k + 1 + ch];
  }
  const double skin = MAX(wk->skin[b->peak], 1e-6), m = MIN(core, n);
  for (int ch = 0; ch < 3; ch++)
    a[ch] = 1.0 - rgb[ch] / m / MAX(c->skin_chroma[ch] * skin, 1e-6);
  dot->x = (float)(b->sx / b->sw);
  dot->y = (float)(b->sy / b->sw);
  dot->area_px = b->n;
  dot->diameter_mm = (float)(2.0 * sqrt(b->n / G_PI) / c->px_per_mm);
  dot->absorbance = (float)(1.0 - luma / m / skin);
  dot->blueness = (float)smp_correction_blueness(a);
  dot->kind = SMP_CORRECTION_DOT_OK;
}

void
smp_correction_find_dots(SmpCorrection *c, const Work *wk, const guint8 *rgba, double peak_mm)
{
  const gsize n_px = (gsize)c->width * c->height;
  const int r = MAX(1, (int)lround(peak_mm * c->px_per_mm));
  const int box = MAX(2, (int)ceil(0.5 * MAX_DOT_MM * c->px_per_mm));
  int *label = g_new0(int, n_px);
  GArray *basins = find_peaks(c, wk, r, PEAK_FACTOR * wk->dot_t, label);
  flood(c, wk, basins, label, box);
  float *scratch = g_new(float, 4 * (gsize)(2 * box + 1) * (2 * box + 1));
  GArray *dots = g_array_new(FALSE, FALSE, sizeof(SmpCorrectionDot));
  for (guint k = 0; k < basins->len; k++) {
    const Basin *b = &g_array_index(basins, Basin, k);
    SmpCorrectionDot dot;
    if (!b->bounded)
      continue;
    measure(c, wk, rgba, label, (int)k + 1, b, scratch, &dot);
    if (dot.diameter_mm >= MIN_DOT_MM)
      g_array_append_val(dots, dot);
  }
  g_free(scratch);
  g_free(label);
  g_array_free(basins, TRUE);
  c->n_dots = (int)dots->len;
  c->dots = (SmpCorrectionDot *)g_array_free(dots, FALSE);
}

/* ---------------------------------------------------------------------------------------------
 * Regions
 */

static float
median_of(const SmpCorrection *c, const int *idx, int n, int what)
{
  float *v = g_new(float, MAX(n, 1));
  for (int k = 0; k < n; k++) {
    const SmpCorrectionDot *d = &c->dots[idx[k]];
    v[k] = what == 0 ? d->diameter_mm : what == 1 ? d->absorbance : d->blueness;
  }
  float m = smp_median(v, n);
  g_free(v);
  return m;
}

/* Thins a too-dense region: a dot closer than 0.75 of the hair type's spacing to a dot kept
 * before it is one too many. */
static void
thin_out(SmpCorrection *c, const int *idx, int n)
{
  const double a = sqrt(2.0 / (sqrt(3.0) * c->params.density / 100.0)) * c->px_per_mm;
  const double min2 = (0.75 * a) * (0.75 * a);
  int *kept = g_new(int, MAX(n, 1)), n_kept = 0;
  for (int k = 0; k < n; k++) {
    SmpCorrectionDot *d = &c->dots[idx[k]];
    if (d->kind != SMP_CORRECTION_DOT_OK)
      continue;
    gboolean close = FALSE;
    for (int q = 0; q < n_kept && !close; q++) {
      const SmpCorrectionDot *e = &c->dots[kept[q]];
      close = (d->x - e->x) * (d->x - e->x) + (d->y - e->y) * (d->y - e->y) < min2;
    }
    if (close)
      d->kind = SMP_CORRECTION_DOT_EXCESS;
    else
      kept[n_kept++] = idx[k];
  }
  g_free(kept);
}

static void
judge_region(SmpCorrection *c, SmpCorrectionRegion *reg, int *idx, int n, gsize helmet_px,
             gsize treated_px)
{
  const SmpCorrectionParams *p = &c->params;
  const double ppm = c->px_per_mm;
  int m = 0; /* the dots outside the solid shade first */
  for (int k = 0; k < n; k++)
    if (c->dots[idx[k]].kind != SMP_CORRECTION_DOT_HELMET) {
      int t = idx[m];
      idx[m++] = idx[k];
      idx[k] = t;
    }
  reg->n_dots = m;
  reg->treated_cm2 = (treated_px - MIN(helmet_px, treated_px)) / (ppm * ppm) / 100.0;
  reg->density = reg->treated_cm2 >= 0.05 ? m / reg->treated_cm2 : 0.0;
  reg->dot_mm = median_of(c, idx, m, 0);
  reg->absorbance = median_of(c, idx, m, 1);
  reg->blueness = median_of(c, idx, m, 2);
  reg->helmet_fraction = treated_px ? (double)helmet_px / treated_px : 0.0;
  if (helmet_px > 0 && reg->helmet_fraction > 0.25)
    reg->faults |= SMP_FAULT_HELMET;
  for (int k = 0; k < m; k++) {
    SmpCorrectionDotKind kind = c->dots[idx[k]].kind;
    reg->faults |= kind == SMP_CORRECTION_DOT_BLOWN  ? SMP_FAULT_BLOWN
                   : kind == SMP_CORRECTION_DOT_DARK ? SMP_FAULT_DARK
                                                     : 0;
  }
  if (m >= 6 && reg->blueness > p->blueness + SMP_CORRECTION_BLUE_EXCESS) {
    reg->faults |= SMP_FAULT_BLUE;
    for (int k = 0; k < m; k++)
      if (c->dots[idx[k]].kind == SMP_CORRECTION_DOT_OK)
        c->dots[idx[k]].kind = SMP_CORRECTION_DOT_BLUE;
  }
  const double region_cm2 = SMP_CORRECTION_REGION_MM * SMP_CORRECTION_REGION_MM / 100.0;
  if (reg->treated_cm2 >= 0.5 * region_cm2 &&
      reg->density > SMP_CORRECTION_DENSE_FACTOR * p->density) {
    reg->faults |= SMP_FAULT_DENSE;
    thin_out(c, idx, m);
  }
}

void
smp_correction_judge_regions(SmpCorrection *c, const gsize *helmet_px, const gsize *treated_px)
{
  const int n_reg = c->regions_x * c->regions_y;
  const double side = SMP_CORRECTION_REGION_MM * c->px_per_mm;
  int *start = g_new0(int, n_reg + 1), *idx = g_new(int, MAX(c->n_dots, 1));
  int *region_of = g_new(int, MAX(c->n_dots, 1));
  for (int k = 0; k < c->n_dots; k++) { /* the dots by region, in scan order */
    int rx = MIN((int)(c->dots[k].x / side), c->regions_x - 1);
    int ry = MIN((int)(c->dots[k].y / side), c->regions_y - 1);
    region_of[k] = ry * c->regions_x + rx;
    start[region_of[k] + 1]++;
  }
  for (int r = 0; r < n_reg; r++)
    start[r + 1] += start[r];
  int *fill = g_memdup2(start, sizeof(int) * (n_reg + 1));
  for (int k = 0; k < c->n_dots; k++)
    idx[fill[region_of[k]]++] = k;
  for (int r = 0; r < n_reg; r++)
    judge_region(c, &c->regions[r], idx + start[r], start[r + 1] - start[r], helmet_px[r],
                 treated_px[r]);
  g_free(fill);
  g_free(region_of);
  g_free(start);
  g_free(idx);
}

/* ---------------------------------------------------------------------------------------------
 * The hairline
 */

/* Least squares y = c0 + c1 u + c2 u² with u = x / width; its residual gives the straightness. */
void
smp_correction_hairline_fit(SmpCorrection *c, const float *edge, const float *xs, int n)
{
  double m[3][4] = {{0}};
  for (int k = 0; k < n; k++) {
    double u = xs[k] / c->width, f[3] = {1.0, u, u * u};
    for (int r = 0; r < 3; r++) {
      for (int q = 0; q < 3; q++)
        m[r][q] += f[r] * f[q];
      m[r][3] += f[r] * edge[k];
    }
  }
  for (int p = 0; p < 3; p++) {
    double d = m[p][p];
    if (fabs(d) < 1e-12)
      continue;
    for (int q = p; q < 4; q++)
      m[p][q] /= d;
    for (int r = 0; r < 3; r++)
      if (r != p) {
        double f = m[r][p];
        for (int q = p; q < 4; q++)
          m[r][q] -= f * m[p][q];
      }
  }
  double ss = 0.0, lowest = 0.0;
  for (int k = 0; k < n; k++) {
    double u = xs[k] / c->width, fit = m[0][3] + m[1][3] * u + m[2][3] * u * u;
    ss += (edge[k] - fit) * (edge[k] - fit);
    lowest = MAX(lowest, edge[k]);
  }
  for (int r = 0; r < 3; r++)
    c->hairline_coef[r] = m[r][3] / pow(c->width, r);
  c->hairline_rms_mm = sqrt(ss / n) / c->px_per_mm;
  c->hairline_y = lowest;
  if (c->hairline_rms_mm < SMP_CORRECTION_STRAIGHT_MM)
    c->faults |= SMP_FAULT_HAIRLINE_STRAIGHT;
  if (isfinite(c->params.glabella_y)) {
    c->hairline_height_mm = (c->params.glabella_y - lowest) / c->px_per_mm;
    if (c->hairline_height_mm < SMP_CORRECTION_LOW_MM) {
      c->faults |= SMP_FAULT_HAIRLINE_LOW;
      const double limit = c->params.glabella_y - SMP_CORRECTION_LOW_MM * c->px_per_mm;
      for (int k = 0; k < c->n_dots; k++)
        if (c->dots[k].y > limit && c->dots[k].kind != SMP_CORRECTION_DOT_HELMET)
          c->dots[k].kind = SMP_CORRECTION_DOT_LOW;
    }
  }
}

void
smp_correction_totals(SmpCorrection *c)
{
  float *size = g_new(float, MAX(c->n_dots, 1)), *dark = g_new(float, MAX(c->n_dots, 1)),
        *blue = g_new(float, MAX(c->n_dots, 1));
  int n = 0;
  for (int k = 0; k < c->n_dots; k++) {
    const SmpCorrectionDot *d = &c->dots[k];
    c->n_blown += d->kind == SMP_CORRECTION_DOT_BLOWN;
    c->n_dark += d->kind == SMP_CORRECTION_DOT_DARK;
    c->n_blue += d->kind == SMP_CORRECTION_DOT_BLUE;
    c->n_excess += d->kind == SMP_CORRECTION_DOT_EXCESS;
    c->n_low += d->kind == SMP_CORRECTION_DOT_LOW;
    c->n_helmet_dots += d->kind == SMP_CORRECTION_DOT_HELMET;
    if (d->kind != SMP_CORRECTION_DOT_HELMET) {
      size[n] = d->diameter_mm;
      dark[n] = d->absorbance;
      blue[n++] = d->blueness;
    }
  }
  c->dot_mm = smp_median(size, n);
  c->absorbance = smp_median(dark, n);
  c->blueness = smp_median(blue, n);
  g_free(size);
  g_free(dark);
  g_free(blue);
  gsize treated = 0;
  for (gsize i = 0; i < (gsize)c->width * c->height; i++)
    treated += c->treated[i] && !c->helmet[i];
  const double ppm = c->px_per_mm;
  c->treated_cm2 = treated / (ppm * ppm) / 100.0 + c->helmet_cm2;
  c->density = treated ? n / (treated / (ppm * ppm) / 100.0) : 0.0;
  for (int r = 0; r < c->regions_x * c->regions_y; r++)
    c->faults |= c->regions[r].faults;
}
