/* smp:follicle-dots in a hairline's transition zone, measured on rendered pixels: where the density
 * source thins the units, the front of the zone is single-hair, smaller and lighter, and full
 * units stand where the density is full (docs/dots-and-density.md, The hairline zone).
 *
 * Without jitter, a unit's hair count shows in its dot's peak alpha: 0.78 / 0.90 / 0.97 / 1.00 for
 * 1-4 hairs (docs/dots-and-density.md, Hair mix); a blob peaking below 0.84 is a single-hair unit.
 * Diameters are blob-equivalent (smp_test_blob_diameter), independent of the darkness. */
#include "smp-test-gegl.h"

#include <math.h>
#include <string.h>

#define OP "smp:follicle-dots"
#define PPI 1200.0
#define SINGLE_HAIR_PEAK 0.84

/* The units of one band of a transition. */
typedef struct {
  int units, single;
  double diameter, peak; /* sums */
} Band;

static void
band_add(Band *band, const SmpTestBlob *b)
{
  band->units++;
  band->single += b->peak < SINGLE_HAIR_PEAK;
  band->diameter += smp_test_blob_diameter(b);
  band->peak += b->peak;
}

/* Where a blob lies across the transition: 0 at its front edge (no density), 1 at its back (full
 * density); beyond 1 the full-density area. */
typedef double (*Across)(const SmpTestBlob *b, gpointer data);

/* Sorts the blobs of `node` over `roi` into the outer quarter of the transition (0..0.25), its
 * middle (0.4..0.6) and the full area behind it (> 1.1), over several seeds. */
static void
measure(GeglNode *node, const GeglRectangle *roi, Across across, gpointer data, Band *outer,
        Band *middle, Band *full)
{
  memset(outer, 0, sizeof *outer);
  memset(middle, 0, sizeof *middle);
  memset(full, 0, sizeof *full);
  for (int seed = 1; seed <= 3; seed++) {
    gegl_node_set(node, "seed", seed, NULL);
    GArray *blobs = smp_test_render_blobs(node, roi, 0);
    for (guint i = 0; i < blobs->len; i++) {
      const SmpTestBlob *b = &g_array_index(blobs, SmpTestBlob, i);
      if (b->touches_edge)
        continue;
      double t = across(b, data);
      if (t >= 0.0 && t <= 0.25)
        band_add(outer, b);
      else if (t >= 0.4 && t <= 0.6)
        band_add(middle, b);
      else if (t > 1.1)
        band_add(full, b);
    }
    g_array_unref(blobs);
  }
}

static void
report(const char *what, const Band *outer, const Band *middle, const Band *full)
{
  const Band *bands[] = {outer, middle, full};
  const char *names[] = {"outer quarter", "middle", "full density"};
  for (int i = 0; i < 3; i++)
    g_test_message("%s, %s: %d units, %.0f %% single-hair, mean diameter %.2f px, mean peak %.3f",
                   what, names[i], bands[i]->units, 100.0 * bands[i]->single / bands[i]->units,
                   bands[i]->diameter / bands[i]->units, bands[i]->peak / bands[i]->units);
}

/* The measure: in the outer quarter the mean diameter is at most 0.8 x the full area's
 * and at least 70 % of the units are single-hair; the front is lighter; the middle of the zone
 * mixes single-hair units and clusters. */
static void
assert_graded(const Band *outer, const Band *middle, const Band *full)
{
  g_assert_cmpint(outer->units, >=, 40);
  g_assert_cmpint(full->units, >=, 100);
  double ratio = (outer->diameter / outer->units) / (full->diameter / full->units);
  double single = (double)outer->single / outer->units;
  g_test_message("outer quarter / full: diameter x%.3f, single-hair %.0f %% (full area %.0f %%)",
                 ratio, 100.0 * single, 100.0 * full->single / full->units);
  g_assert_cmpfloat(ratio, <=, 0.8);
  g_assert_cmpfloat(single, >=, 0.7);
  g_assert_cmpfloat(outer->peak / outer->units, <, full->peak / full->units - 0.05);
  /* Full units behind: the mix's 20 % single-hair units, within sampling. */
  g_assert_cmpfloat((double)full->single / full->units, <, 0.3);
  g_assert_cmpfloat((double)middle->single / middle->units, >, 0.2);
  g_assert_cmpfloat((double)middle->single / middle->units, <, 0.9);
}

/* The default hair mix without jitter, so that the peak tells the hair count. */
static GeglNode *
zone_dots(GeglNode *graph)
{
  return gegl_node_new_child(graph, "operation", OP, "ppi", PPI, "density", 160.0, "dot-size", 0.25,
                             "size-jitter", 0.0, "opacity-jitter", 0.0, "density-source",
                             smp_test_nick(OP, "density-source", "input-alpha"), "output-mode",
                             smp_test_nick(OP, "output-mode", "dots"), NULL);
}

/* ---- a density ramp -------------------------------------------------------------------------- */

#define RAMP_X0 60.0
#define RAMP_MM 16.0

static double
across_ramp(const SmpTestBlob *b, gpointer data)
{
  return (b->x - RAMP_X0) / (RAMP_MM * PPI / MM_PER_INCH);
}

/* Alpha rising linearly from 0 to 1 over 16 mm, then full over 15 mm. */
static void
test_ramp(void)
{
  const double ppmm = PPI / MM_PER_INCH;
  GeglNode *graph = gegl_node_new();
  GeglNode *ramp = gegl_node_new_child(graph, "operation", "gegl:linear-gradient", "start-x",
                                       RAMP_X0, "start-y", 0.0, "end-x", RAMP_X0 + RAMP_MM * ppmm,
                                       "end-y", 0.0, "start-color", smp_test_color("rgba(0,0,0,0)"),
                                       "end-color", smp_test_color("black"), NULL);
  GeglNode *dots = zone_dots(graph);
  gegl_node_link(ramp, dots);
  GeglRectangle roi = {(int)RAMP_X0 - 20, 0, (int)(32.0 * ppmm), (int)(36.0 * ppmm)};

  /* The map is the ramp described: alpha at a quarter of the way is 0.25. */
  GeglRectangle probe = {(int)(RAMP_X0 + 0.25 * RAMP_MM * ppmm), 10, 1, 1};
  float *a = smp_test_render_alpha(ramp, &probe, 0);
  g_assert_cmpfloat(fabs(a[0] - 0.25), <, 0.01);
  g_free(a);

  Band outer, middle, full;
  measure(dots, &roi, across_ramp, NULL, &outer, &middle, &full);
  report("ramp", &outer, &middle, &full);
  assert_graded(&outer, &middle, &full);

  /* Off, the units keep the mix's sizes and hair counts in the zone. */
  gegl_node_set(dots, "graded-zone", FALSE, NULL);
  measure(dots, &roi, across_ramp, NULL, &outer, &middle, &full);
  report("ramp, not graded", &outer, &middle, &full);
  g_assert_cmpfloat((double)outer.single / outer.units, <, 0.4);
  g_assert_cmpfloat((outer.diameter / outer.units) / (full.diameter / full.units), >, 0.9);
  g_object_unref(graph);
}

/* ---- the hairline mask, as the hairline procedure fills it ------------------------------------
 */

typedef struct {
  double origin_y, height, transition;
} Line;

/* Front view: the design line at `height` mm above the glabella, hair above it. */
static double
across_line(const SmpTestBlob *b, gpointer data)
{
  const Line *line = data;
  double v = (line->origin_y - b->y) / (PPI / MM_PER_INCH);
  return (v - (line->height - 0.5 * line->transition)) / line->transition;
}

/* A straight line with a 16 mm transition, its middle 40 mm: the mask's alpha as the density. */
static void
test_hairline(void)
{
  const double ppmm = PPI / MM_PER_INCH;
  Line line = {110.0 * ppmm, 80.0, 16.0};
  GeglNode *graph;
  GeglNode *mask = smp_test_hairline_node(&graph, PPI, 25.0 * ppmm, line.origin_y);
  gegl_node_set(mask, "shape", smp_test_nick("smp:hairline-mask", "shape", "straight"),
                "transition", line.transition, NULL);
  GeglNode *dots = zone_dots(graph);
  gegl_node_link(mask, dots);
  /* From 12 mm below the line's front edge to 16 mm behind its back, 40 mm wide. */
  GeglRectangle roi = {(int)(5.0 * ppmm), (int)(line.origin_y - 104.0 * ppmm), (int)(40.0 * ppmm),
                       (int)(44.0 * ppmm)};
  Band outer, middle, full;
  measure(dots, &roi, across_line, &line, &outer, &middle, &full);
  report("hairline", &outer, &middle, &full);
  assert_graded(&outer, &middle, &full);
  g_object_unref(graph);
}

int
main(int argc, char **argv)
{
  smp_test_gegl_init(&argc, &argv);
  g_test_add_func("/follicle-dots/zone-ramp", test_ramp);
  g_test_add_func("/follicle-dots/zone-hairline", test_hairline);
  return smp_test_gegl_exit(g_test_run());
}
