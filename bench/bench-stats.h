/* What the benchmark programs share: medians, their size options, GEGL started alike, the test
 * photo as an 8-bit buffer and timed renders of one op. */
#pragma once

#include <gegl.h>

/* The median of n timings (n >= 1); values is left as it is. */
double smp_bench_median(const double *values, int n);

/* Reads the option at argv[*i] if it is "--rounds N", "--width W", "--height H" or "--ppi PPI",
 * moving *i to its value; FALSE, reading nothing, for any other argument. */
gboolean smp_bench_size_option(int argc, char **argv, int *i, int *rounds, int *width, int *height,
                               double *ppi);

/* The start of a benchmark that takes only the size options: reads them into the defaults given
 * (exiting with status 2 after a usage line naming `program` when an argument is not one of them
 * or a value is out of range), then starts GEGL as smp_bench_gegl_init does. */
void smp_bench_start_sized(const char *program, int *argc, char ***argv, int *rounds, int *width,
                           int *height, double *ppi);

/* Starts GEGL as every benchmark runs it: without OpenCL, so that the CPU paths are what is
 * timed, and as a GPL3 application, which the smp ops' "GPL3+" license key requires. */
void smp_bench_gegl_init(int *argc, char ***argv);

/* The number of threads GEGL renders with. */
int smp_bench_gegl_threads(void);

/* A result row: what was timed, its median `seconds` and its throughput over `n_px` pixels. */
void smp_bench_print_time(const char *what, double seconds, gsize n_px);

/* A float R'G'B'A photo (0..1) as 8-bit R'G'B'A pixels (g_free them) and, in *buffer, a GEGL
 * buffer holding a copy. */
guint8 *smp_bench_photo_u8(const float *rgba, int width, int height, GeglBuffer **buffer);

/* Seconds to render `operation`, with the properties that follow (NULL-terminated), on `input`
 * into `dest` (R'G'B'A u8, the input's extent). Each call builds a fresh graph, so that no cache
 * serves a render. */
double smp_bench_render_seconds(GeglBuffer *input, guint8 *dest, const char *operation,
                                ...) G_GNUC_NULL_TERMINATED;

/* Seconds for gegl:gaussian-blur (std-dev 10), the baseline the analyses are timed against, on
 * `input` into `dest` as smp_bench_render_seconds renders. */
double smp_bench_blur_seconds(GeglBuffer *input, guint8 *dest);
