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
