/* The correction analysis (smp-correction) on photos of old SMP with planted faults
 * (tests/photo/smp-photo-faults): blown-out and too-dark dots found with recall and precision of
 * 95 % or more, solid-shade patches with an IoU of 0.8 or more, over seeds and Monk tones; blue,
 * dense and hairline faults flagged where planted and nowhere else; the pictures. */
#include "smp-color.h"
#include "smp-correction-private.h"
#include "smp-photo-faults.h"
#include "smp-photo.h"

#include <math.h>
#include <string.h>

#define MATCH_MM 0.35 /* a found dot is a planted one when their centres are this close */
#define BORDER_MM 1.0 /* planted dots nearer the picture's edge are not counted */

static guint8 *
to_u8(const SmpFaultsPhoto *photo)
{
  gsize n = (gsize)photo->width * photo->height * 4;
  guint8 *px = g_new(guint8, n);
  for (gsize i = 0; i < n; i++)
    px[i] = (guint8)lroundf(CLAMP(photo->rgba[i], 0.0f, 1.0f) * 255.0f);
  return px;
}

/* A photo of old SMP with none of the per-dot faults (no blown-out or too-dark dots, no solid
 * shade): the region and hairline faults are planted on it by the caller. */
static void
spec_without_faults(SmpFaultsSpec *spec, guint32 seed, int monk)
{
  smp_faults_spec_init(spec);
  spec->seed = seed;
  spec->monk = monk;
  spec->n_helmets = 0;
  spec->blown_fraction = spec->dark_fraction = 0.0;
}

typedef struct {
  int truth, found, matched_truth, matched_found;
} Score;

/* How close a planted dot and a found one must be to be the same: MATCH_MM, or within the found
 * dot's own radius (two blown-out dots that ran together are found as one, over both). */
static double
match_px(const SmpCorrectionDot *f, double ppm)
{
  return MAX(MATCH_MM, 0.5 * f->diameter_mm) * ppm;
}

/* Matches planted dots of `kind` with found dots judged `found_kind`. */
static void
score_dots(const SmpFaultsPhoto *photo, const SmpCorrection *c, SmpFaultsDotKind kind,
           SmpCorrectionDotKind found_kind, double ppm, Score *s)
{
  const double border = BORDER_MM * ppm;
  for (int t = 0; t < photo->n_dots; t++) {
    const SmpFaultsDot *d = &photo->dots[t];
    if (d->kind != kind || d->in_helmet || d->x < border || d->y < border ||
        d->x > photo->width - border || d->y > photo->height - border)
      continue;
    s->truth++;
    for (int k = 0; k < c->n_dots; k++)
      if (c->dots[k].kind == found_kind &&
          hypot(c->dots[k].x - d->x, c->dots[k].y - d->y) < match_px(&c->dots[k], ppm)) {
        s->matched_truth++;
        break;
      }
  }
  for (int k = 0; k < c->n_dots; k++) {
    const SmpCorrectionDot *f = &c->dots[k];
    if (f->kind != found_kind || f->x < border || f->y < border || f->x > photo->width - border ||
        f->y > photo->height - border)
      continue;
    s->found++;
    for (int t = 0; t < photo->n_dots; t++)
      if (photo->dots[t].kind == kind &&
          hypot(photo->dots[t].x - f->x, photo->dots[t].y - f->y) < match_px(f, ppm)) {
        s->matched_found++;
        break;
      }
  }
}

/* Scores the blown-out and the too-dark dots planted in `photo` against those found in it. */
static void
score_faults(const SmpFaultsPhoto *photo, const SmpCorrection *c, Score *blown, Score *dark)
{
  score_dots(photo, c, SMP_FAULTS_DOT_BLOWN, SMP_CORRECTION_DOT_BLOWN, c->px_per_mm, blown);
  score_dots(photo, c, SMP_FAULTS_DOT_DARK, SMP_CORRECTION_DOT_DARK, c->px_per_mm, dark);
}

/* Both kinds of faulty dot are found with a recall and a precision of at least `least`. */
static void
assert_scores(const char *what, const Score *blown, const Score *dark, double least)
{
  const double br = (double)blown->matched_truth / blown->truth,
               bp = (double)blown->matched_found / blown->found;
  const double dr = (double)dark->matched_truth / dark->truth,
               dp = (double)dark->matched_found / dark->found;
  g_test_message("%s: blown-out recall %.3f, precision %.3f (%d planted); too dark recall %.3f, "
                 "precision %.3f (%d planted)",
                 what, br, bp, blown->truth, dr, dp, dark->truth);
  g_assert_cmpfloat(br, >=, least);
  g_assert_cmpfloat(bp, >=, least);
  g_assert_cmpfloat(dr, >=, least);
  g_assert_cmpfloat(dp, >=, least);
}

/* The range of a measure over found dots matched to planted ones of a kind. */
typedef struct {
  double lo, hi;
} Range;

static void
range_of(const SmpFaultsPhoto *photo, const SmpCorrection *c, SmpFaultsDotKind kind,
         gboolean diameter, Range *r)
{
  const double match = MATCH_MM * c->px_per_mm;
  for (int t = 0; t < photo->n_dots; t++) {
    const SmpFaultsDot *d = &photo->dots[t];
    if (d->kind != kind || d->in_helmet)
      continue;
    for (int k = 0; k < c->n_dots; k++)
      if (hypot(c->dots[k].x - d->x, c->dots[k].y - d->y) < match) {
        double v = diameter ? c->dots[k].diameter_mm : c->dots[k].absorbance;
        r->lo = MIN(r->lo, v);
        r->hi = MAX(r->hi, v);
        break;
      }
  }
}

static SmpCorrection *
analyse(const SmpFaultsSpec *spec, SmpFaultsPhoto **photo_out, guint8 **px_out)
{
  SmpFaultsPhoto *photo = smp_faults_render(spec);
  guint8 *px = to_u8(photo);
  SmpCorrectionParams params;
  smp_faults_correction_params(spec, photo, &params);
  gint64 start = g_get_monotonic_time();
  SmpCorrection *c = smp_correction_analyse(px, NULL, photo->width, photo->height, &params);
  g_assert_nonnull(c);
  g_test_message("monk %d seed %u: %d dots (%d planted) in %.2f s; blown %d, dark %d, helmet "
                 "%.2f cm², faults 0x%x, hairline rms %.2f mm (truth %.2f), height %.1f mm, "
                 "absorbance %.2f (shade %.2f), blueness %.2f (shade %.2f)",
                 spec->monk, spec->seed, c->n_dots, photo->n_dots,
                 (g_get_monotonic_time() - start) / 1e6, c->n_blown, c->n_dark, c->helmet_cm2,
                 c->faults, c->hairline_rms_mm, photo->hairline_rms_mm, c->hairline_height_mm,
                 c->absorbance, params.absorbance, c->blueness, params.blueness);
  if (px_out)
    *px_out = px;
  else
    g_free(px);
  if (photo_out)
    *photo_out = photo;
  else
    smp_faults_free(photo);
  return c;
}

/* Blown-out and too-dark dots and the solid shade, over seeds and Monk tones. */
static void
test_faults(void)
{
  const int monks[] = {2, 4, 6};
  Score blown = {0}, dark = {0};
  Range normal_a = {1.0, 0.0}, dark_a = {1.0, 0.0}, normal_d = {9.0, 0.0}, blown_d = {9.0, 0.0};
  double min_iou = 1.0, dark_t_lo = 1.0, dark_t_hi = 0.0;
  for (gsize m = 0; m < G_N_ELEMENTS(monks); m++)
    for (guint32 seed = 1; seed <= 3; seed++) {
      SmpFaultsSpec spec;
      smp_faults_spec_init(&spec);
      spec.monk = monks[m];
      spec.seed = seed + 10 * monks[m];
      spec.n_helmets = 1 + (int)(seed % 2);
      SmpFaultsPhoto *photo;
      SmpCorrection *c = analyse(&spec, &photo, NULL);
      Score b = {0}, d = {0};
      score_faults(photo, c, &b, &d);
      double iou =
          smp_photo_iou(c->helmet, photo->helmet, NULL, (gsize)photo->width * photo->height);
      g_test_message("  blown %d/%d found, %d/%d right; dark %d/%d found, %d/%d right; helmet "
                     "IoU %.3f",
                     b.matched_truth, b.truth, b.matched_found, b.found, d.matched_truth, d.truth,
                     d.matched_found, d.found, iou);
      g_assert_cmpfloat(iou, >=, 0.8);
      min_iou = MIN(min_iou, iou);
      range_of(photo, c, SMP_FAULTS_DOT_NORMAL, FALSE, &normal_a);
      range_of(photo, c, SMP_FAULTS_DOT_DARK, FALSE, &dark_a);
      range_of(photo, c, SMP_FAULTS_DOT_NORMAL, TRUE, &normal_d);
      range_of(photo, c, SMP_FAULTS_DOT_BLOWN, TRUE, &blown_d);
      double t = smp_correction_dark_threshold(&c->params);
      dark_t_lo = MIN(dark_t_lo, t);
      dark_t_hi = MAX(dark_t_hi, t);
      blown.truth += b.truth, blown.found += b.found;
      blown.matched_truth += b.matched_truth, blown.matched_found += b.matched_found;
      dark.truth += d.truth, dark.found += d.found;
      dark.matched_truth += d.matched_truth, dark.matched_found += d.matched_found;
      smp_correction_free(c);
      smp_faults_free(photo);
    }
  g_test_message("smallest helmet IoU %.3f; core absorbance: right shade %.2f-%.2f, too dark "
                 "%.2f-%.2f (thresholds %.2f-%.2f); diameter: normal %.2f-%.2f mm, blown out "
                 "%.2f-%.2f mm",
                 min_iou, normal_a.lo, normal_a.hi, dark_a.lo, dark_a.hi, dark_t_lo, dark_t_hi,
                 normal_d.lo, normal_d.hi, blown_d.lo, blown_d.hi);
  g_assert_cmpint(blown.truth, >=, 100);
  g_assert_cmpint(dark.truth, >=, 100);
  assert_scores("all tones", &blown, &dark, 0.95);
}

/* A clean treatment (no planted fault, a natural hairline at a natural height): nothing flagged;
 * its density and dot size measured. */
static void
test_clean(void)
{
  const int monks[] = {3, 5};
  for (gsize m = 0; m < G_N_ELEMENTS(monks); m++) {
    SmpFaultsSpec spec;
    spec_without_faults(&spec, 7 + (guint32)m, monks[m]);
    SmpCorrection *c = analyse(&spec, NULL, NULL);
    g_assert_cmpuint(c->faults, ==, 0);
    g_assert_cmpint(c->n_blown + c->n_dark + c->n_blue + c->n_excess + c->n_low, ==, 0);
    g_assert_cmpfloat(c->helmet_cm2, ==, 0.0);
    g_assert_true(c->hairline_found);
    g_assert_cmpfloat(fabs(c->density - spec.density), <, 0.15 * spec.density);
    g_assert_cmpfloat(fabs(c->dot_mm - spec.dot_mm), <, 0.05);
    smp_correction_free(c);
  }
}

/* The faults of whole regions: a blue cast over everything, one patch far too dense. */
static void
test_blue_and_dense(void)
{
  for (guint32 seed = 1; seed <= 2; seed++) {
    SmpFaultsSpec spec;
    spec_without_faults(&spec, seed + 100, 3 + 2 * (int)seed);
    spec.dense_patch = TRUE;
    SmpFaultsPhoto *photo;
    SmpCorrection *c = analyse(&spec, &photo, NULL);
    g_assert_false(c->faults & SMP_FAULT_BLUE);
    const double side = SMP_CORRECTION_REGION_MM * c->px_per_mm;
    int dense_in = 0, dense_hit = 0, clear = 0, clear_hit = 0;
    for (int ry = 0; ry < c->regions_y; ry++)
      for (int rx = 0; rx < c->regions_x; rx++) {
        const SmpCorrectionRegion *reg = &c->regions[ry * c->regions_x + rx];
        gsize in = 0, all = 0;
        for (int y = (int)(ry * side); y < MIN((int)((ry + 1) * side), photo->height); y++)
          for (int x = (int)(rx * side); x < MIN((int)((rx + 1) * side), photo->width); x++) {
            in += photo->dense[(gsize)y * photo->width + x];
            all++;
          }
        gboolean flagged = (reg->faults & SMP_FAULT_DENSE) != 0;
        if (in >= 0.8 * all)
          dense_in++, dense_hit += flagged;
        else if (in == 0)
          clear++, clear_hit += flagged;
      }
    g_test_message("dense patch: %d of %d regions inside it flagged, %d of %d outside; %d excess",
                   dense_hit, dense_in, clear_hit, clear, c->n_excess);
    g_assert_cmpint(dense_in, >, 0);
    g_assert_cmpint(dense_hit, ==, dense_in);
    g_assert_cmpint(clear_hit, ==, 0);
    g_assert_cmpint(c->n_excess, >, 0);
    smp_correction_free(c);
    smp_faults_free(photo);

    spec.dense_patch = FALSE;
    spec.too_blue = TRUE;
    c = analyse(&spec, NULL, NULL);
    int treated = 0, blue = 0;
    for (int r = 0; r < c->regions_x * c->regions_y; r++)
      if (c->regions[r].n_dots >= 12) {
        treated++;
        blue += (c->regions[r].faults & SMP_FAULT_BLUE) != 0;
      }
    g_test_message("blue cast: %d of %d treated regions flagged, %d dots", blue, treated,
                   c->n_blue);
    g_assert_cmpint(blue, >=, 0.9 * treated);
    smp_correction_free(c);
  }
}

/* Hairlines: a natural one passes, a straight one is too straight, one 55 mm above the glabella
 * too low (its lowest dots marked for removal), none found when the dots fill the picture. */
static void
test_hairline(void)
{
  for (guint32 seed = 1; seed <= 3; seed++) {
    SmpFaultsSpec spec;
    spec_without_faults(&spec, seed + 200, 2 + 2 * (int)seed);
    SmpCorrection *c = analyse(&spec, NULL, NULL);
    g_assert_true(c->hairline_found);
    g_assert_false(c->faults & (SMP_FAULT_HAIRLINE_STRAIGHT | SMP_FAULT_HAIRLINE_LOW));
    /* the lowest dots lie up to the depth of the thinning zone (5 mm) above the line */
    g_assert_cmpfloat(fabs(c->hairline_height_mm - spec.hairline_height_mm), <, 5.0);
    smp_correction_free(c);

    spec.hairline = SMP_FAULTS_HAIRLINE_STRAIGHT;
    spec.hairline_height_mm = 55.0;
    c = analyse(&spec, NULL, NULL);
    g_assert_true(c->hairline_found);
    g_assert_true(c->faults & SMP_FAULT_HAIRLINE_STRAIGHT);
    g_assert_true(c->faults & SMP_FAULT_HAIRLINE_LOW);
    g_assert_cmpfloat(fabs(c->hairline_height_mm - 55.0), <, 3.0);
    /* everything below 70 mm: the band from 55 to 70 mm above the glabella, 15 mm deep */
    g_assert_cmpint(c->n_low, >, 0.1 * c->n_dots);
    smp_correction_free(c);

    spec.hairline = SMP_FAULTS_HAIRLINE_NONE;
    c = analyse(&spec, NULL, NULL);
    g_assert_false(c->hairline_found);
    g_assert_false(c->faults & (SMP_FAULT_HAIRLINE_STRAIGHT | SMP_FAULT_HAIRLINE_LOW));
    smp_correction_free(c);
  }
}

/* Bare skin without SMP: no dots, no treated area, no faults. */
static void
test_no_smp(void)
{
  SmpFaultsSpec spec;
  smp_faults_spec_init(&spec);
  spec.density = 0.0;
  spec.n_helmets = 0;
  SmpCorrection *c = analyse(&spec, NULL, NULL);
  g_assert_cmpint(c->n_dots, <, 5);
  g_assert_cmpfloat(c->treated_cm2, <, 0.5);
  g_assert_cmpuint(c->faults, ==, 0);
  smp_correction_free(c);

  SmpCorrectionParams params = {0};
  guint8 px[4] = {200, 180, 160, 255};
  g_assert_null(smp_correction_analyse(px, NULL, 1, 1, &params)); /* no scale */
  params.px_per_mm = 10.0;
  g_assert_null(smp_correction_analyse(px, NULL, 0, 1, &params));
}

/* The pictures: the laser map over the blown-out dots and the solid shade, the lighten map over
 * the too-dark dots, new dots in the shade; the preview lighter where pigment goes, and the photo
 * itself outside a selection. */
static void
test_pictures(void)
{
  SmpFaultsSpec spec;
  smp_faults_spec_init(&spec);
  spec.seed = 300;
  SmpFaultsPhoto *photo;
  guint8 *px;
  SmpCorrection *c = analyse(&spec, &photo, &px);
  const int w = photo->width, h = photo->height;
  const gsize n = (gsize)w * h;
  guint8 *laser = g_new(guint8, 4 * n), *lighten = g_new(guint8, 4 * n),
         *add = g_new(guint8, 4 * n), *preview = g_new(guint8, 4 * n);
  int added = -1;
  smp_correction_render(c, px, laser, lighten, add, preview, &added);
  int blown = 0, blown_lasered = 0, dark = 0, dark_lightened = 0;
  for (int k = 0; k < c->n_dots; k++) {
    const SmpCorrectionDot *d = &c->dots[k];
    gsize i = (gsize)(int)d->y * w + (int)d->x;
    if (d->kind == SMP_CORRECTION_DOT_BLOWN)
      blown++, blown_lasered += laser[4 * i + 3] == 255;
    if (d->kind == SMP_CORRECTION_DOT_DARK)
      dark++, dark_lightened += lighten[4 * i + 3] == 255 && laser[4 * i + 3] == 0;
  }
  g_assert_cmpint(blown, >, 0);
  g_assert_cmpint(blown_lasered, ==, blown);
  g_assert_cmpint(dark, >, 0);
  g_assert_cmpint(dark_lightened, ==, dark);
  /* the solid shade is lasered, and new dots go into it at the hair type's density */
  gsize helmet = 0, helmet_lasered = 0, added_px = 0;
  double before = 0.0, after = 0.0;
  for (gsize i = 0; i < n; i++) {
    if (c->helmet[i]) {
      helmet++;
      helmet_lasered += laser[4 * i + 3] == 255;
      before += smp_color_linear_from_srgb(px[4 * i + 1] / 255.0);
      after += smp_color_linear_from_srgb(preview[4 * i + 1] / 255.0);
    }
    added_px += add[4 * i + 3] > 0;
  }
  g_assert_cmpuint(helmet_lasered, ==, helmet);
  g_assert_cmpfloat(after, >, 1.1 * before);
  g_assert_cmpfloat(added, >=, blown + 0.5 * c->helmet_cm2 * c->params.density);
  g_assert_cmpuint(added_px, >, 0);
  g_free(preview);

  /* a selection: nothing outside it, the preview is the photo there */
  guint8 *sel = g_new0(guint8, n);
  for (int y = h / 4; y < h / 2; y++)
    memset(sel + (gsize)y * w + w / 4, 255, w / 2);
  SmpCorrection *part = smp_correction_analyse(px, sel, w, h, &c->params);
  preview = g_new(guint8, 4 * n);
  smp_correction_render(part, px, laser, lighten, add, preview, &added);
  for (int k = 0; k < part->n_dots; k++)
    g_assert_true(sel[(gsize)(int)part->dots[k].y * w + (int)part->dots[k].x]);
  for (gsize i = 0; i < n; i++)
    if (!sel[i]) {
      g_assert_cmpint(laser[4 * i + 3] | lighten[4 * i + 3] | add[4 * i + 3], ==, 0);
      g_assert_cmpmem(preview + 4 * i, 4, px + 4 * i, 4);
    }
  char *report = smp_correction_report(c, added);
  g_test_message("%s", report);
  g_assert_nonnull(strstr(report, "Per region of 5 mm"));
  g_assert_nonnull(strstr(report, "Helmet look"));
  g_assert_nonnull(strstr(report, "Blown-out dots"));
  g_assert_nonnull(strstr(report, "Too dark"));
  g_free(report);
  smp_correction_free(part);
  g_free(sel);
  g_free(laser);
  g_free(lighten);
  g_free(add);
  g_free(preview);
  g_free(px);
  smp_correction_free(c);
  smp_faults_free(photo);
}

/* The coarsest scale the plug-in takes, 400 ppi (a 0.25 mm dot spans 4 px): the faults are still
 * found, a little less surely. */
static void
test_coarse(void)
{
  Score blown = {0}, dark = {0};
  for (guint32 seed = 1; seed <= 3; seed++) {
    SmpFaultsSpec spec;
    smp_faults_spec_init(&spec);
    spec.ppi = 400.0;
    spec.width = (int)lround(50.0 * spec.ppi / 25.4);
    spec.height = (int)lround(40.0 * spec.ppi / 25.4);
    spec.monk = 2 * (int)seed;
    spec.seed = seed + 400;
    SmpFaultsPhoto *photo;
    SmpCorrection *c = analyse(&spec, &photo, NULL);
    score_faults(photo, c, &blown, &dark);
    g_assert_cmpfloat(
        smp_photo_iou(c->helmet, photo->helmet, NULL, (gsize)photo->width * photo->height), >=,
        0.8);
    smp_correction_free(c);
    smp_faults_free(photo);
  }
  assert_scores("400 ppi", &blown, &dark, 0.9);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/correction/faults", test_faults);
  g_test_add_func("/correction/clean", test_clean);
  g_test_add_func("/correction/coarse", test_coarse);
  g_test_add_func("/correction/blue-and-dense", test_blue_and_dense);
  g_test_add_func("/correction/hairline", test_hairline);
  g_test_add_func("/correction/no-smp", test_no_smp);
  g_test_add_func("/correction/pictures", test_pictures);
  return g_test_run();
}
