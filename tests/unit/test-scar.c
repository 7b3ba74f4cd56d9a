/* Unit tests of the scar-camouflage analysis on synthetic photos. */
#include "scar-photo.h"
#include "smp-scar.h"
#include "smp-stats.h"

#include <math.h>
#include <string.h>

/* Builds the photo `spec` describes (into `photo`) and analyses it as the op does: its luma, then
 * the colours of all its rows. */
static SmpScarAnalysis *
build_and_analyse(const ScarPhotoSpec *spec, SmpScarDetect detect, double feather_mm,
                  ScarPhoto **photo)
{
  ScarPhoto *p = *photo = scar_photo_build(spec);
  g_autofree float *luma = scar_photo_luma(p->rgba, p->width, p->height);
  SmpScarSettings settings = {spec->ppi / 25.4, detect, feather_mm};
  SmpScarAnalysis *a = smp_scar_analyse(luma, NULL, p->width, p->height, &settings);
  smp_scar_sample_colours(a, p->rgba, 0, p->height);
  smp_scar_finish_colours(a);
  return a;
}

/* The scar found is the one drawn: more than `least` of the drawn scar's pixels are found
 * (recall), and of the pixels found are scar (precision). */
static void
assert_overlap(const SmpScarAnalysis *a, const ScarPhoto *p, double least)
{
  gsize both = 0, truth = 0, found = 0;
  for (gsize i = 0; i < (gsize)p->width * p->height; i++) {
    truth += p->scar[i];
    found += a->scar[i];
    both += p->scar[i] && a->scar[i];
  }
  const double recall = truth ? (double)both / truth : 1.0;
  const double precision = found ? (double)both / found : 1.0;
  g_test_message("scar: recall %.3f precision %.3f", recall, precision);
  g_assert_cmpfloat(recall, >, least);
  g_assert_cmpfloat(precision, >, least);
}

typedef struct {
  double density;
  double strip_mm;
} StripCase;

static void
test_strip_detect_and_measure(gconstpointer data)
{
  const StripCase *c = data;
  ScarPhotoSpec spec =
      scar_photo_spec(708, 472, SCAR_PHOTO_STRIP, c->density); /* 60 x 40 mm at 300 ppi */
  spec.strip_mm = c->strip_mm;
  g_autoptr(ScarPhoto) p = NULL;
  g_autoptr(SmpScarAnalysis) a = build_and_analyse(&spec, SMP_SCAR_DETECT_AUTO, 4.0, &p);

  g_test_message("%.0f FU/cm², %.0f mm strip: %d dots, %d in ring, density %.1f FU/cm², dot %.3f "
                 "mm, contrast %.3f",
                 c->density, c->strip_mm, a->n_dots, a->ring_dots, a->density, a->dot_diameter_mm,
                 a->dot_contrast);
  assert_overlap(a, p, 0.97);
  g_assert_true(a->dots_found);
  g_assert_cmpfloat(fabs(a->density - c->density) / c->density, <, 0.05);
  g_assert_cmpfloat(fabs(a->dot_diameter_mm - spec.dot_mm) / spec.dot_mm, <, 0.15);
  g_assert_cmpfloat(a->dot_contrast, >, 0.3);

  /* colours: the dots' core near the pigment, the skin near the skin colour */
  g_assert_true(a->colours_found);
  for (int ch = 0; ch < 3; ch++) {
    g_assert_cmpfloat(fabsf(a->dot_rgb[ch] - p->pigment[ch]), <, 0.08f);
    g_assert_cmpfloat(fabsf(a->skin_rgb[ch] - p->skin[ch]), <, 0.03f);
  }
}

static void
test_fue_detect(void)
{
  ScarPhotoSpec spec = scar_photo_spec(708, 708, SCAR_PHOTO_FUE, 60.0);
  g_autoptr(ScarPhoto) p = NULL;
  g_autoptr(SmpScarAnalysis) a = build_and_analyse(&spec, SMP_SCAR_DETECT_AUTO, 3.0, &p);
  g_test_message("FUE: density %.1f FU/cm² (true %.0f), dot %.3f mm; %d dots found of %d drawn",
                 a->density, spec.density, a->dot_diameter_mm, a->n_dots, p->n_dots);
  assert_overlap(a, p, 0.9);
  /* dots beside a light punch scar are found like any other */
  g_assert_cmpint(abs(a->n_dots - p->n_dots), <=, p->n_dots / 100);
  g_assert_true(a->dots_found);
  g_assert_cmpfloat(fabs(a->density - spec.density) / spec.density, <, 0.07);
}

/* Dotted skin without a scar: nothing is scar. */
static void
test_no_scar(void)
{
  ScarPhotoSpec spec = scar_photo_spec(472, 472, SCAR_PHOTO_NONE, 90.0);
  g_autoptr(ScarPhoto) p = NULL;
  g_autoptr(SmpScarAnalysis) a = build_and_analyse(&spec, SMP_SCAR_DETECT_AUTO, 4.0, &p);
  g_test_message("no scar: %" G_GSIZE_FORMAT " scar pixels, %d dots drawn, %d found",
                 a->scar_pixels, p->n_dots, a->n_dots);
  g_assert_cmpuint(a->scar_pixels, ==, 0);
  g_assert_cmpint(abs(a->n_dots - p->n_dots), <=, p->n_dots / 50);
  g_assert_cmpfloat(smp_scar_feather_weight(a, 10, 10, 40), ==, 0.0);
}

/* A scar on bare skin: found, but no dots to measure. */
static void
test_no_dots(void)
{
  ScarPhotoSpec spec = scar_photo_spec(472, 472, SCAR_PHOTO_STRIP, 0.0);
  g_autoptr(ScarPhoto) p = NULL;
  g_autoptr(SmpScarAnalysis) a = build_and_analyse(&spec, SMP_SCAR_DETECT_AUTO, 4.0, &p);
  assert_overlap(a, p, 0.95);
  g_assert_false(a->dots_found);
  g_assert_cmpfloat(a->density, ==, 0.0);
  g_assert_cmpint(a->n_dots, <, 3);
}

static void
test_whole_area(void)
{
  ScarPhotoSpec spec = scar_photo_spec(472, 472, SCAR_PHOTO_NONE, 40.0);
  g_autoptr(ScarPhoto) p = NULL;
  g_autoptr(SmpScarAnalysis) a = build_and_analyse(&spec, SMP_SCAR_DETECT_WHOLE_AREA, 4.0, &p);
  g_assert_cmpuint(a->scar_pixels, ==, (gsize)p->width * p->height);
  g_assert_true(a->dots_found);
  g_assert_cmpfloat(fabs(a->density - spec.density) / spec.density, <, 0.05);
}

/* Transparent pixels are neither scar nor skin; an empty plane analyses to nothing. */
static void
test_alpha_and_empty(void)
{
  ScarPhotoSpec spec = scar_photo_spec(300, 300, SCAR_PHOTO_STRIP, 60.0);
  g_autoptr(ScarPhoto) p = scar_photo_build(&spec);
  float *luma = scar_photo_luma(p->rgba, p->width, p->height);
  float *alpha = g_new(float, p->width * p->height);
  for (int i = 0; i < p->width * p->height; i++)
    alpha[i] = (i % p->width) < p->width / 2 ? 1.0f : 0.0f;
  SmpScarSettings settings = {spec.ppi / 25.4, SMP_SCAR_DETECT_AUTO, 4.0};
  SmpScarAnalysis *a = smp_scar_analyse(luma, alpha, p->width, p->height, &settings);
  g_assert_cmpuint(a->scar_pixels, >, 0);
  for (int i = 0; i < p->width * p->height; i++)
    if (alpha[i] == 0.0f)
      g_assert_false(a->scar[i]);
  smp_scar_analysis_free(a);

  SmpScarAnalysis *empty = smp_scar_analyse(NULL, NULL, 0, 0, &settings);
  g_assert_cmpuint(empty->scar_pixels, ==, 0);
  g_assert_false(empty->dots_found);
  SmpScarCandidate c = {1, 1, 1};
  gboolean keep;
  SmpScarPlacement pl = {10, 40};
  g_assert_cmpuint(smp_scar_place(empty, &pl, &c, 1, &keep), ==, 0);
  smp_scar_analysis_free(empty);
  g_free(alpha);
  g_free(luma);
}

static void
test_feather_weight(void)
{
  ScarPhotoSpec spec = scar_photo_spec(300, 400, SCAR_PHOTO_STRIP, 60.0);
  g_autoptr(ScarPhoto) p = NULL;
  g_autoptr(SmpScarAnalysis) a = build_and_analyse(&spec, SMP_SCAR_DETECT_AUTO, 4.0, &p);
  const double band = 40.0;
  int x = 150;
  double previous = 2.0;
  gboolean seen_inside = FALSE;
  /* walking from the strip's centre outwards, the weight falls monotonically from 1 to 0 */
  int yc = 0;
  for (int y = 0; y < p->height; y++)
    if (a->scar[y * p->width + x]) {
      yc = y;
      break;
    }
  yc += 10;
  for (int y = yc; y >= 0; y--) {
    double wgt = smp_scar_feather_weight(a, x + 0.5, y + 0.5, band);
    g_assert_cmpfloat(wgt, <=, previous);
    if (a->scar[y * p->width + x]) {
      g_assert_cmpfloat(wgt, ==, 1.0);
      seen_inside = TRUE;
    }
    if (a->scar_dist[y * p->width + x] >= band)
      g_assert_cmpfloat(wgt, ==, 0.0);
    previous = wgt;
  }
  g_assert_true(seen_inside);
  g_assert_cmpfloat(previous, ==, 0.0);
}

/* Candidates of a jittered lattice at the measured density, each kept where a hashed rank is
 * below the feather weight at its centre (as the dot engine does): inside the scar the density is
 * kept, no new dot sits on an existing one, footprints stay in the band, and the result does not
 * depend on the order in which the candidates are given. */
static SmpScarCandidate *
lattice_candidates(const SmpScarAnalysis *a, double spacing, double radius, double band,
                   gsize *n_out)
{
  GArray *c = g_array_new(FALSE, FALSE, sizeof(SmpScarCandidate));
  const double row = spacing * sqrt(3.0) / 2.0;
  guint32 k = 0;
  for (int j = 0; j * row < a->height; j++)
    for (int i = 0; i * spacing < a->width; i++, k++) {
      guint32 hsh = g_int_hash(&k) * 2654435761u;
      double jx = ((hsh >> 8) & 255) / 255.0 - 0.5, jy = ((hsh >> 16) & 255) / 255.0 - 0.5;
      double rank = ((hsh >> 3) % 1000) / 1000.0;
      SmpScarCandidate cand = {i * spacing + (j & 1 ? 0.5 * spacing : 0.0) + 0.3 * spacing * jx,
                               j * row + 0.3 * spacing * jy, radius};
      if (rank < smp_scar_feather_weight(a, cand.x, cand.y, band))
        g_array_append_val(c, cand);
    }
  *n_out = c->len;
  return (SmpScarCandidate *)g_array_free(c, FALSE);
}

static void
test_place(void)
{
  ScarPhotoSpec spec = scar_photo_spec(708, 472, SCAR_PHOTO_STRIP, 60.0);
  spec.strip_mm = 6.0;
  g_autoptr(ScarPhoto) p = NULL;
  g_autoptr(SmpScarAnalysis) a = build_and_analyse(&spec, SMP_SCAR_DETECT_AUTO, 4.0, &p);
  const double ppm = spec.ppi / 25.4;
  const double spacing = 10.7 / sqrt(a->density) * ppm, radius = 0.15 * ppm, band = 4.0 * ppm;
  gsize n;
  SmpScarCandidate *c = lattice_candidates(a, spacing, radius, band, &n);
  SmpScarCandidate *shuffled = g_memdup2(c, n * sizeof *c);
  for (gsize i = n - 1; i > 0; i--) {
    gsize j = (i * 7919u) % (i + 1);
    SmpScarCandidate t = shuffled[i];
    shuffled[i] = shuffled[j];
    shuffled[j] = t;
  }
  gboolean *keep = g_new(gboolean, n), *keep2 = g_new(gboolean, n);
  SmpScarPlacement pl = {spacing, band};
  gsize kept = smp_scar_place(a, &pl, c, n, keep);
  gsize kept2 = smp_scar_place(a, &pl, shuffled, n, keep2);
  g_assert_cmpuint(kept, ==, kept2);

  gsize inside = 0, truth_px = 0;
  double checksum = 0.0, checksum2 = 0.0;
  for (gsize i = 0; i < (gsize)p->width * p->height; i++)
    truth_px += p->scar[i];
  for (gsize i = 0; i < n; i++) {
    if (keep2[i])
      checksum2 += shuffled[i].x * 3.0 + shuffled[i].y;
    if (!keep[i])
      continue;
    checksum += c[i].x * 3.0 + c[i].y;
    int ix = (int)c[i].x, iy = (int)c[i].y;
    inside += p->scar[iy * p->width + ix];
    g_assert_cmpfloat(a->scar_dist[iy * p->width + ix] + radius, <=, band);
    for (int k = 0; k < a->n_dots; k++)
      g_assert_cmpfloat(hypot(a->dots[k].x - c[i].x, a->dots[k].y - c[i].y), >=,
                        0.5 * a->dots[k].diameter + radius);
  }
  g_assert_cmpfloat(fabs(checksum - checksum2), <, 1e-6);
  double density = inside / (truth_px / (ppm * ppm) / 100.0);
  g_test_message("placed %" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT
                 " candidates; %.1f FU/cm² inside the scar (measured %.1f)",
                 kept, n, density, a->density);
  g_assert_cmpfloat(fabs(density - a->density) / a->density, <, 0.08);
  g_free(keep);
  g_free(keep2);
  g_free(c);
  g_free(shuffled);
}

/* The dot detection on its own (as photo analyses use it): every dot drawn in a scar-free photo
 * is found once, at its place, at its size. */
static void
test_dot_detect(void)
{
  ScarPhotoSpec spec = scar_photo_spec(472, 354, SCAR_PHOTO_NONE, 60.0); /* 40 x 30 mm at 300 ppi */
  g_autoptr(ScarPhoto) p = scar_photo_build(&spec);
  float *luma = scar_photo_luma(p->rgba, p->width, p->height);
  const double ppm = spec.ppi / 25.4;
  SmpDotDetection *d = smp_dot_detect(luma, NULL, p->width, p->height, ppm);
  g_assert_nonnull(d);
  float *diameters = g_new(float, MAX(d->n_dots, 1));
  for (int k = 0; k < d->n_dots; k++)
    diameters[k] = d->dots[k].diameter / (float)ppm;
  const double median_mm = smp_median(diameters, d->n_dots);
  const double spacing_mm =
      smp_found_dots_neighbour_distance(d->dots, d->n_dots, p->width, p->height, ppm) / ppm;
  g_test_message("%d dots drawn, %d found; median diameter %.3f mm (drawn %.2f), typical "
                 "spacing %.2f mm",
                 p->n_dots, d->n_dots, median_mm, spec.dot_mm, spacing_mm);
  g_assert_cmpint(ABS(d->n_dots - p->n_dots), <=, p->n_dots / 30);
  g_assert_cmpfloat(fabs(median_mm - spec.dot_mm), <, 0.25 * spec.dot_mm);
  /* 60 FU/cm² on a jittered hexagonal lattice: neighbours about 10.7 / sqrt(60) mm apart */
  g_assert_cmpfloat(fabs(spacing_mm - 10.7 / sqrt(spec.density)) / (10.7 / sqrt(spec.density)), <,
                    0.25);
  for (int k = 0; k < d->n_dots; k++)
    g_assert_true(d->dot_pixels[(gsize)d->dots[k].core_y * p->width + d->dots[k].core_x]);
  g_free(diameters);
  smp_dot_detection_free(d);
  g_assert_null(smp_dot_detect(luma, NULL, 0, 0, ppm));
  g_free(luma);
}

/* Entry points refuse what they cannot work on with a critical warning, not a crash. */
static void
test_refuse_null(void)
{
  g_test_expect_message(NULL, G_LOG_LEVEL_CRITICAL, "*settings != NULL*");
  g_assert_null(smp_scar_analyse(NULL, NULL, 0, 0, NULL));
  g_test_assert_expected_messages();
  g_test_expect_message(NULL, G_LOG_LEVEL_CRITICAL, "*luma != NULL*");
  g_assert_null(smp_dot_detect(NULL, NULL, 10, 10, 10.0));
  g_test_assert_expected_messages();
  g_test_expect_message(NULL, G_LOG_LEVEL_CRITICAL, "*a != NULL*");
  g_assert_cmpfloat(smp_scar_feather_weight(NULL, 0, 0, 1), ==, 0.0);
  g_test_assert_expected_messages();
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  static const StripCase cases[] = {{40, 6}, {40, 12}, {60, 9}, {90, 6}, {90, 12}};
  for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
    char *path =
        g_strdup_printf("/scar/strip/%.0f-fu/%.0f-mm", cases[i].density, cases[i].strip_mm);
    g_test_add_data_func(path, &cases[i], test_strip_detect_and_measure);
    g_free(path);
  }
  g_test_add_func("/scar/fue", test_fue_detect);
  g_test_add_func("/scar/no-scar", test_no_scar);
  g_test_add_func("/scar/no-dots", test_no_dots);
  g_test_add_func("/scar/whole-area", test_whole_area);
  g_test_add_func("/scar/alpha-and-empty", test_alpha_and_empty);
  g_test_add_func("/scar/feather-weight", test_feather_weight);
  g_test_add_func("/scar/place", test_place);
  g_test_add_func("/scar/dot-detect", test_dot_detect);
  g_test_add_func("/scar/refuse-null", test_refuse_null);
  return g_test_run();
}
