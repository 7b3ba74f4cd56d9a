/* smp-correction: the correction's pictures and report. See smp-correction.h and
 * docs/correction.md. */
#include "smp-correction-private.h"

#include "smp-point-grid.h"
#include "smp-random.h"

#include <math.h>
#include <string.h>

#define LASER_MARGIN_MM 0.1 /* laser spots reach this far past a dot's half-darkening edge */
#define LIGHTEN_MARGIN_MM 0.08
#define LIGHTEN_COVER 0.8     /* skin-toned pigment covers most of a dot, not all of it */
#define FEATHER_MM 4.0        /* a soft zone this deep below a straight hairline */
#define LASER_RGB 220, 30, 60 /* the laser map's colour */

static const guint8 laser_rgb[3] = {LASER_RGB};

/* A value in [0, 1) fixed by two integers and a stream: the pattern of added dots depends only
 * on their lattice position. */
static double
hash01(int a, int b, guint32 stream)
{
  return (smp_mix32(smp_mix32((guint32)a * 0x9e3779b9u + stream) ^ (guint32)b * 0x85ebca6bu) >> 8) /
         16777216.0;
}

/* Smooth noise in [-1, 1] along one axis (unit lattice). */
static double
noise1(double x, guint32 stream)
{
  double f = floor(x), t = x - f;
  t = t * t * (3.0 - 2.0 * t);
  double a = hash01((int)f, 0, stream), b = hash01((int)f + 1, 0, stream);
  return 2.0 * (a + t * (b - a)) - 1.0;
}

#define SRGB_STEPS 8192 /* linear steps of the table: finer than an 8-bit step near black */

/* 8-bit sRGB of a linear value, through a table: the pictures convert four values a pixel. */
static guint8
to_srgb8(double v)
{
  static guint8 table[SRGB_STEPS + 1];
  static gsize ready = 0;
  if (g_once_init_enter(&ready)) {
    for (int i = 0; i <= SRGB_STEPS; i++) {
      double l = (double)i / SRGB_STEPS;
      double e = l <= 0.0031308 ? 12.92 * l : 1.055 * pow(l, 1.0 / 2.4) - 0.055;
      table[i] = (guint8)lround(e * 255.0);
    }
    g_once_init_leave(&ready, 1);
  }
  return table[(int)(CLAMP(v, 0.0, 1.0) * SRGB_STEPS + 0.5)];
}

/* Stamps a disc (radius r px, 1 px soft edge) into an alpha plane, keeping the larger value. */
static void
stamp(guint8 *alpha, const guint8 *valid, int w, int h, double cx, double cy, double r)
{
  int x0 = MAX(0, (int)floor(cx - r - 1)), x1 = MIN(w - 1, (int)ceil(cx + r + 1));
  int y0 = MAX(0, (int)floor(cy - r - 1)), y1 = MIN(h - 1, (int)ceil(cy + r + 1));
  for (int y = y0; y <= y1; y++)
    for (int x = x0; x <= x1; x++) {
      gsize i = (gsize)y * w + x;
      double a = CLAMP(r + 0.5 - hypot(x + 0.5 - cx, y + 0.5 - cy), 0.0, 1.0);
      guint8 v = (guint8)lround(255.0 * a);
      if (valid[i] && v > alpha[i])
        alpha[i] = v;
    }
}

static gboolean
removed(SmpCorrectionDotKind kind)
{
  return kind == SMP_CORRECTION_DOT_BLOWN || kind == SMP_CORRECTION_DOT_BLUE ||
         kind == SMP_CORRECTION_DOT_LOW || kind == SMP_CORRECTION_DOT_HELMET;
}

/* Where to add dots: each removed blown-out or blue dot again in the right shade and size, the
 * solid shade (after removal) at the hair type's density, and a soft, irregular zone below a
 * straight hairline; never near a dot that stays. Returns the new dots (x, y px pairs). */
static GArray *
dots_to_add(const SmpCorrection *c)
{
  const double ppm = c->px_per_mm;
  const double a = sqrt(2.0 / (sqrt(3.0) * c->params.density / 100.0)) * ppm,
               row = a * sqrt(3.0) / 2.0;
  GArray *added = g_array_new(FALSE, FALSE, sizeof(double));
  SmpPointGrid grid;
  smp_point_grid_init(&grid, c->width, c->height, a);
  for (int k = 0; k < c->n_dots; k++) {
    const SmpCorrectionDot *d = &c->dots[k];
    if (!removed(d->kind) || d->kind == SMP_CORRECTION_DOT_BLOWN ||
        d->kind == SMP_CORRECTION_DOT_BLUE)
      smp_point_grid_add(&grid, d->x, d->y);
    if (d->kind == SMP_CORRECTION_DOT_BLOWN || d->kind == SMP_CORRECTION_DOT_BLUE) {
      double xy[2] = {d->x, d->y};
      g_array_append_vals(added, xy, 2);
    }
  }
  const gboolean feather =
      (c->faults & SMP_FAULT_HAIRLINE_STRAIGHT) && !(c->faults & SMP_FAULT_HAIRLINE_LOW);
  for (int j = 0; j * row < c->height; j++)
    for (int i = 0; i * a < c->width; i++) {
      double jr = 0.2 * a * sqrt(hash01(i, j, 1)), ja = 2.0 * G_PI * hash01(i, j, 2);
      double x = i * a + (j & 1 ? 0.5 * a : 0.0) + jr * cos(ja), y = j * row + jr * sin(ja);
      if (x < 0.0 || y < 0.0 || x >= c->width || y >= c->height)
        continue;
      gsize p = (gsize)y * c->width + (gsize)x;
      if (!c->valid[p])
        continue;
      gboolean want = c->helmet[p];
      if (!want && feather && !c->treated[p]) {
        double line = c->hairline_coef[0] + c->hairline_coef[1] * x + c->hairline_coef[2] * x * x;
        double depth =
            (y - line) / ppm + 1.5 * noise1(x / ppm / 6.0, 3) + 0.6 * noise1(x / ppm / 2.0, 4);
        want = depth > 0.0 && hash01(i, j, 5) < 1.0 - depth / FEATHER_MM;
      }
      if (!want)
        continue;
      gboolean close = FALSE;
      SmpPointGridIter it;
      smp_point_grid_iter_init(&it, &grid, x, y, 0.6 * a);
      for (int q; !close && (q = smp_point_grid_iter_next(&it)) >= 0;)
        close = hypot(grid.xy[2 * q] - x, grid.xy[2 * q + 1] - y) < 0.6 * a;
      if (close)
        continue;
      smp_point_grid_add(&grid, x, y);
      double xy[2] = {x, y};
      g_array_append_vals(added, xy, 2);
    }
  smp_point_grid_clear(&grid);
  return added;
}

void
smp_correction_render(const SmpCorrection *c, const guint8 *rgba, guint8 *laser, guint8 *lighten,
                      guint8 *add, guint8 *preview, int *n_added)
{
  g_return_if_fail(c != NULL && rgba != NULL);
  const int w = c->width, h = c->height;
  const gsize n = (gsize)w * h;
  const double ppm = c->px_per_mm;
  guint8 *la = g_new0(guint8, n), *li = g_new0(guint8, n), *ad = g_new0(guint8, n);
  for (gsize i = 0; i < n; i++)
    la[i] = c->helmet[i] ? 255 : 0;
  for (int k = 0; k < c->n_dots; k++) {
    const SmpCorrectionDot *d = &c->dots[k];
    double r = 0.5 * d->diameter_mm * ppm;
    if (removed(d->kind) && d->kind != SMP_CORRECTION_DOT_HELMET)
      stamp(la, c->valid, w, h, d->x, d->y, r + LASER_MARGIN_MM * ppm);
    else if (d->kind == SMP_CORRECTION_DOT_DARK || d->kind == SMP_CORRECTION_DOT_EXCESS)
      stamp(li, c->valid, w, h, d->x, d->y, r + LIGHTEN_MARGIN_MM * ppm);
  }
  GArray *added = dots_to_add(c);
  const double r_add = 0.5 * c->params.dot_mm * ppm;
  for (guint k = 0; k < added->len / 2; k++)
    stamp(ad, c->valid, w, h, g_array_index(added, double, 2 * k),
          g_array_index(added, double, 2 * k + 1), r_add);
  if (n_added)
    *n_added = (int)(added->len / 2);
  g_array_free(added, TRUE);

  const double keep = 1.0 - c->params.absorbance; /* the right shade over the skin */
  for (gsize i = 0; i < n; i++) {
    double skin[3], px[3];
    for (int ch = 0; ch < 3; ch++) {
      skin[ch] = c->skin_chroma[ch] * c->skin_y[i];
      px[ch] = smp_correction_linear(rgba[4 * i + ch]);
    }
    double fl = la[i] / 255.0, fi = LIGHTEN_COVER * li[i] / 255.0, fa = ad[i] / 255.0;
    guint8 *out[3] = {laser ? laser + 4 * i : NULL, lighten ? lighten + 4 * i : NULL,
                      add ? add + 4 * i : NULL};
    const guint8 alphas[3] = {la[i], li[i], ad[i]};
    for (int o = 0; o < 3; o++)
      if (out[o]) {
        for (int ch = 0; ch < 3; ch++)
          out[o][ch] = o == 0 ? laser_rgb[ch] : to_srgb8(o == 1 ? skin[ch] : skin[ch] * keep);
        out[o][3] = alphas[o];
      }
    if (preview) {
      for (int ch = 0; ch < 3; ch++) {
        double v = px[ch] + (skin[ch] - px[ch]) * fl;
        v += (skin[ch] - v) * fi;
        v += (skin[ch] * keep - v) * fa;
        preview[4 * i + ch] = c->valid[i] ? to_srgb8(v) : rgba[4 * i + ch];
      }
      preview[4 * i + 3] = rgba[4 * i + 3];
    }
  }
  g_free(la);
  g_free(li);
  g_free(ad);
}

/* ---------------------------------------------------------------------------------------------
 * The report
 */

/* " in x 10-25 mm, y 5-15 mm" over the regions with a fault. */
static void
append_where(GString *s, const SmpCorrection *c, guint fault)
{
  int x0 = G_MAXINT, y0 = G_MAXINT, x1 = -1, y1 = -1, n = 0;
  for (int ry = 0; ry < c->regions_y; ry++)
    for (int rx = 0; rx < c->regions_x; rx++)
      if (c->regions[ry * c->regions_x + rx].faults & fault) {
        x0 = MIN(x0, rx), x1 = MAX(x1, rx), y0 = MIN(y0, ry), y1 = MAX(y1, ry);
        n++;
      }
  if (n == 0)
    return;
  const double r = SMP_CORRECTION_REGION_MM;
  g_string_append_printf(
      s, " (%d region%s of %.0f mm, within x %.0f-%.0f mm, y %.0f-%.0f mm from the top left)", n,
      n == 1 ? "" : "s", r, x0 * r, (x1 + 1) * r, y0 * r, (y1 + 1) * r);
}

/* The spread of the regions' measures: those at least half treated, with dots outside the solid
 * shade. */
static void
append_regions(GString *s, const SmpCorrection *c)
{
  const double half = 0.5 * SMP_CORRECTION_REGION_MM * SMP_CORRECTION_REGION_MM / 100.0;
  double lo[3] = {G_MAXDOUBLE, G_MAXDOUBLE, G_MAXDOUBLE}, hi[3] = {0.0, 0.0, 0.0};
  int n = 0;
  for (int r = 0; r < c->regions_x * c->regions_y; r++) {
    const SmpCorrectionRegion *reg = &c->regions[r];
    if (reg->treated_cm2 < half || reg->n_dots < 6)
      continue;
    const double v[3] = {reg->density, reg->dot_mm, reg->absorbance};
    for (int k = 0; k < 3; k++)
      lo[k] = MIN(lo[k], v[k]), hi[k] = MAX(hi[k], v[k]);
    n++;
  }
  if (n > 0)
    g_string_append_printf(s,
                           "\nPer region of %.0f mm (%d treated): %.0f-%.0f dots per cm², median "
                           "diameter %.2f-%.2f mm, core absorbance %.2f-%.2f.",
                           SMP_CORRECTION_REGION_MM, n, lo[0], hi[0], lo[1], hi[1], lo[2], hi[2]);
}

char *
smp_correction_report(const SmpCorrection *c, int n_added)
{
  const SmpCorrectionParams *p = &c->params;
  GString *s = g_string_new(NULL);
  g_string_append_printf(
      s,
      "Found %d dots over %.1f cm² of treated scalp: %.0f per cm², median "
      "diameter %.2f mm, core absorbance %.2f (the hair type's healed shade: %.2f, "
      "impressions %.2f mm, %.0f per cm²).",
      c->n_dots, c->treated_cm2, c->density, c->dot_mm, c->absorbance, p->absorbance, p->dot_mm,
      p->density);
  append_regions(s, c);
  if (c->faults & SMP_FAULT_HELMET) {
    g_string_append_printf(s, "\nHelmet look: %.1f cm² where the dots merged into a solid shade",
                           c->helmet_cm2);
    append_where(s, c, SMP_FAULT_HELMET);
    g_string_append(s, ": laser removal, then new dots at the hair type's density.");
  }
  if (c->faults & SMP_FAULT_BLOWN) {
    g_string_append_printf(s, "\nBlown-out dots: %d wider than %.2f mm", c->n_blown,
                           SMP_CORRECTION_BLOWN_FACTOR * p->dot_mm);
    append_where(s, c, SMP_FAULT_BLOWN);
    g_string_append(s, ": laser removal, then one new dot in each place.");
  }
  if (c->faults & SMP_FAULT_DARK) {
    g_string_append_printf(s, "\nToo dark for the hair: %d dots darker than absorbance %.2f",
                           c->n_dark, smp_correction_dark_threshold(p));
    append_where(s, c, SMP_FAULT_DARK);
    g_string_append(s, ": lighten with skin-toned pigment.");
  }
  if (c->faults & SMP_FAULT_BLUE) {
    g_string_append_printf(
        s, "\nToo blue: %d dots in regions whose dots are bluer than %.2f (the shade's %.2f)",
        c->n_blue, p->blueness + SMP_CORRECTION_BLUE_EXCESS, p->blueness);
    append_where(s, c, SMP_FAULT_BLUE);
    g_string_append(s, ": laser removal, then new dots in the right shade.");
  }
  if (c->faults & SMP_FAULT_DENSE) {
    g_string_append_printf(s, "\nToo dense: regions above %.0f per cm²",
                           SMP_CORRECTION_DENSE_FACTOR * p->density);
    append_where(s, c, SMP_FAULT_DENSE);
    g_string_append_printf(s, ": lighten %d dots with skin-toned pigment.", c->n_excess);
  }
  if (c->hairline_found) {
    g_string_append_printf(s, "\nHairline: %.2f mm from a smooth curve", c->hairline_rms_mm);
    if (isfinite(c->hairline_height_mm))
      g_string_append_printf(s, ", lowest point %.0f mm above the glabella", c->hairline_height_mm);
    g_string_append(s, ".");
    if (c->faults & SMP_FAULT_HAIRLINE_STRAIGHT)
      g_string_append_printf(s,
                             " Too straight (under %.1f mm): new dots in a soft, irregular zone "
                             "below it.",
                             SMP_CORRECTION_STRAIGHT_MM);
    if (c->faults & SMP_FAULT_HAIRLINE_LOW)
      g_string_append_printf(s,
                             " Too low (under %.0f mm): laser removal of the %d dots below that "
                             "height.",
                             SMP_CORRECTION_LOW_MM, c->n_low);
  } else {
    g_string_append(s, "\nNo hairline in the picture (the treated area's lower border must lie "
                       "inside it, the forehead at the bottom): not judged.");
  }
  if (!c->faults)
    g_string_append(s, "\nNo faults found.");
  g_string_append_printf(s,
                         "\nCorrection: laser removal of %d dots and %.1f cm² of solid shade, "
                         "%d dots to lighten, %d dots to add.",
                         c->n_blown + c->n_blue + c->n_low, c->helmet_cm2, c->n_dark + c->n_excess,
                         n_added);
  return g_string_free(s, FALSE);
}
