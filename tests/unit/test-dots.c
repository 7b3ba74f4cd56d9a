/* Unit tests of the follicle-dot core: the blue-noise table and its placement, dot generation,
 * drawing, and the healed colour model. */
#include "smp-bluenoise.h"
#include "smp-color.h"
#include "smp-dots.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define N SMP_BLUENOISE_COUNT

/* ---- the table ------------------------------------------------------------------------------ */

static void
test_table_layout(void)
{
  guint8 *seen = g_new0(guint8, N);
  const int shift = 16 - SMP_BLUENOISE_BUCKET_BITS;
  for (int b = 0; b < SMP_BLUENOISE_BUCKETS * SMP_BLUENOISE_BUCKETS; b++) {
    g_assert_cmpuint(smp_bluenoise_bucket_start[b], <=, smp_bluenoise_bucket_start[b + 1]);
    for (guint32 i = smp_bluenoise_bucket_start[b]; i < smp_bluenoise_bucket_start[b + 1]; i++) {
      const SmpBluenoisePoint *p = &smp_bluenoise_points[i];
      g_assert_cmpint((p->y >> shift) * SMP_BLUENOISE_BUCKETS + (p->x >> shift), ==, b);
      g_assert_cmpuint(seen[p->rank], ==, 0);
      seen[p->rank] = 1;
    }
  }
  g_assert_cmpuint(smp_bluenoise_bucket_start[SMP_BLUENOISE_BUCKETS * SMP_BLUENOISE_BUCKETS], ==,
                   N);
  g_free(seen);
}

/* Toroidal distance (table units, 1/65536) between two table points. */
static double
table_distance(const SmpBluenoisePoint *a, const SmpBluenoisePoint *b)
{
  int dx = abs((int)a->x - (int)b->x), dy = abs((int)a->y - (int)b->y);
  dx = MIN(dx, 65536 - dx);
  dy = MIN(dy, 65536 - dy);
  return sqrt((double)dx * dx + (double)dy * dy) / 65536.0;
}

/* Minimum distance of the points with rank < k, over neighbouring buckets (enough for k = N). */
static double
table_rho_min(guint32 k)
{
  const int nb = SMP_BLUENOISE_BUCKETS;
  double min = 1.0;
  for (int b = 0; b < nb * nb; b++)
    for (guint32 i = smp_bluenoise_bucket_start[b]; i < smp_bluenoise_bucket_start[b + 1]; i++) {
      if (smp_bluenoise_points[i].rank >= k)
        continue;
      int bx = b % nb, by = b / nb;
      for (int dy = -2; dy <= 2; dy++)
        for (int dx = -2; dx <= 2; dx++) {
          int c = ((by + dy + nb) % nb) * nb + (bx + dx + nb) % nb;
          for (guint32 j = smp_bluenoise_bucket_start[c]; j < smp_bluenoise_bucket_start[c + 1];
               j++)
            if (j != i && smp_bluenoise_points[j].rank < k)
              min = MIN(min, table_distance(&smp_bluenoise_points[i], &smp_bluenoise_points[j]));
        }
    }
  return min / sqrt(2.0 / (sqrt(3.0) * k));
}

static void
test_table_quality(void)
{
  double rho = table_rho_min(N);
  g_test_message("table rho_min %.4f", rho);
  g_assert_cmpfloat(rho, >=, 0.75);

  /* Point counts in 10 x 10 windows: close to N / 100 each (a Poisson process would spread by
   * about 5.5 %). */
  int counts[100] = {0};
  for (int i = 0; i < N; i++)
    counts[(smp_bluenoise_points[i].y * 10 / 65536) * 10 +
           smp_bluenoise_points[i].x * 10 / 65536]++;
  double worst = 0.0;
  for (int w = 0; w < 100; w++)
    worst = MAX(worst, fabs(counts[w] - N / 100.0) / (N / 100.0));
  g_test_message("worst window count error %.2f %%", 100.0 * worst);
  g_assert_cmpfloat(worst, <, 0.04);
}

/* ---- placement --------------------------------------------------------------------------------
 */

typedef struct {
  GArray *sites;
  double u0, v0, u1, v1;
  gboolean outside;
} Collect;

static void
collect(const SmpBluenoiseSite *site, gpointer data)
{
  Collect *c = data;
  if (site->u < c->u0 || site->u >= c->u1 || site->v < c->v0 || site->v >= c->v1)
    c->outside = TRUE;
  g_array_append_val(c->sites, *site);
}

static int
compare_sites(gconstpointer a, gconstpointer b)
{
  const SmpBluenoiseSite *s = a, *t = b;
  if (s->tile_y != t->tile_y)
    return s->tile_y < t->tile_y ? -1 : 1;
  if (s->tile_x != t->tile_x)
    return s->tile_x < t->tile_x ? -1 : 1;
  return (int)s->rank - (int)t->rank;
}

static GArray *
visit(const SmpBluenoiseFrame *frame, double u0, double v0, double u1, double v1, guint32 limit)
{
  Collect c = {g_array_new(FALSE, FALSE, sizeof(SmpBluenoiseSite)), u0, v0, u1, v1, FALSE};
  smp_bluenoise_visit(frame, u0, v0, u1, v1, limit, collect, &c);
  g_assert_false(c.outside);
  g_array_sort(c.sites, compare_sites);
  return c.sites;
}

/* Frames for all eight symmetries of the square. */
static void
frames_by_symmetry(SmpBluenoiseFrame frames[8])
{
  gboolean found[8] = {0};
  int left = 8;
  for (guint32 seed = 0; left > 0; seed++) {
    SmpBluenoiseFrame f;
    smp_bluenoise_frame_from_seed(&f, seed);
    if (!found[f.symmetry]) {
      found[f.symmetry] = TRUE;
      frames[f.symmetry] = f;
      left--;
    }
  }
}

static void
test_visit_whole_tiles(void)
{
  SmpBluenoiseFrame frames[8];
  frames_by_symmetry(frames);
  for (int s = 0; s < 8; s++) {
    /* Two by one tiles at negative coordinates: every rank exactly once per tile, and copies of
     * a point sit exactly one tile apart. */
    GArray *sites = visit(&frames[s], -1.0, -3.0, 1.0, -2.0, N);
    g_assert_cmpuint(sites->len, ==, 2 * N);
    for (guint i = 0; i < N; i++) {
      const SmpBluenoiseSite *a = &g_array_index(sites, SmpBluenoiseSite, i);
      const SmpBluenoiseSite *b = &g_array_index(sites, SmpBluenoiseSite, i + N);
      g_assert_cmpuint(a->rank, ==, i);
      g_assert_cmpuint(b->rank, ==, i);
      g_assert_cmpint(a->tile_x, ==, -1);
      g_assert_cmpint(b->tile_x, ==, 0);
      g_assert_cmpfloat(b->u - a->u, ==, 1.0);
      g_assert_cmpfloat(b->v, ==, a->v);
    }
    g_array_unref(sites);
  }
}

static void
test_visit_partition(void)
{
  SmpBluenoiseFrame frames[8];
  frames_by_symmetry(frames);
  GRand *rand = g_rand_new_with_seed(17);
  for (int trial = 0; trial < 64; trial++) {
    const SmpBluenoiseFrame *f = &frames[trial % 8];
    double u0 = g_rand_double_range(rand, -3.0, 3.0), v0 = g_rand_double_range(rand, -3.0, 3.0);
    double u1 = u0 + g_rand_double_range(rand, 0.01, 1.6),
           v1 = v0 + g_rand_double_range(rand, 0.01, 1.6);
    guint32 limit = g_rand_int_range(rand, 1, N + 1);
    GArray *whole = visit(f, u0, v0, u1, v1, limit);
    /* The same rectangle cut at a random interior point into four parts. */
    double um = g_rand_double_range(rand, u0, u1), vm = g_rand_double_range(rand, v0, v1);
    GArray *parts = g_array_new(FALSE, FALSE, sizeof(SmpBluenoiseSite));
    double us[3] = {u0, um, u1}, vs[3] = {v0, vm, v1};
    for (int j = 0; j < 2; j++)
      for (int i = 0; i < 2; i++) {
        GArray *p = visit(f, us[i], vs[j], us[i + 1], vs[j + 1], limit);
        g_array_append_vals(parts, p->data, p->len);
        g_array_unref(p);
      }
    g_array_sort(parts, compare_sites);
    g_assert_cmpuint(whole->len, ==, parts->len);
    g_assert_true(memcmp(whole->data, parts->data, whole->len * sizeof(SmpBluenoiseSite)) == 0);
    for (guint i = 0; i < whole->len; i++)
      g_assert_cmpuint(g_array_index(whole, SmpBluenoiseSite, i).rank, <, limit);
    /* About the expected number of points. */
    double expected = (u1 - u0) * (v1 - v0) * limit;
    if (expected > 2000)
      g_assert_cmpfloat(fabs(whole->len - expected) / expected, <, 0.05);
    g_array_unref(whole);
    g_array_unref(parts);
  }
  g_rand_free(rand);
}

/* Different seeds place the torus differently: few points coincide. */
static void
test_seeds_differ(void)
{
  SmpBluenoiseFrame a, b;
  smp_bluenoise_frame_from_seed(&a, 1);
  smp_bluenoise_frame_from_seed(&b, 2);
  GArray *sa = visit(&a, 0.0, 0.0, 0.25, 0.25, N), *sb = visit(&b, 0.0, 0.0, 0.25, 0.25, N);
  guint same = 0;
  for (guint i = 0; i < sa->len; i++)
    for (guint j = 0; j < sb->len; j++) {
      const SmpBluenoiseSite *p = &g_array_index(sa, SmpBluenoiseSite, i),
                             *q = &g_array_index(sb, SmpBluenoiseSite, j);
      same += fabs(p->u - q->u) < 1e-4 && fabs(p->v - q->v) < 1e-4;
    }
  g_assert_cmpuint(sa->len, >, 1500);
  g_assert_cmpuint(same, <, sa->len / 20);
  g_array_unref(sa);
  g_array_unref(sb);
}

/* ---- dots ------------------------------------------------------------------------------------ */

static SmpDotsLayout
layout_for(const SmpDotsParams *p, int level)
{
  SmpDotsLayout l;
  GError *error = NULL;
  g_assert_true(smp_dots_layout_init(&l, p, level, &error));
  g_assert_no_error(error);
  return l;
}

static GArray *
gather(const SmpDotsLayout *l, double x0, double y0, double x1, double y1)
{
  GArray *dots = g_array_new(FALSE, FALSE, sizeof(SmpDot));
  smp_dots_gather(l, x0, y0, x1, y1, NULL, NULL, dots);
  return dots;
}

static void
test_gather_density(void)
{
  SmpDotsParams p;
  smp_dots_params_init(&p);
  p.ppi = 254.0; /* 10 px per mm */
  const double densities[] = {20.0, 80.0, 200.0};
  for (guint d = 0; d < G_N_ELEMENTS(densities); d++) {
    p.density = densities[d];
    SmpDotsLayout l = layout_for(&p, 0);
    /* 100 x 100 mm = 100 cm² */
    GArray *dots = gather(&l, -500.0, -500.0, 500.0, 500.0);
    double error = fabs(dots->len - 100.0 * densities[d]) / (100.0 * densities[d]);
    g_test_message("density %.0f: %u FU in 100 cm² (error %.2f %%)", densities[d], dots->len,
                   100.0 * error);
    g_assert_cmpfloat(error, <, 0.01);
    g_array_unref(dots);
  }
}

/* Dots at coverage c are exactly the dots of any higher coverage with rank below it. */
static void
test_gather_nesting(void)
{
  SmpDotsParams p;
  smp_dots_params_init(&p);
  p.ppi = 254.0;
  p.density = 80.0;
  const double coverages[] = {0.3, 0.7, 1.0};
  GArray *sets[3];
  for (int c = 0; c < 3; c++) {
    p.coverage = coverages[c];
    SmpDotsLayout l = layout_for(&p, 0);
    sets[c] = gather(&l, 0.0, 0.0, 500.0, 500.0);
  }
  for (int c = 0; c < 2; c++) {
    double fraction = (double)sets[c]->len / sets[2]->len;
    g_assert_cmpfloat(fabs(fraction - coverages[c]), <, 0.02);
    for (guint i = 0; i < sets[c]->len; i++) {
      const SmpDot *d = &g_array_index(sets[c], SmpDot, i);
      gboolean found = FALSE;
      for (guint j = 0; j < sets[c + 1]->len && !found; j++)
        found = memcmp(d, &g_array_index(sets[c + 1], SmpDot, j), sizeof(SmpDot)) == 0;
      g_assert_true(found);
    }
  }
  for (int c = 0; c < 3; c++)
    g_array_unref(sets[c]);
}

/* Level 1 holds the same FUs at exactly half the coordinates and sizes. */
static void
test_gather_levels(void)
{
  SmpDotsParams p;
  smp_dots_params_init(&p);
  p.ppi = 600.0;
  p.anisotropy = 0.5;
  p.whorl_x = 200.0;
  p.whorl_y = 300.0;
  p.whorl_radius = 20.0;
  SmpDotsLayout l0 = layout_for(&p, 0), l1 = layout_for(&p, 1);
  GArray *a = gather(&l0, 0.0, 0.0, 800.0, 800.0), *b = gather(&l1, 0.0, 0.0, 400.0, 400.0);
  g_assert_cmpuint(a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++) {
    const SmpDot *s = &g_array_index(a, SmpDot, i), *t = &g_array_index(b, SmpDot, i);
    g_assert_cmpfloat(fabsf(s->x - 2.0f * t->x), <, 1e-3f);
    g_assert_cmpfloat(fabsf(s->y - 2.0f * t->y), <, 1e-3f);
    g_assert_cmpfloat(fabsf(s->radius - 2.0f * t->radius), <, 1e-4f);
    g_assert_cmpfloat(s->aspect, ==, t->aspect);
  }
  g_array_unref(a);
  g_array_unref(b);
}

/* With no size jitter a dot's radius tells its hair count: the counts follow the mix. */
static void
test_hair_mix(void)
{
  SmpDotsParams p;
  smp_dots_params_init(&p);
  p.ppi = 254.0;
  p.size_jitter = 0.0;
  /* Han Chinese (docs/dots-and-density.md, Hair mix) */
  const double mix[4] = {28.4, 52.6, 17.5, 1.5};
  memcpy(p.hair_mix, mix, sizeof mix);
  SmpDotsLayout l = layout_for(&p, 0);
  GArray *dots = gather(&l, 0.0, 0.0, 2000.0, 2000.0);
  int counts[4] = {0};
  double mean_diameter = 0.0;
  for (guint i = 0; i < dots->len; i++) {
    const SmpDot *d = &g_array_index(dots, SmpDot, i);
    double best = G_MAXDOUBLE;
    int hairs = 0;
    for (int h = 0; h < 4; h++) {
      double e = fabs(2.0 * d->radius - p.dot_size * l.hair_size[h] * l.px_per_mm);
      if (e < best)
        best = e, hairs = h;
    }
    g_assert_cmpfloat(best, <, 1e-3);
    counts[hairs]++;
    mean_diameter += 2.0 * d->radius / l.px_per_mm;
  }
  mean_diameter /= dots->len;
  for (int h = 0; h < 4; h++) {
    double share = 100.0 * counts[h] / dots->len;
    g_test_message("%d-hair units: %.2f %% (mix %.1f %%)", h + 1, share, mix[h]);
    g_assert_cmpfloat(fabs(share - mix[h]), <, 1.0);
  }
  /* dot-size is the mean diameter over the mix. */
  g_assert_cmpfloat(fabs(mean_diameter - p.dot_size) / p.dot_size, <, 0.01);
  g_array_unref(dots);
}

/* Density fraction 1 left of x = 500 and 0.25 right of it. */
static double
quarter_right(gpointer data, double x, double y)
{
  return x < 500.0 ? 1.0 : 0.25;
}

static void
test_density_function(void)
{
  SmpDotsParams p;
  smp_dots_params_init(&p);
  p.ppi = 254.0;
  SmpDotsLayout l = layout_for(&p, 0);
  GArray *dots = g_array_new(FALSE, FALSE, sizeof(SmpDot));
  smp_dots_gather(&l, 0.0, 0.0, 1000.0, 1000.0, quarter_right, NULL, dots);
  int left = 0, right = 0;
  for (guint i = 0; i < dots->len; i++) {
    if (g_array_index(dots, SmpDot, i).x < 500.0)
      left++;
    else
      right++;
  }
  double ratio = (double)right / left;
  g_test_message("density map 1 / 0.25: %d / %d dots (ratio %.3f)", left, right, ratio);
  g_assert_cmpfloat(fabs(ratio - 0.25), <, 0.02);
  g_array_unref(dots);
}

static void
test_empty_and_errors(void)
{
  SmpDotsParams p;
  smp_dots_params_init(&p);
  p.density = 0.0;
  SmpDotsLayout l = layout_for(&p, 0);
  GArray *dots = gather(&l, 0.0, 0.0, 1000.0, 1000.0);
  g_assert_cmpuint(dots->len, ==, 0);
  g_array_unref(dots);
  p.density = 80.0;
  p.coverage = 0.0;
  l = layout_for(&p, 0);
  dots = gather(&l, 0.0, 0.0, 1000.0, 1000.0);
  g_assert_cmpuint(dots->len, ==, 0);
  g_array_unref(dots);

  /* Each bad parameter is refused with a message naming it. */
  const char *names[] = {"coverage", "ppi", "density", "hair-mix", "years", "years", "reflectance"};
  for (guint c = 0; c < G_N_ELEMENTS(names); c++) {
    smp_dots_params_init(&p);
    if (c == 0)
      p.coverage = 1.5;
    else if (c == 1)
      p.ppi = NAN;
    else if (c == 2)
      p.density = -1.0;
    else if (c == 3)
      memset(p.hair_mix, 0, sizeof p.hair_mix);
    else if (c == 4)
      p.years = 10.5;
    else if (c == 5)
      p.years = NAN;
    else
      p.skin_reflectance = 1.5;
    GError *error = NULL;
    g_assert_false(smp_dots_layout_init(&l, &p, 0, &error));
    g_assert_error(error, SMP_ERROR, SMP_ERROR_BAD_VALUE);
    g_test_message("refused: %s", error->message);
    g_assert_nonnull(strstr(error->message, names[c]));
    g_error_free(error);
  }
  /* The domain's name, as GLib prints it in warnings about an error. */
  g_assert_cmpstr(g_quark_to_string(SMP_ERROR), ==, "smp-error-quark");
}

/* Ageing: less ink, wider, softer and bluer every year; the fluence build-up grows with the skin's
 * reflectance from 1 on black skin. */
static void
test_ageing(void)
{
  SmpAgeing last;
  smp_color_ageing(0.0, &last);
  g_assert_cmpfloat(last.ink, ==, 1.0);
  g_assert_cmpfloat(last.spread, ==, 1.0);
  g_assert_cmpfloat(last.tint, ==, 1.0);
  for (int year = 1; year <= 10; year++) {
    SmpAgeing a;
    smp_color_ageing(year, &a);
    g_assert_cmpfloat(a.ink, <, last.ink);
    g_assert_cmpfloat(a.spread, >, last.spread);
    g_assert_cmpfloat(a.softness, >, last.softness);
    g_assert_cmpfloat(a.tint, >, last.tint);
    last = a;
  }
  g_assert_cmpfloat(last.ink, >, 0.2);    /* faded, not gone */
  g_assert_cmpfloat(last.spread, <, 1.5); /* slightly larger */
  g_assert_cmpfloat(smp_color_buildup(0.0), ==, 1.0);
  g_assert_cmpfloat(smp_color_buildup(0.7), >, smp_color_buildup(0.3));
}

/* The darkening predicted from the dot model alone (smp_dots_mean_alpha, used by the session
 * plan's touch-up advisor) agrees within 15 % with the darkening of the dots the core draws, as
 * the op composites them (linear mix of the dot colour over the skin by the drawn alpha), for
 * three built-in hair types on Monk 4 over the years. */
static void
test_predicted_darkening(void)
{
  const char *hairs[] = {"dark-brown", "blond", "black-afro"};
  const double years[] = {0.0, 4.0, 10.0};
  const double skin[3] = {0.8228, 0.7011, 0.4910}; /* Monk 4, #eadaba, linear */
  const double skin_offset = 3.0;                  /* its dilution-offset */
  char *path = g_build_filename(g_getenv("SMP_SOURCE_ROOT"), "presets", "hair-types.ini", NULL);
  GKeyFile *presets = g_key_file_new();
  g_assert_true(g_key_file_load_from_file(presets, path, G_KEY_FILE_NONE, NULL));
  for (gsize h = 0; h < G_N_ELEMENTS(hairs); h++)
    for (gsize y = 0; y < G_N_ELEMENTS(years); y++) {
      char *group = g_strconcat("hair-type:", hairs[h], NULL);
      SmpDotsParams p;
      smp_dots_params_init(&p);
      p.ppi = 600.0;
      p.density = g_key_file_get_double(presets, group, "density", NULL);
      p.dot_size = g_key_file_get_double(presets, group, "dot-size", NULL);
      p.size_jitter = g_key_file_get_double(presets, group, "size-jitter", NULL);
      p.opacity_jitter = g_key_file_get_double(presets, group, "opacity-jitter", NULL);
      for (int k = 0; k < SMP_DOTS_MAX_HAIRS; k++) {
        char key[16];
        g_snprintf(key, sizeof key, "hair-mix-%d", k + 1);
        p.hair_mix[k] = g_key_file_get_double(presets, group, key, NULL);
      }
      p.healed = TRUE;
      p.years = years[y];
      p.skin_reflectance = 0.2126 * skin[0] + 0.7152 * skin[1] + 0.0722 * skin[2];
      char *pigment_hex = g_key_file_get_string(presets, group, "pigment", NULL);
      unsigned r, g, b;
      g_assert_cmpint(sscanf(pigment_hex, "#%2x%2x%2x", &r, &g, &b), ==, 3);
      double pigment[3], diluted[3], dot[3];
      const unsigned rgb[3] = {r, g, b};
      for (int c = 0; c < 3; c++) {
        double v = rgb[c] / 255.0;
        pigment[c] = v <= 0.04045 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4);
      }
      smp_color_diluted(pigment, skin,
                        g_key_file_get_double(presets, group, "dilution", NULL) + skin_offset,
                        diluted);
      smp_color_healed(diluted, skin, years[y], dot);

      /* Drawn: 20 x 20 mm at 600 ppi, every dot that reaches it. */
      SmpDotsLayout l = layout_for(&p, 0);
      const int side = 472;
      double reach = smp_dots_reach(&l);
      GArray *dots = gather(&l, -reach, -reach, side + reach, side + reach);
      float *alpha = g_new0(float, side *side);
      SmpDotBins bins;
      smp_dot_bins_build(&bins, (const SmpDot *)dots->data, dots->len, 0, 0, side, side, 64);
      smp_dot_bins_splat(&bins, (const SmpDot *)dots->data, alpha, side, 0, 0, side, side);
      double mean = 0.0;
      for (int i = 0; i < side * side; i++)
        mean += alpha[i];
      mean /= side * side;
      double drawn = smp_color_darkening(skin, dot, mean);
      double predicted = smp_color_darkening(skin, dot, smp_dots_mean_alpha(&l));
      g_test_message("%s on monk-4, year %.0f: predicted dL* %.2f, drawn %.2f", hairs[h], years[y],
                     predicted, drawn);
      g_assert_cmpfloat(fabs(predicted - drawn), <=, 0.15 * drawn);
      smp_dot_bins_clear(&bins);
      g_free(alpha);
      g_array_unref(dots);
      g_free(pigment_hex);
      g_free(group);
    }
  g_key_file_free(presets);
  g_free(path);
}

/* ---- drawing --------------------------------------------------------------------------------- */

static double
plane_sum(const float *alpha, gsize n)
{
  double s = 0.0;
  for (gsize i = 0; i < n; i++)
    s += alpha[i];
  return s;
}

static void
test_splat_area(void)
{
  const int w = 64;
  float *alpha = g_new(float, w *w);
  const float radii[] = {1.5f, 3.0f, 7.3f, 12.0f};
  for (guint r = 0; r < G_N_ELEMENTS(radii); r++)
    for (int shape = 0; shape < 3; shape++) {
      SmpDot d = {31.3f, 30.8f, radii[r], 0.8f, 0.6f, 0.8f, 1.0f, 0.0f};
      if (shape == 1)
        d.aspect = 1.4f; /* elongated: same area */
      if (shape == 2)
        d.softness = 0.3f * radii[r]; /* healed: Gaussian edge keeps the ink */
      memset(alpha, 0, sizeof(float) * w * w);
      smp_dot_splat(&d, alpha, w, 0, 0, w, w);
      double expected = G_PI * radii[r] * radii[r] * 0.8;
      double error = fabs(plane_sum(alpha, w * w) - expected) / expected;
      g_test_message("radius %.1f shape %d: area error %.2f %%", radii[r], shape, 100.0 * error);
      g_assert_cmpfloat(error, <, radii[r] < 2.0f ? 0.05 : 0.015);
    }
  g_free(alpha);
}

/* Overlapping dots combine by max(): any drawing order, and binned drawing in any sub-rectangles,
 * gives the same pixels. */
static void
test_splat_order(void)
{
  SmpDotsParams p;
  smp_dots_params_init(&p);
  p.ppi = 2400.0;
  p.density = 200.0;
  p.dot_size = 0.6; /* large enough to overlap */
  p.satellites = 1.0;
  SmpDotsLayout l = layout_for(&p, 0);
  const int w = 300, h = 200;
  GArray *dots = gather(&l, -40.0, -40.0, w + 40.0, h + 40.0);
  SmpDot *d = (SmpDot *)dots->data;
  float *a = g_new0(float, w *h), *b = g_new0(float, w *h), *c = g_new0(float, w *h);
  for (guint i = 0; i < dots->len; i++)
    smp_dot_splat(&d[i], a, w, 0, 0, w, h);
  for (guint i = dots->len; i-- > 0;)
    smp_dot_splat(&d[i], b, w, 0, 0, w, h);
  SmpDotBins bins;
  smp_dot_bins_build(&bins, d, dots->len, 0, 0, w, h, 32);
  for (int y = 0; y < h; y += 23)
    for (int x = 0; x < w; x += 41) {
      int cw = MIN(41, w - x), ch = MIN(23, h - y);
      float *sub = g_new0(float, cw *ch);
      smp_dot_bins_splat(&bins, d, sub, cw, x, y, cw, ch);
      for (int r = 0; r < ch; r++)
        memcpy(c + (y + r) * w + x, sub + r * cw, sizeof(float) * cw);
      g_free(sub);
    }
  smp_dot_bins_clear(&bins);
  g_assert_true(memcmp(a, b, sizeof(float) * w * h) == 0);
  g_assert_true(memcmp(a, c, sizeof(float) * w * h) == 0);
  g_assert_cmpfloat(plane_sum(a, w * h), >, 1000.0);
  g_free(a);
  g_free(b);
  g_free(c);
  g_array_unref(dots);
}

/* ---- colour --------------------------------------------------------------------------------- */

static void
test_color(void)
{
  double w[3];
  smp_color_tyndall_weights(w);
  g_assert_cmpfloat(fabs(w[0] - 1.0), <, 1e-12);
  g_assert_cmpfloat(fabs(w[1] - 1.17), <, 0.01);
  g_assert_cmpfloat(fabs(w[2] - 1.46), <, 0.01);

  const double white[3] = {1, 1, 1}, black[3] = {0, 0, 0};
  g_assert_cmpfloat(fabs(smp_color_lightness(white) - 100.0), <, 1e-9);
  g_assert_cmpfloat(fabs(smp_color_lightness(black)), <, 1e-9);

  /* Monk Skin Tone 2 and 9, linear RGB. */
  const double light[3] = {0.896, 0.799, 0.701}, dark[3] = {0.0423, 0.0307, 0.0232};
  double on_light[3], on_dark[3];
  smp_color_healed(black, light, 0.0, on_light);
  smp_color_healed(black, dark, 0.0, on_dark);
  g_assert_cmpfloat(on_light[2] - on_light[0], >, 0.01);
  g_assert_cmpfloat(on_light[2] - on_light[0], >, 4.0 * (on_dark[2] - on_dark[0]));
  /* Still a dark dot: well below the skin. */
  g_assert_cmpfloat(smp_color_lightness(on_light), <, 0.5 * smp_color_lightness(light));
}

/* The dilution model: monotone, undiluted = 1, and the practitioners' anchors (20 parts of water
 * a mid grey, about 6 parts near-black). */
static void
test_dilution_strength(void)
{
  double last = 1.0;
  g_assert_cmpfloat(smp_color_dilution_strength(0.0), ==, 1.0);
  g_assert_cmpfloat(smp_color_dilution_strength(-3.0), ==, 1.0);
  for (double water = 1.0; water <= 40.0; water += 1.0) {
    double s = smp_color_dilution_strength(water);
    g_assert_cmpfloat(s, <, last);
    g_assert_cmpfloat(s, >, 0.0);
    last = s;
  }
  g_assert_cmpfloat_with_epsilon(smp_color_dilution_strength(20.0), 0.5, 1e-9);
  g_assert_cmpfloat_with_epsilon(smp_color_dilution_strength(6.0), 0.9, 0.02);
}

/* A diluted dot lies between pigment and skin, at the strength's share of the way to the pigment.
 */
static void
test_diluted(void)
{
  const double pigment[3] = {0.01, 0.008, 0.006}, skin[3] = {0.7, 0.55, 0.4};
  double undiluted[3], half[3];
  smp_color_diluted(pigment, skin, 0.0, undiluted);
  smp_color_diluted(pigment, skin, 20.0, half);
  for (int c = 0; c < 3; c++) {
    g_assert_cmpfloat_with_epsilon(undiluted[c], pigment[c], 1e-15);
    g_assert_cmpfloat_with_epsilon(half[c], 0.5 * (pigment[c] + skin[c]), 1e-12);
  }
  g_assert_cmpfloat(smp_color_lightness(half), >, smp_color_lightness(undiluted));
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/dots/table/layout", test_table_layout);
  g_test_add_func("/dots/table/quality", test_table_quality);
  g_test_add_func("/dots/visit/whole-tiles", test_visit_whole_tiles);
  g_test_add_func("/dots/visit/partition", test_visit_partition);
  g_test_add_func("/dots/visit/seeds-differ", test_seeds_differ);
  g_test_add_func("/dots/gather/density", test_gather_density);
  g_test_add_func("/dots/gather/nesting", test_gather_nesting);
  g_test_add_func("/dots/gather/levels", test_gather_levels);
  g_test_add_func("/dots/gather/hair-mix", test_hair_mix);
  g_test_add_func("/dots/gather/density-function", test_density_function);
  g_test_add_func("/dots/gather/empty-and-errors", test_empty_and_errors);
  g_test_add_func("/dots/splat/area", test_splat_area);
  g_test_add_func("/dots/splat/order", test_splat_order);
  g_test_add_func("/dots/color", test_color);
  g_test_add_func("/dots/color/ageing", test_ageing);
  g_test_add_func("/dots/color/predicted-darkening", test_predicted_darkening);
  g_test_add_func("/dots/color/dilution-strength", test_dilution_strength);
  g_test_add_func("/dots/color/diluted", test_diluted);
  return g_test_run();
}
