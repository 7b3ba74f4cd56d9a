/* The fringe sample measure (smp_analyse_fringe_sample) on synthetic head photos with ground truth:
 * a sample marked over the fringe beside the bald scalp is measured as a fringe even where the
 * classes read its deep shaved shadow as long hair, at the truth's density (±10 %) and dot size
 * (±15 %). */
#include "smp-analyse.h"
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

int
main(int argc, char **argv)
{
  static const Case cases[] = {
      {3, "dark-brown", 110.0, 1},
      {7, "black", 130.0, 3},
      {5, "grey", 120.0, 7},
  };
  g_test_init(&argc, &argv, NULL);
  for (gsize k = 0; k < G_N_ELEMENTS(cases); k++) {
    gchar *path = g_strdup_printf("/match/fringe-sample/monk-%d-%s", cases[k].monk, cases[k].hair);
    g_test_add_data_func(path, &cases[k], test_fringe_sample);
    g_free(path);
  }
  return g_test_run();
}
