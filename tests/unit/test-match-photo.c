/* The fringe sample measure (smp_analyse_fringe_sample) on synthetic head photos with ground truth:
 * a sample marked over the fringe beside the bald scalp is measured as a fringe even where the
 * classes read its deep shaved shadow as long hair, at the truth's density (±10 %) and dot size
 * (±15 %). And the light (smp-light.h) the match takes the fringe's colour through, under lamps
 * and an even light. */
#include "smp-analyse-colour.h"
#include "smp-analyse.h"
#include "smp-color.h"
#include "smp-light.h"
#include "smp-photo.h"

#include <math.h>

typedef struct {
  int monk;
  const char *hair;
  double density;
  guint32 seed;
} Case;

static void
test_fringe_sample(gconstpointer data)
{
  const Case *c = data;
  SmpPhotoSpec spec;
  smp_photo_spec_init(&spec, 900, 640);
  spec.style = SMP_PHOTO_SHAVED;
  spec.bald_deg = 30.0;
  spec.centre_x_mm = 55.0;
  spec.centre_y_mm = -25.0;
  spec.monk = c->monk;
  g_assert_true(smp_photo_hair_srgb(c->hair, spec.hair_srgb));
  spec.stubble_density = c->density;
  spec.light_elevation_deg = 90.0;
  spec.seed = c->seed;
  SmpPhoto *p = smp_photo_render(&spec);
  const gsize n = (gsize)p->width * p->height;
  guint8 *rgba = g_new(guint8, 4 * n), *sample = g_new(guint8, n);
  for (gsize i = 0; i < 4 * n; i++)
    rgba[i] = (guint8)lroundf(p->rgba[i] * 255.0f);
  /* the fringe's part beside the bald scalp, where a designer marks it (further out the head
   * turns away from the light, and light dots there lose their contrast) */
  for (gsize i = 0; i < n; i++)
    sample[i] = p->stubble[i] && (int)(i % (gsize)p->width) < p->width / 2 ? 255 : 0;

  SmpAnalysis *a = smp_analyse_fringe_sample(rgba, sample, p->width, p->height, spec.ppi / 25.4);
  g_assert_true(a->fringe_found);
  g_test_message("Monk %d %s: density %.1f (truth %.1f), dot %.3f mm (truth %.3f)", c->monk,
                 c->hair, a->fringe_density, p->fringe_density, a->fringe_dot_mm, p->fringe_dot_mm);
  g_assert_cmpfloat(fabs(a->fringe_density / p->fringe_density - 1.0), <=, 0.10);
  g_assert_cmpfloat(fabs(a->fringe_dot_mm / p->fringe_dot_mm - 1.0), <=, 0.15);
  /* the masks: stubble over the sample, nothing outside it */
  for (gsize i = 0; i < n; i++)
    if (!sample[i])
      g_assert_cmpuint(a->stubble[i] | a->hair[i] | a->scalp[i], ==, 0);
  smp_analysis_free(a);

  /* outside the fringe (bald scalp only): no fringe */
  for (gsize i = 0; i < n; i++)
    sample[i] = p->scalp[i] ? 255 : 0;
  a = smp_analyse_fringe_sample(rgba, sample, p->width, p->height, spec.ppi / 25.4);
  g_assert_false(a->fringe_found);
  smp_analysis_free(a);
  g_free(rgba);
  g_free(sample);
  smp_photo_free(p);
}

/* The light (smp-light.h): a fringe photographed under a lamp, its colour taken to the bald patch
 * beside it with the shading ratio, against the fringe's colour there as the photo's light would
 * show it: the sample's colour times the bare skin's ratio, patch over sample, on the same photo
 * rendered without stubble (docs/fringe-matching.md, Light). Even light: the colour must stay. */
typedef struct {
  int monk;
  const char *hair;
  double azimuth, elevation; /* elevation 0: even light */
  guint32 seed;
} LightCase;

#define LIGHT_TOP 120
#define LIGHT_ROWS 6
#define LIGHT_WINDOW 59 /* 5 mm at 300 ppi */

static SmpPhoto *
light_photo(const LightCase *c, double density)
{
  SmpPhotoSpec spec;
  smp_photo_spec_init(&spec, 900, 640);
  spec.style = SMP_PHOTO_SHAVED;
  spec.bald_deg = 30.0;
  spec.centre_x_mm = 55.0;
  spec.centre_y_mm = -25.0;
  spec.monk = c->monk;
  g_assert_true(smp_photo_hair_srgb(c->hair, spec.hair_srgb));
  spec.stubble_density = density;
  spec.even_light = c->elevation <= 0.0;
  spec.light_azimuth_deg = c->azimuth;
  spec.light_elevation_deg = MAX(c->elevation, 1.0);
  spec.seed = c->seed;
  return smp_photo_render(&spec);
}

/* Mean linear colour of the photo where `mask` is set. */
static void
light_mean(const SmpPhoto *p, const guint8 *mask, double mean[3])
{
  double sum[3] = {0};
  gsize count = 0;
  for (gsize i = 0; i < (gsize)p->width * p->height; i++)
    if (mask[i]) {
      for (int c = 0; c < 3; c++)
        sum[c] += smp_color_linear_from_srgb(p->rgba[4 * i + c]);
      count++;
    }
  g_assert_cmpuint(count, >, 0);
  for (int c = 0; c < 3; c++)
    mean[c] = sum[c] / count;
}

static double
light_delta_e(const double a[3], const double b[3])
{
  double sa[3], sb[3];
  for (int c = 0; c < 3; c++) {
    sa[c] = CLAMP(a[c], 0.0, 1.0) <= 0.0031308
                ? 12.92 * a[c]
                : 1.055 * pow(CLAMP(a[c], 0.0, 1.0), 1 / 2.4) - 0.055;
    sb[c] = CLAMP(b[c], 0.0, 1.0) <= 0.0031308
                ? 12.92 * b[c]
                : 1.055 * pow(CLAMP(b[c], 0.0, 1.0), 1 / 2.4) - 0.055;
  }
  return smp_analyse_delta_e_srgb(sa, sb);
}

/* The fringe's colour where the dots go, as truth: the sample's times the bare skin's ratio,
 * treated over sampled, per channel, on the photo rendered without stubble. `before`: the sample's
 * colour as photographed against it; `after`: the sample's times the fitted ratio against it. */
static void
light_scores(const SmpPhoto *p, const SmpPhoto *bare, const guint8 *sample, const guint8 *treat,
             double ratio, double skin_t[3], double skin_s[3], double *before, double *after)
{
  double fringe[3], truth[3], matched[3];
  light_mean(p, sample, fringe);
  light_mean(bare, treat, skin_t);
  light_mean(bare, sample, skin_s);
  for (int k = 0; k < 3; k++) {
    truth[k] = fringe[k] * skin_t[k] / skin_s[k];
    matched[k] = fringe[k] * ratio;
  }
  *before = light_delta_e(fringe, truth);
  *after = light_delta_e(matched, truth);
}

static void
test_light(gconstpointer data)
{
  const LightCase *c = data;
  SmpPhoto *p = light_photo(c, 165.0), *bare = light_photo(c, 0.0);
  const int w = p->width, h = p->height;
  const gsize n = (gsize)w * h;
  /* the patch ends 1 mm short of the fringe, the band starts 3 mm beyond it (as test-match.py) */
  int lo = w, hi = 0;
  for (int y = LIGHT_TOP; y < LIGHT_TOP + LIGHT_ROWS * LIGHT_WINDOW; y++) {
    int x = 0;
    while (x < w && p->scalp[(gsize)y * w + x])
      x++;
    lo = MIN(lo, x), hi = MAX(hi, x);
  }
  const int px_mm = 12, px0 = lo - px_mm - 2 * LIGHT_WINDOW, bx0 = hi + 3 * px_mm;
  g_assert_cmpint(px0, >=, 20);
  guint8 *rgba = g_new(guint8, 4 * n), *patch = g_new0(guint8, n), *band = g_new0(guint8, n),
         *treat = g_new0(guint8, n);
  for (gsize i = 0; i < 4 * n; i++)
    rgba[i] = (guint8)lroundf(p->rgba[i] * 255.0f);
  for (int y = LIGHT_TOP; y < LIGHT_TOP + LIGHT_ROWS * LIGHT_WINDOW; y++) {
    for (int x = px0; x < px0 + 2 * LIGHT_WINDOW; x++)
      patch[(gsize)y * w + x] = 255;
    for (int x = bx0; x < bx0 + 3 * LIGHT_WINDOW; x++)
      band[(gsize)y * w + x] = 255;
  }
  /* the masks the match has: the analysis's bare scalp, the sample, the scalp under the patch */
  SmpAnalysis *a = smp_analyse_photo(rgba, NULL, w, h, 300.0 / 25.4);
  guint8 *head = g_new(guint8, n);
  for (gsize i = 0; i < n; i++) {
    treat[i] = patch[i] && a->scalp[i] >= 128 ? 255 : 0;
    head[i] = a->hair[i] + a->stubble[i] + a->scalp[i] >= 128 ? 255 : 0;
  }
  SmpLight light;
  smp_light_ratio(rgba, w, h, 300.0 / 25.4, a->scalp, band, treat, head, &light);

  double skin_t[3], skin_s[3], before, after;
  light_scores(p, bare, band, patch, light.ratio, skin_t, skin_s, &before, &after);
  double bare_ratio = (0.2126 * skin_t[0] + 0.7152 * skin_t[1] + 0.0722 * skin_t[2]) /
                      (0.2126 * skin_s[0] + 0.7152 * skin_s[1] + 0.0722 * skin_s[2]);
  g_test_message("Monk %d %s light %.0f/%.0f: %s%s, ratio %.3f (bare skin %.3f, se %.3f), "
                 "fitted %.3f, skin alone %.3f, cells %d skin %d fringe, rms %.3f, gap %.1f mm; "
                 "dE00 %.2f -> %.2f",
                 c->monk, c->hair, c->azimuth, c->elevation,
                 light.ok ? "fitted" : "refused: ", light.ok ? "" : light.why, light.ratio,
                 bare_ratio, light.ratio_se, light.fitted, exp(light.skin_log_ratio),
                 light.skin_cells, light.fringe_cells, light.rms, light.gap_mm, before, after);
  /* never further from the fringe than the colour as photographed; a fitted light brings it within
   * ΔE00 2 (the match's 2.5 less the solver's and the rendering's share) or at least halves the
   * gap (where the analysis's bare scalp runs on into the fringe); an even light leaves it */
  g_assert_cmpfloat(after, <=, before + 1e-9);
  if (light.ok && light.ratio != 1.0)
    g_assert_cmpfloat(after, <=, MAX(2.0, 0.5 * before));
  if (c->elevation <= 0.0)
    g_assert_cmpfloat(light.ratio, ==, 1.0);
  smp_analysis_free(a);
  g_free(rgba);
  g_free(patch);
  g_free(band);
  g_free(treat);
  g_free(head);
  smp_photo_free(p);
  smp_photo_free(bare);
}

/* The whole head from above, the analysis's stubble as the sample and its bare scalp as the area
 * to treat, as scripts/demo matches them: the ratio of the
 * light against the bare skin's, treated over sampled, on the photo rendered without stubble. */
static void
test_light_whole_head(gconstpointer data)
{
  const LightCase *c = data;
  SmpPhotoSpec spec;
  const double ppi = 300.0, px_per_mm = ppi / 25.4;
  smp_photo_spec_init(&spec, (int)lround(200.0 * px_per_mm), (int)lround(250.0 * px_per_mm));
  spec.style = SMP_PHOTO_SHAVED;
  spec.bald_deg = 45.0;
  spec.stubble_density = 165.0;
  spec.monk = c->monk;
  g_assert_true(smp_photo_hair_srgb(c->hair, spec.hair_srgb));
  spec.even_light = c->elevation <= 0.0;
  spec.light_azimuth_deg = c->azimuth;
  spec.light_elevation_deg = MAX(c->elevation, 1.0);
  spec.seed = c->seed;
  SmpPhoto *p = smp_photo_render(&spec);
  spec.stubble_density = 0.0;
  SmpPhoto *bare = smp_photo_render(&spec);
  const int w = p->width, h = p->height;
  const gsize n = (gsize)w * h;
  guint8 *rgba = g_new(guint8, 4 * n), *sample = g_new0(guint8, n), *treat = g_new0(guint8, n);
  for (gsize i = 0; i < 4 * n; i++)
    rgba[i] = (guint8)lroundf(p->rgba[i] * 255.0f);
  SmpAnalysis *a = smp_analyse_photo(rgba, NULL, w, h, px_per_mm);
  guint8 *head = g_new(guint8, n);
  for (gsize i = 0; i < n; i++) {
    sample[i] = a->stubble[i] >= 128 ? 255 : 0;
    treat[i] = a->scalp[i] >= 128 ? 255 : 0;
    head[i] = a->hair[i] + a->stubble[i] + a->scalp[i] >= 128 ? 255 : 0;
  }
  SmpLight light;
  smp_light_ratio(rgba, w, h, px_per_mm, a->scalp, sample, treat, head, &light);
  double skin_t[3], skin_s[3], before, after;
  light_scores(p, bare, sample, treat, light.ratio, skin_t, skin_s, &before, &after);
  g_test_message("whole head, Monk %d %s light %.0f/%.0f: %s%s, ratio %.3f (bare skin %.3f), "
                 "fitted %.3f, skin alone %.3f, "
                 "cells %d skin %d fringe, rms %.3f%s; dE00 %.2f -> %.2f",
                 c->monk, c->hair, c->azimuth, c->elevation,
                 light.ok ? "fitted" : "refused: ", light.ok ? "" : light.why, light.ratio,
                 skin_t[1] / skin_s[1], light.fitted, exp(light.skin_log_ratio), light.skin_cells,
                 light.fringe_cells, light.rms, light.head ? ", head model" : "", before, after);
  /* the silhouette is whole: the head model's light brings the colour within the match's reach
   * (ΔE00 2 of 2.5) or at least halves the gap; where the models do not follow a glossy dark
   * skin, the colour stays as photographed; an even light leaves it as photographed */
  g_assert_cmpfloat(after, <=, before + 1e-9);
  if (c->elevation <= 0.0)
    g_assert_cmpfloat(light.ratio, ==, 1.0);
  else if (light.head)
    g_assert_cmpfloat(after, <=, MAX(2.0, 0.5 * before));
  smp_analysis_free(a);
  g_free(rgba);
  g_free(sample);
  g_free(treat);
  g_free(head);
  smp_photo_free(p);
  smp_photo_free(bare);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  static const LightCase light_cases[] = {
      {5, "dark-brown", 135.0, 50.0, 1},
      {3, "black", 45.0, 50.0, 2},
      {7, "black", 135.0, 30.0, 3},
      {2, "blond", 270.0, 50.0, 4},
      {9, "black", 45.0, 30.0, 5},
      {4, "brown", 0.0, 60.0, 6},
      {6, "grey", 180.0, 40.0, 7},
      {5, "dark-brown", 0.0, 0.0, 1},
      {3, "dark-brown", 0.0, 0.0, 2},
      {8, "white", 0.0, 0.0, 11},
      {7, "black", 0.0, 0.0, 3},
      {2, "grey", 0.0, 0.0, 10},
      {4, "brown", 0.0, 0.0, 4},
      {6, "brown", 0.0, 0.0, 9},
      {9, "black", 0.0, 0.0, 5},
      {2, "blond", 0.0, 0.0, 6},
      {1, "dark-brown", 135.0, 50.0, 8},
      {8, "black", 90.0, 45.0, 9},
      {4, "auburn", 225.0, 50.0, 12},
      {3, "grey", 315.0, 40.0, 13},
      /* lamps drawn at random: tone, hair, azimuth and elevation */
      {10, "brown", 225.0, 30.0, 100},
      {8, "white", 135.0, 30.0, 101},
      {3, "black", 225.0, 75.0, 102},
      {4, "auburn", 45.0, 45.0, 103},
      {1, "grey", 135.0, 75.0, 104},
      {5, "dark-brown", 270.0, 45.0, 105},
      {2, "dark-brown", 315.0, 45.0, 106},
      {3, "black", 0.0, 45.0, 107},
      {4, "dark-brown", 90.0, 60.0, 108},
      {6, "dark-brown", 135.0, 45.0, 109},
      {4, "auburn", 180.0, 30.0, 110},
      {6, "auburn", 90.0, 45.0, 111},
      {5, "black", 225.0, 60.0, 112},
      {10, "blond", 0.0, 60.0, 113},
      {2, "brown", 225.0, 60.0, 114},
      {8, "grey", 225.0, 45.0, 115},
      {8, "auburn", 90.0, 30.0, 116},
      {5, "black", 225.0, 75.0, 117},
      {1, "blond", 270.0, 60.0, 118},
      {7, "blond", 0.0, 75.0, 119},
      {1, "grey", 90.0, 45.0, 120},
      {2, "white", 135.0, 75.0, 121},
      {6, "blond", 225.0, 60.0, 122},
      {8, "black", 225.0, 60.0, 123},
  };
  for (gsize k = 0; k < G_N_ELEMENTS(light_cases); k++) {
    gchar *path = g_strdup_printf("/match/light/monk-%d-%s-%.0f-%.0f-%u", light_cases[k].monk,
                                  light_cases[k].hair, light_cases[k].azimuth,
                                  light_cases[k].elevation, light_cases[k].seed);
    g_test_add_data_func(path, &light_cases[k], test_light);
    g_free(path);
  }
  static const LightCase heads[] = {
      {5, "dark-brown", 135.0, 50.0, 7}, /* scripts/demo's client */
      {3, "black", 45.0, 40.0, 2},       {2, "blond", 90.0, 50.0, 31},
      {9, "black", 135.0, 50.0, 34},     {8, "black", 270.0, 60.0, 3},
      {5, "dark-brown", 0.0, 0.0, 7},
  };
  for (gsize k = 0; k < G_N_ELEMENTS(heads); k++) {
    gchar *path = g_strdup_printf("/match/light/whole-head/monk-%d-%s-%.0f-%.0f", heads[k].monk,
                                  heads[k].hair, heads[k].azimuth, heads[k].elevation);
    g_test_add_data_func(path, &heads[k], test_light_whole_head);
    g_free(path);
  }
  static const Case cases[] = {
      {3, "dark-brown", 110.0, 1},
      {7, "black", 130.0, 3},
      {5, "grey", 120.0, 7},
  };
  for (gsize k = 0; k < G_N_ELEMENTS(cases); k++) {
    gchar *path = g_strdup_printf("/match/fringe-sample/monk-%d-%s", cases[k].monk, cases[k].hair);
    g_test_add_data_func(path, &cases[k], test_fringe_sample);
    g_free(path);
  }
  return g_test_run();
}
