/* Unit tests of the scalp seen through thinning long hair (smp-thinning.h) against the ground truth
 * of synthetic photos: the visible scalp found where the strands leave it uncovered, nothing found
 * in full hair, and dots placed by the density map with their ink on the scalp; the shade (her
 * hair's, lighter) and the number of layered sessions. */
#include "smp-analyse.h"
#include "smp-color.h"
#include "smp-dots.h"
#include "smp-photo.h"
#include "smp-thinning.h"

#include <math.h>
#include <string.h>

#define SIDE 640
#define PPI 300.0
#define PPM (PPI / 25.4)

typedef struct {
  int monk;
  const char *hair;
  guint32 seed;
  double coverage, part_mm;
} Case;

/* Long thinning hair on the top of the head, the part in the middle. */
static const Case thinning_cases[] = {
    {4, "dark-brown", 1, 0.5, 6.0}, {2, "black", 3, 0.4, 8.0},  {7, "black", 4, 0.5, 6.0},
    {8, "grey", 5, 0.5, 6.0},       {4, "brown", 9, 0.3, 10.0},
};

typedef struct {
  SmpPhoto *photo;
  guint8 *rgba;
  SmpAnalysis *analysis;
  SmpThinning *thinning;
  guint8 *truth; /* 1 where the camera sees scalp: bald, the part, or between strands */
} Shot;

static Shot
shoot(const Case *c)
{
  SmpPhotoSpec spec;
  smp_photo_spec_init(&spec, SIDE, SIDE);
  spec.style = SMP_PHOTO_LONG;
  spec.bald_deg = 0.0;
  spec.hair_coverage = c->coverage;
  spec.part_width_mm = c->part_mm;
  spec.monk = c->monk;
  g_assert_true(smp_photo_hair_srgb(c->hair, spec.hair_srgb));
  spec.seed = c->seed;
  spec.centre_y_mm = 20.0;
  Shot s = {smp_photo_render(&spec), NULL, NULL, NULL, NULL};
  const gsize n = (gsize)SIDE * SIDE;
  s.rgba = g_new(guint8, 4 * n);
  for (gsize i = 0; i < 4 * n; i++)
    s.rgba[i] = (guint8)lroundf(CLAMP(s.photo->rgba[i], 0.0f, 1.0f) * 255.0f);
  s.truth = g_new(guint8, n);
  for (gsize i = 0; i < n; i++)
    s.truth[i] = s.photo->head[i] && !s.photo->stubble[i] &&
                 (s.photo->scalp[i] || s.photo->hair_cover[i] < 128);
  s.analysis = smp_analyse_photo(s.rgba, NULL, SIDE, SIDE, PPM);
  s.thinning = smp_thinning_find(s.rgba, s.analysis);
  return s;
}

static void
shot_free(Shot *s)
{
  smp_photo_free(s->photo);
  g_free(s->rgba);
  g_free(s->truth);
  smp_analysis_free(s->analysis);
  smp_thinning_free(s->thinning);
}

/* The visible scalp agrees with the truth, and so does its share of the long hair. */
static void
test_visible_scalp(void)
{
  for (gsize k = 0; k < G_N_ELEMENTS(thinning_cases); k++) {
    Shot s = shoot(&thinning_cases[k]);
    const gsize n = (gsize)SIDE * SIDE;
    double both = 0, found = 0, real = 0, hair = 0, hair_visible = 0;
    for (gsize i = 0; i < n; i++) {
      gboolean v = s.thinning->visible[i] >= 128;
      both += v && s.truth[i];
      found += v;
      real += s.truth[i];
      hair += s.photo->hair[i];
      hair_visible += s.photo->hair[i] && s.photo->hair_cover[i] < 128;
    }
    double precision = both / found, recall = both / real;
    g_test_message("Monk %d %s seed %u: found %d, level ratio %.2f, visible %.3f (truth %.3f), "
                   "precision %.3f, recall %.3f",
                   thinning_cases[k].monk, thinning_cases[k].hair, thinning_cases[k].seed,
                   s.thinning->found, s.thinning->level_ratio, s.thinning->scalp_visible,
                   hair_visible / hair, precision, recall);
    g_assert_true(s.thinning->found);
    g_assert_cmpfloat(precision, >=, 0.88);
    g_assert_cmpfloat(recall, >=, 0.5); /* grey hair on Monk 8: 0.62, the rest 0.77 or more */
    g_assert_cmpfloat(fabs(s.thinning->scalp_visible - hair_visible / hair), <=, 0.12);
    shot_free(&s);
  }
}

/* A shaved head with a bald crown, whole, from above: its outline (skin turning dark into the
 * backdrop) is no thinning hair. */
static void
test_shaved_head(void)
{
  SmpPhotoSpec spec;
  smp_photo_spec_init(&spec, 1181, 1476);
  spec.ppi = 150.0;
  spec.style = SMP_PHOTO_SHAVED;
  spec.bald_deg = 45.0;
  spec.seed = 7;
  SmpPhoto *photo = smp_photo_render(&spec);
  const gsize n = (gsize)photo->width * photo->height;
  guint8 *rgba = g_new(guint8, 4 * n);
  for (gsize i = 0; i < 4 * n; i++)
    rgba[i] = (guint8)lroundf(CLAMP(photo->rgba[i], 0.0f, 1.0f) * 255.0f);
  SmpAnalysis *analysis = smp_analyse_photo(rgba, NULL, photo->width, photo->height, 150.0 / 25.4);
  SmpThinning *thinning = smp_thinning_find(rgba, analysis);
  g_test_message("shaved head: found %d, level ratio %.2f", thinning->found, thinning->level_ratio);
  g_assert_false(thinning->found);
  g_assert_cmpfloat(thinning->scalp_visible, ==, 0.0);
  smp_thinning_free(thinning);
  smp_analysis_free(analysis);
  smp_photo_free(photo);
  g_free(rgba);
}

/* Full hair shows no scalp: its sheen and strands are not taken for skin. */
static void
test_full_hair(void)
{
  static const Case full[] = {{5, "dark-brown", 6, 1.0, 0.0}, {2, "black", 8, 1.0, 0.0}};
  for (gsize k = 0; k < G_N_ELEMENTS(full); k++) {
    Shot s = shoot(&full[k]);
    g_test_message("full hair, Monk %d %s: found %d, level ratio %.2f, visible %.3f", full[k].monk,
                   full[k].hair, s.thinning->found, s.thinning->level_ratio,
                   s.thinning->scalp_visible);
    g_assert_false(s.thinning->found);
    g_assert_cmpfloat(s.thinning->scalp_visible, ==, 0.0);
    shot_free(&s);
  }
}

typedef struct {
  const guint8 *map;
} DensityMap;

static double
density_at(gpointer data, double x, double y)
{
  const DensityMap *m = data;
  int ix = (int)floor(x), iy = (int)floor(y);
  if (ix < 0 || iy < 0 || ix >= SIDE || iy >= SIDE)
    return 0.0;
  return m->map[(gsize)iy * SIDE + ix] / 255.0;
}

/* The procedure's thinning dots for a dark-brown hair type (165 per cm² of 0.25 mm), healed. */
static void
thinning_dots_params(SmpDotsParams *params)
{
  smp_dots_params_init(params);
  params->ppi = PPI;
  params->density = SMP_THINNING_DENSITY_FACTOR * 165.0;
  params->dot_size = SMP_THINNING_DOT_FACTOR * 0.25;
  params->healed = TRUE;
}

/* Dots placed by the density map as plug-in-smp-follicles places them for a dark-brown hair type
 * (healed, 0.4 mm at 330 per cm², kept clear of the strands by SMP_THINNING_CLEARANCE) put at least
 * 97 % of their ink on the scalp, and more dots where more scalp shows. */
static void
test_dots_on_scalp(void)
{
  const gsize n = (gsize)SIDE * SIDE;
  for (gsize k = 0; k < G_N_ELEMENTS(thinning_cases); k++) {
    Shot s = shoot(&thinning_cases[k]);
    SmpDotsParams params;
    thinning_dots_params(&params);
    /* on the skin as the photo shows it, as the procedure draws them */
    const double *skin = s.thinning->skin_rgb;
    params.skin_reflectance = 0.2126 * skin[0] + 0.7152 * skin[1] + 0.0722 * skin[2];
    SmpDotsLayout layout;
    g_assert_true(smp_dots_layout_init(&layout, &params, 0, NULL));
    const double reach_mm = SMP_THINNING_CLEARANCE * smp_dots_reach(&layout) / PPM;
    guint8 *map = g_new(guint8, n);
    smp_thinning_density(s.thinning->visible, SIDE, SIDE, PPM, reach_mm, map);
    DensityMap m = {map};
    GArray *dots = g_array_new(FALSE, FALSE, sizeof(SmpDot));
    smp_dots_gather(&layout, 0, 0, SIDE, SIDE, density_at, &m, dots);
    float *alpha = g_new0(float, n);
    for (guint d = 0; d < dots->len; d++)
      smp_dot_splat(&g_array_index(dots, SmpDot, d), alpha, SIDE, 0, 0, SIDE, SIDE);
    double ink = 0.0, on_scalp = 0.0;
    for (gsize i = 0; i < n; i++) {
      ink += alpha[i];
      on_scalp += s.truth[i] ? alpha[i] : 0.0;
      /* no dot centre where a strand lies */
      if (map[i])
        g_assert_cmpint(s.thinning->visible[i], >=, SMP_THINNING_CLEAR);
    }
    g_test_message("Monk %d %s seed %u: %u dots, %.4f of the ink on the scalp",
                   thinning_cases[k].monk, thinning_cases[k].hair, thinning_cases[k].seed,
                   dots->len, on_scalp / ink);
    g_assert_cmpuint(dots->len, >, 50);
    g_assert_cmpfloat(on_scalp / ink, >=, 0.97);
    g_array_free(dots, TRUE);
    g_free(alpha);
    g_free(map);
    shot_free(&s);
  }
}

/* The density follows how much scalp the 5 mm window shows, full from half of it. */
static void
test_density_follows_visibility(void)
{
  const int w = 400, h = 100;
  const double ppm = 10.0; /* 5 mm = 50 px */
  guint8 *visible = g_new0(guint8, (gsize)w * h), *map = g_new(guint8, (gsize)w * h);
  /* scalp in vertical stripes of 10 px every 40 px on the left half, and all of the right half
   * visible */
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      visible[(gsize)y * w + x] = x >= 200 || x % 40 < 10 ? 255 : 0;
  smp_thinning_density(visible, w, h, ppm, 0.2, map);
  /* centres of a left stripe and of the right half */
  guint8 left = map[(gsize)50 * w + 85], right = map[(gsize)50 * w + 300];
  g_assert_cmpint(right, ==, 255);
  /* the 51 px window holds one 10 px stripe: 10/51 of it visible, over a half */
  g_assert_cmpint(abs((int)left - (int)lround(255.0 * 10.0 / 51.0 / 0.5)), <=, 1);
  /* kept clear of the stripes' edges and the picture's */
  g_assert_cmpint(map[(gsize)50 * w + 81], ==, 0);
  g_assert_cmpint(map[(gsize)50 * w + 398], ==, 0);
  g_free(visible);
  g_free(map);
}

/* The thinning shade: her hair's colour made SMP_THINNING_LIGHTER times lighter is what the healed
 * dots show where the pigment reaches it, and never darker; hair as light as the skin leaves the
 * dots the skin's colour. */
static void
test_shade(void)
{
  SmpDotsParams params;
  thinning_dots_params(&params);
  const double skin[3] = {0.55, 0.42, 0.30};
  const double hairs[][3] = {{0.09, 0.06, 0.04},
                             {0.05, 0.04, 0.035},
                             {0.02, 0.018, 0.017},
                             {0.30, 0.25, 0.20},
                             {0.6, 0.6, 0.6}};
  for (gsize k = 0; k < G_N_ELEMENTS(hairs); k++) {
    SmpThinning t = {0};
    for (int c = 0; c < 3; c++) {
      t.skin_rgb[c] = skin[c];
      t.hair_rgb[c] = hairs[k][c];
    }
    double dot[3];
    smp_thinning_dot_colour(&t, dot);
    for (int c = 0; c < 3; c++)
      g_assert_cmpfloat(dot[c], ==, MIN(SMP_THINNING_LIGHTER * hairs[k][c], skin[c]));
    SmpMatchShade shade;
    GError *error = NULL;
    g_assert_true(smp_thinning_shade(&t, &params, 8.0, &shade, &error));
    g_assert_no_error(error);
    const double yd = 0.2126 * dot[0] + 0.7152 * dot[1] + 0.0722 * dot[2];
    const double ys = 0.2126 * shade.dot[0] + 0.7152 * shade.dot[1] + 0.0722 * shade.dot[2];
    g_test_message("hair %zu: aimed Y %.4f, healed dot Y %.4f, dilution %.1f, reached %d", k, yd,
                   ys, shade.dilution, shade.reached);
    /* the dots never read darker than the lighter shade of her hair */
    g_assert_cmpfloat(ys, >=, 0.99 * yd);
    if (shade.reached)
      g_assert_cmpfloat(ys / yd, <, 1.1); /* reached: the window mean within ΔE00 1 */
  }
  /* dark brown hair on that skin: reached (the healed veil keeps only black from it) */
  SmpThinning brown = {.skin_rgb = {0.55, 0.42, 0.30}, .hair_rgb = {0.09, 0.06, 0.04}};
  SmpMatchShade shade;
  g_assert_true(smp_thinning_shade(&brown, &params, 8.0, &shade, NULL));
  g_assert_true(shade.reached);
}

/* The sessions: as many, layered, as bring the open scalp to the target tone by the prediction
 * (each covering alpha times the density, independently of the others); more for lighter dots or
 * thinner ones, the most when the target is out of reach. */
static void
test_sessions(void)
{
  const int w = 200, h = 200;
  const gsize n = (gsize)w * h;
  SmpThinning t = {.width = w,
                   .height = h,
                   .px_per_mm = 10.0,
                   .skin_rgb = {0.45, 0.40, 0.35},
                   .hair_rgb = {0.05, 0.04, 0.035}};
  t.visible = g_new(guint8, n);
  guint8 *full = g_new(guint8, n);
  memset(t.visible, 255, n);
  memset(full, 255, n);
  const double ys = 0.2126 * 0.45 + 0.7152 * 0.40 + 0.0722 * 0.35;
  const double yh = 0.2126 * 0.05 + 0.7152 * 0.04 + 0.0722 * 0.035;
  const double target = yh + SMP_THINNING_TARGET * (ys - yh);
  double predicted;
  /* dots as dark as the hair: one session covering 0.62 reaches it, 0.45 in two */
  double dark[3] = {0.05, 0.04, 0.035};
  g_assert_cmpint(smp_thinning_sessions(&t, full, 0.62, dark, &predicted), ==, 1);
  g_assert_cmpfloat(fabs(predicted - 0.62), <, 1e-9);
  g_assert_cmpint(smp_thinning_sessions(&t, full, 0.45, dark, &predicted), ==, 2);
  g_assert_cmpfloat(fabs(predicted - (1.0 - 0.55 * 0.55)), <, 1e-9);
  g_assert_cmpfloat(ys - predicted * (ys - yh), <=, target);
  /* lighter dots need more sessions; at half the density, more again */
  double light[3] = {0.15, 0.13, 0.12};
  int n_light = smp_thinning_sessions(&t, full, 0.45, light, NULL);
  g_assert_cmpint(n_light, >, 2);
  guint8 *half = g_new(guint8, n);
  memset(half, 128, n);
  g_assert_cmpint(smp_thinning_sessions(&t, half, 0.45, dark, NULL), >, 2);
  /* dots the skin's colour never reach it: the most sessions */
  g_assert_cmpint(smp_thinning_sessions(&t, full, 0.45, t.skin_rgb, NULL), ==,
                  SMP_THINNING_MAX_SESSIONS);
  g_free(half);
  g_free(full);
  g_free(t.visible);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/thinning/density-follows-visibility", test_density_follows_visibility);
  g_test_add_func("/thinning/shade", test_shade);
  g_test_add_func("/thinning/sessions", test_sessions);
  g_test_add_func("/thinning/visible-scalp", test_visible_scalp);
  g_test_add_func("/thinning/full-hair", test_full_hair);
  g_test_add_func("/thinning/shaved-head", test_shaved_head);
  g_test_add_func("/thinning/dots-on-scalp", test_dots_on_scalp);
  return g_test_run();
}
