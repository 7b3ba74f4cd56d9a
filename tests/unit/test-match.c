/* Unit tests of fringe matching (smp-match.h): mean colours under masks, the dots' mean alpha, and
 * the shade solver checked on rendered dots: the solved pigment and dilution, drawn by the dots
 * core over a patch of another part of the pattern, average to the target within ΔE00 1. */
#include "smp-analyse-colour.h"
#include "smp-color.h"
#include "smp-match.h"

#include <math.h>

static double
encoded(double v)
{
  v = CLAMP(v, 0.0, 1.0);
  return v <= 0.0031308 ? 12.92 * v : 1.055 * pow(v, 1.0 / 2.4) - 0.055;
}

static double
linear(double e)
{
  return e <= 0.04045 ? e / 12.92 : pow((e + 0.055) / 1.055, 2.4);
}

static double
delta_e(const double a[3], const double b[3])
{
  double sa[3], sb[3];
  for (int c = 0; c < 3; c++)
    sa[c] = encoded(a[c]), sb[c] = encoded(b[c]);
  return smp_analyse_delta_e_srgb(sa, sb);
}

static void
params_for(SmpDotsParams *p, double density, double dot_mm, gboolean healed, double years)
{
  smp_dots_params_init(p);
  p->ppi = 300.0;
  p->density = density;
  p->dot_size = dot_mm;
  p->healed = healed;
  p->years = years;
  p->seed = 7;
}

static void
test_mean_colour(void)
{
  /* 4 x 2 pixels: two of them masked in, one of those transparent */
  const guint8 rgba[8 * 4] = {255, 255, 255, 255, 0,   0,   0,  255, 128, 128, 128,
                              255, 10,  20,  30,  0,   255, 0,  0,   255, 0,   255,
                              0,   255, 0,   0,   255, 255, 50, 50,  50,  255};
  const guint8 a[8] = {255, 255, 0, 255, 255, 0, 0, 0};
  const guint8 b[8] = {255, 0, 255, 255, 255, 255, 255, 255};
  double lin[3];
  g_assert_cmpuint(smp_match_mean_colour(rgba, a, b, 4, 2, lin), ==, 2);
  g_assert_cmpfloat_with_epsilon(lin[0], 1.0, 1e-9);
  g_assert_cmpfloat_with_epsilon(lin[1], 0.5, 1e-9);
  g_assert_cmpfloat_with_epsilon(lin[2], 0.5, 1e-9);
  g_assert_cmpuint(smp_match_mean_colour(rgba, NULL, NULL, 4, 2, lin), ==, 7);
  const guint8 none[8] = {0};
  g_assert_cmpuint(smp_match_mean_colour(rgba, none, NULL, 4, 2, lin), ==, 0);
  g_assert_cmpfloat(lin[0], ==, 0.0);
}

static void
test_dots_alpha(void)
{
  SmpDotsParams p;
  params_for(&p, 120.0, 0.25, FALSE, 0.0);
  double fresh = smp_match_dots_alpha(&p);
  g_assert_cmpfloat(fresh, ==, smp_match_dots_alpha(&p));
  /* fresh discs of 0.25 mm at 1.2 per mm²: about 6 % of the skin, as the core's estimate says */
  SmpDotsLayout layout;
  g_assert_true(smp_dots_layout_init(&layout, &p, 0, NULL));
  double estimate = smp_dots_mean_alpha(&layout);
  g_assert_cmpfloat(fabs(fresh - estimate), <, 0.15 * estimate);
  g_assert_cmpfloat(fresh, >, 0.03);
  g_assert_cmpfloat(fresh, <, 0.09);
  /* more impressions, more alpha; none, none */
  p.density = 180.0;
  g_assert_cmpfloat(smp_match_dots_alpha(&p), >, 1.3 * fresh);
  p.density = 0.0;
  g_assert_cmpfloat(smp_match_dots_alpha(&p), ==, 0.0);
}

/* The mean colour of `skin` under the dots of `p` in colour `dot`, rendered over a patch of the
 * pattern other than the solver's (another seed, another place). */
static void
rendered_mean(const SmpDotsParams *params, const double skin[3], const double dot[3],
              double mean[3])
{
  SmpDotsParams p = *params;
  p.seed += 1000;
  p.skin_reflectance = 0.2126 * skin[0] + 0.7152 * skin[1] + 0.0722 * skin[2];
  SmpDotsLayout layout;
  g_assert_true(smp_dots_layout_init(&layout, &p, 0, NULL));
  const int side = 300, x0 = 777, y0 = 1234;
  const double reach = ceil(smp_dots_reach(&layout));
  GArray *dots = g_array_new(FALSE, FALSE, sizeof(SmpDot));
  smp_dots_gather(&layout, x0 - reach, y0 - reach, x0 + side + reach, y0 + side + reach, NULL, NULL,
                  dots);
  float *alpha = g_new0(float, side *side);
  for (guint k = 0; k < dots->len; k++)
    smp_dot_splat(&g_array_index(dots, SmpDot, k), alpha, side, x0, y0, side, side);
  double a = 0.0;
  for (int i = 0; i < side * side; i++)
    a += MIN(alpha[i], 1.0f);
  a /= side * side;
  for (int c = 0; c < 3; c++)
    mean[c] = skin[c] + (dot[c] - skin[c]) * a;
  g_free(alpha);
  g_array_unref(dots);
}

static void
check_solution(const SmpDotsParams *p, const double skin[3], const double target[3],
               double preferred)
{
  SmpMatchShade shade;
  GError *error = NULL;
  g_assert_true(smp_match_solve_shade(p, skin, target, preferred, &shade, &error));
  g_assert_no_error(error);
  g_assert_true(shade.reached);
  g_assert_cmpfloat(shade.delta_e, <, 0.1);
  for (int c = 0; c < 3; c++) {
    g_assert_cmpfloat(shade.pigment[c], >=, 0.0);
    g_assert_cmpfloat(shade.pigment[c], <=, 1.0);
  }
  g_assert_cmpfloat(shade.dilution, <=, preferred + 1e-9);
  /* independently: the model forwards, the dots rendered elsewhere in the pattern */
  double diluted[3], dot[3], mean[3];
  smp_color_diluted(shade.pigment, skin, shade.dilution, diluted);
  if (p->healed)
    smp_color_healed(diluted, skin, p->years, dot);
  else
    for (int c = 0; c < 3; c++)
      dot[c] = diluted[c];
  rendered_mean(p, skin, dot, mean);
  double de = delta_e(mean, target);
  g_test_message("density %.0f, dot %.2f mm, %s: dilution %.1f, alpha %.3f, rendered ΔE00 %.2f",
                 p->density, p->dot_size, p->healed ? "healed" : "fresh", shade.dilution,
                 shade.alpha, de);
  g_assert_cmpfloat(de, <, 1.0);
}

static void
test_solve_reaches_targets(void)
{
  /* skins from fair to deep (sRGB); fringes of dark-brown stubble as dense as the new dots, or
   * as if a half or a fifth fewer of them showed */
  const double skins[][3] = {{0.96, 0.87, 0.80}, {0.80, 0.64, 0.52}, {0.55, 0.38, 0.27}};
  const double shares[] = {0.5, 0.8, 1.0};
  const double hair[3] = {0.23, 0.17, 0.13};
  for (gsize s = 0; s < G_N_ELEMENTS(skins); s++)
    for (gsize k = 0; k < G_N_ELEMENTS(shares); k++)
      for (int healed = 0; healed < 2; healed++) {
        SmpDotsParams p, fringe;
        params_for(&p, 100.0 + 30.0 * k, 0.22 + 0.03 * s, healed, healed ? 1.0 : 0.0);
        params_for(&fringe, p.density, p.dot_size, FALSE, 0.0);
        double cover = shares[k] * smp_match_dots_alpha(&fringe), skin[3], target[3];
        for (int c = 0; c < 3; c++) {
          skin[c] = linear(skins[s][c]);
          target[c] = skin[c] + (linear(hair[c]) - skin[c]) * cover;
        }
        check_solution(&p, skin, target, 12.0);
      }
}

static void
test_solve_keeps_preferred_dilution(void)
{
  /* a faint fringe: the presets' dilution already reaches it, so it is kept */
  double skin[3] = {linear(0.8), linear(0.64), linear(0.52)}, target[3];
  for (int c = 0; c < 3; c++)
    target[c] = 0.97 * skin[c];
  SmpDotsParams p;
  params_for(&p, 150.0, 0.25, TRUE, 0.0);
  SmpMatchShade shade;
  g_assert_true(smp_match_solve_shade(&p, skin, target, 10.0, &shade, NULL));
  g_assert_true(shade.reached);
  g_assert_cmpfloat_with_epsilon(shade.dilution, 10.0, 1e-6);
  /* a fringe as dark as black hair at 30 % of the skin: no water at all */
  for (int c = 0; c < 3; c++)
    target[c] = 0.65 * skin[c];
  g_assert_true(smp_match_solve_shade(&p, skin, target, 10.0, &shade, NULL));
  g_assert_cmpfloat(shade.dilution, <, 10.0);
}

static void
test_solve_unreachable(void)
{
  /* sparse small dots cannot make the skin near-black: the nearest shade, flagged */
  double skin[3] = {linear(0.8), linear(0.64), linear(0.52)}, target[3] = {0.01, 0.01, 0.01};
  SmpDotsParams p;
  params_for(&p, 20.0, 0.1, FALSE, 0.0);
  SmpMatchShade shade;
  g_assert_true(smp_match_solve_shade(&p, skin, target, 8.0, &shade, NULL));
  g_assert_false(shade.reached);
  g_assert_cmpfloat(shade.dilution, ==, 0.0);
  g_assert_cmpfloat(shade.delta_e, >, 10.0);
  for (int c = 0; c < 3; c++)
    g_assert_cmpfloat(shade.pigment[c], <, 0.01);
}

static void
test_healed_size_ratio(void)
{
  /* the healed core is about half the fresh impression (docs/dots-and-density.md: 250 µm heal to
   * 100-150 µm), and widens over the years */
  SmpDotsParams p;
  params_for(&p, 140.0, 0.25, TRUE, 0.0);
  double ratio = smp_match_healed_size_ratio(&p);
  g_test_message("healed core / fresh impression: %.3f", ratio);
  g_assert_cmpfloat(ratio, >, 0.4);
  g_assert_cmpfloat(ratio, <, 0.6);
  p.years = 5.0;
  g_assert_cmpfloat(smp_match_healed_size_ratio(&p), >, ratio * 1.1);
  /* it is a ratio: the same for other sizes and densities */
  params_for(&p, 90.0, 0.4, TRUE, 0.0);
  g_assert_cmpfloat_with_epsilon(smp_match_healed_size_ratio(&p), ratio, 1e-3);
}

static void
test_solve_bad_input(void)
{
  double skin[3] = {0.5, 0.4, 0.3}, target[3] = {0.4, 0.3, 0.2};
  SmpDotsParams p;
  SmpMatchShade shade;
  GError *error = NULL;
  params_for(&p, 0.0, 0.25, TRUE, 0.0);
  g_assert_false(smp_match_solve_shade(&p, skin, target, 8.0, &shade, &error));
  g_assert_error(error, SMP_ERROR, SMP_ERROR_BAD_VALUE);
  g_assert_nonnull(strstr(error->message, "density"));
  g_clear_error(&error);
  params_for(&p, 100.0, 0.25, TRUE, 0.0);
  target[1] = NAN;
  g_assert_false(smp_match_solve_shade(&p, skin, target, 8.0, &shade, &error));
  g_assert_error(error, SMP_ERROR, SMP_ERROR_BAD_VALUE);
  g_clear_error(&error);
  target[1] = 0.3;
  g_assert_false(smp_match_solve_shade(&p, skin, target, -1.0, &shade, &error));
  g_assert_nonnull(strstr(error->message, "dilution"));
  g_clear_error(&error);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/match/mean-colour", test_mean_colour);
  g_test_add_func("/match/dots-alpha", test_dots_alpha);
  g_test_add_func("/match/solve-reaches-targets", test_solve_reaches_targets);
  g_test_add_func("/match/solve-keeps-preferred-dilution", test_solve_keeps_preferred_dilution);
  g_test_add_func("/match/solve-unreachable", test_solve_unreachable);
  g_test_add_func("/match/healed-size-ratio", test_healed_size_ratio);
  g_test_add_func("/match/solve-bad-input", test_solve_bad_input);
  return g_test_run();
}
