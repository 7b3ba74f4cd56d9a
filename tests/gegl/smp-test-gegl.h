/* Shared fixtures for op-level tests: a real GEGL with the freshly built smp-ops module. */
#pragma once
#include <gegl.h>

/* g_test_init + gegl_init, then loads smp-ops from $SMP_MODULE_DIR (set by meson) and checks that
 * every smp op it registers is present. Call smp_test_gegl_exit() at the end of main(). */
void smp_test_gegl_init(int *argc, char ***argv);
int smp_test_gegl_exit(int status);

/* A new graph holding one node of operation `op_name` with the given properties (NULL-terminated
 * name/value list, as gegl_node_new_child). The returned node belongs to *graph_out: unref that. */
GeglNode *smp_test_op_new(GeglNode **graph_out, const char *op_name, const char *first_property,
                          ...) G_GNUC_NULL_TERMINATED;

/* Renders `roi` (in the coordinates of mipmap `level`) of `node` into a new array of pixels in
 * `format` (e.g. "RGBA float", "R'G'B'A u8"); each render uses no cache, so results of separate
 * calls are independent. Free with g_free. */
gpointer smp_test_render(GeglNode *node, const GeglRectangle *roi, int level, const char *format);

/* The alpha channel of smp_test_render(…, "RGBA float"): one float per pixel. Free with g_free. */
float *smp_test_render_alpha(GeglNode *node, const GeglRectangle *roi, int level);

/* Renders `roi` by splitting it into tiles of tile_w x tile_h, each rendered separately, and
 * assembles the result: for tile- and ROI-independence tests. */
gpointer smp_test_render_tiled(GeglNode *node, const GeglRectangle *roi, int level,
                               const char *format, int tile_w, int tile_h);

/* A colour that lives until the end of the current test case (a node given it as a property keeps
 * its own reference). */
GeglColor *smp_test_color(const char *css);

/* Sets GEGL's worker thread count (1 = single-threaded). */
void smp_test_set_threads(int threads);

#define MM_PER_INCH 25.4

/* The value of an enum property's nick for op `op` (GEGL enum properties take the enum value;
 * GIMP and the plug-in pass nicks, which are the API). Aborts the test if there is none. */
int smp_test_nick(const char *op, const char *property, const char *value_nick);

/* `w_mm` x `h_mm` millimetres at (x_mm, y_mm), in pixels at `ppi`, rounded outwards. */
GeglRectangle smp_test_mm_rect(double ppi, double x_mm, double y_mm, double w_mm, double h_mm);

/* ---- dots found as blobs in a rendered alpha plane ---- */

typedef struct {
  double x, y; /* alpha-weighted centroid, pixels of the rendered ROI's level, absolute */
  double mass; /* sum of alpha */
  double peak; /* largest alpha */
  int pixels;  /* pixels above the threshold */
  gboolean touches_edge;
} SmpTestBlob;

/* Connected components (8-neighbourhood) of alpha > threshold in a w x h plane whose top-left
 * pixel is at (x0, y0): a GArray of SmpTestBlob. */
GArray *smp_test_find_blobs(const float *alpha, int w, int h, int x0, int y0, float threshold);

/* Equivalent diameter (pixels) of a blob: the disc whose area, at the blob's peak alpha, holds the
 * blob's total alpha. */
double smp_test_blob_diameter(const SmpTestBlob *blob);

/* The blobs of alpha > 0.01 in the render of `roi` at `level`. */
GArray *smp_test_render_blobs(GeglNode *node, const GeglRectangle *roi, int level);

/* ---- smp:follicle-dots ---- */

/* A new graph with an smp:follicle-dots node drawing dots alone (seed 42). */
GeglNode *smp_test_dots_node(GeglNode **graph, double ppi, double density);

/* Dots of one fixed size and darkness, so that each blob can be compared with dot-size. */
void smp_test_uniform_dots(GeglNode *dots);

/* The most opaque of `n` RGBA float pixels (the first of equals): where a render of dots alone
 * shows the dots' own colour. */
const float *smp_test_most_opaque(const float *rgba, gsize n);

/* ---- smp:hairline-mask ---- */

/* A hairline node with regular geometry (no irregularity, no asymmetry); callers set the rest. */
GeglNode *smp_test_hairline_node(GeglNode **graph, double ppi, double origin_x, double origin_y);

/* Walking down a column of `n` values (`stride` apart) from the top, the first position (in
 * pixel-centre units from the top of the column) where the value falls through `level`; NAN if it
 * never does. */
double smp_test_first_fall(const float *column, int n, int stride, double level);

/* The same walking up from the bottom: the last position where the value is still >= level. */
double smp_test_last_fall(const float *column, int n, int stride, double level);
