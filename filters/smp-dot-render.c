/* smp-dot-render: the drawing and compositing path of the dot ops. See smp-dot-render.h. */
#include "smp-dot-render.h"

#include <string.h>

/* Side of the cells that sort dots spatially for drawing, in pixels. */
#define BIN_CELL 64

typedef struct {
  const SmpDotRender *render;
  GeglBuffer *input, *output;
  int level;
  const Babl *format;
  gboolean premultiplied; /* the format is "RaGaBaA float" */
  SmpDotBins bins;
} Job;

/* A comparison rather than fminf (), which is a call per pixel where NaN rules apply. */
static inline float
at_most_one(float a)
{
  return a < 1.0f ? a : 1.0f;
}

/* Over an input that is there; a layer otherwise. */
void
smp_dot_render_prepare(GeglOperation *operation, SmpDotRenderMode mode)
{
  const Babl *space = gegl_operation_get_source_space(operation, "input");
  const gboolean over =
      mode == SMP_DOT_RENDER_OVER && gegl_operation_source_get_bounding_box(operation, "input");
  const Babl *format = babl_format_with_space(over ? "RaGaBaA float" : "RGBA float", space);
  gegl_operation_set_format(operation, "input", format);
  gegl_operation_set_format(operation, "output", format);
}

/* The dots alone: their colour with the coverage as alpha. Premultiplied, the colour stays
 * associated with an alpha no smaller than babl's floor, as babl stores it, so that transparent
 * pixels keep the dots' colour in either format. */
static void
composite_layer(const SmpDotRender *r, gboolean premultiplied, const float *alpha, float *out,
                gsize n)
{
  const float cr = r->colour[0], cg = r->colour[1], cb = r->colour[2], ca = r->opacity;
  if (premultiplied) {
    for (gsize i = 0; i < n; i++, out += 4) {
      float a = at_most_one(alpha[i] * ca), k = a > BABL_ALPHA_FLOOR_F ? a : BABL_ALPHA_FLOOR_F;
      out[0] = cr * k, out[1] = cg * k, out[2] = cb * k;
      out[3] = a;
    }
    return;
  }
  for (gsize i = 0; i < n; i++, out += 4) {
    out[0] = cr, out[1] = cg, out[2] = cb;
    out[3] = at_most_one(alpha[i] * ca);
  }
}

/* Premultiplied "over": the dot's colour at coverage a over what is below. */
static void
composite(const SmpDotRender *r, gboolean premultiplied, const float *alpha, const float *in,
          float *out, gsize n)
{
  const float cr = r->colour[0], cg = r->colour[1], cb = r->colour[2], ca = r->opacity;
  switch (r->mode) {
  case SMP_DOT_RENDER_OVER:
    if (in) {
      for (gsize i = 0; i < n; i++, out += 4, in += 4) {
        float a = at_most_one(alpha[i] * ca), below = 1.0f - a;
        out[0] = cr * a + in[0] * below;
        out[1] = cg * a + in[1] * below;
        out[2] = cb * a + in[2] * below;
        out[3] = a + in[3] * below;
      }
      break;
    }
    G_GNUC_FALLTHROUGH; /* nothing below: a layer */
  case SMP_DOT_RENDER_LAYER:
    composite_layer(r, premultiplied, alpha, out, n);
    break;
  case SMP_DOT_RENDER_STENCIL:
    for (gsize i = 0; i < n; i++, out += 4) {
      float v = 1.0f - at_most_one(alpha[i]);
      out[0] = v, out[1] = v, out[2] = v, out[3] = 1.0f;
    }
    break;
  }
}

/* A chunk that no dot touches. */
static void
composite_empty(const SmpDotRender *r, gboolean premultiplied, const float *in, float *out, gsize n)
{
  if (r->mode == SMP_DOT_RENDER_OVER && in) {
    memcpy(out, in, n * 4 * sizeof(float));
    return;
  }
  const float zero = 0.0f;
  composite(r, premultiplied, &zero, NULL, out, 1);
  for (gsize i = 1; i < n; i++)
    memcpy(out + 4 * i, out, 4 * sizeof(float));
}

/* Whether a binned dot may touch [x, x + width) x [y, y + height). */
static gboolean
any_dot_near(const SmpDotBins *bins, int x, int y, int width, int height)
{
  const int c0 = MAX(0, (x - bins->x0) / bins->cell);
  const int c1 = MIN(bins->cols - 1, (x + width - 1 - bins->x0) / bins->cell);
  const int r0 = MAX(0, (y - bins->y0) / bins->cell);
  const int r1 = MIN(bins->rows - 1, (y + height - 1 - bins->y0) / bins->cell);
  for (int r = r0; r <= r1; r++)
    for (int c = c0; c <= c1; c++) {
      const gsize k = (gsize)r * bins->cols + c;
      if (bins->start[k + 1] > bins->start[k])
        return TRUE;
    }
  return FALSE;
}

static void
render_area(const GeglRectangle *area, gpointer user_data)
{
  const Job *job = user_data;
  /* over the input only when it is there (prepare chose the premultiplied format then) */
  const gboolean over =
      job->render->mode == SMP_DOT_RENDER_OVER && job->input && job->premultiplied;
  GeglBufferIterator *it = gegl_buffer_iterator_new(
      job->output, area, job->level, job->format, GEGL_ACCESS_WRITE, GEGL_ABYSS_NONE, over ? 2 : 1);
  if (over)
    gegl_buffer_iterator_add(it, job->input, area, job->level, job->format, GEGL_ACCESS_READ,
                             GEGL_ABYSS_NONE);
  float *alpha = NULL;
  gsize alpha_size = 0;
  while (gegl_buffer_iterator_next(it)) {
    const GeglRectangle *roi = &it->items[0].roi;
    const float *in = over ? it->items[1].data : NULL;
    const gsize n = (gsize)roi->width * roi->height;
    if (!any_dot_near(&job->bins, roi->x, roi->y, roi->width, roi->height)) {
      composite_empty(job->render, job->premultiplied, in, it->items[0].data, n);
      continue;
    }
    if (n > alpha_size) {
      g_free(alpha);
      alpha = g_new(float, n);
      alpha_size = n;
    }
    memset(alpha, 0, n * sizeof(float));
    smp_dot_bins_splat(&job->bins, job->render->dots, alpha, roi->width, roi->x, roi->y, roi->width,
                       roi->height);
    composite(job->render, job->premultiplied, alpha, in, it->items[0].data, n);
  }
  g_free(alpha);
}

gboolean
smp_dot_render_pass_through(GeglOperation *operation, GeglOperationContext *context)
{
  GObject *input = gegl_operation_source_get_bounding_box(operation, "input")
                       ? gegl_operation_context_get_object(context, "input")
                       : NULL;
  if (!input)
    return FALSE;
  gegl_operation_context_take_object(context, "output", g_object_ref(input));
  return TRUE;
}

gboolean
smp_dot_render_operation_process(GeglOperation *operation, GeglOperationContext *context,
                                 const gchar *output_pad, const GeglRectangle *result,
                                 gboolean untouched)
{
  if (untouched && smp_dot_render_pass_through(operation, context))
    return TRUE;
  GeglOperationClass *parent =
      GEGL_OPERATION_CLASS(g_type_class_peek_parent(G_OBJECT_GET_CLASS(operation)));
  return parent->process(operation, context, output_pad, result,
                         gegl_operation_context_get_level(context));
}

void
smp_dot_render_class_init(GeglOperationClass *operation_class)
{
  operation_class->threaded = FALSE;
}

void
smp_dot_render(GeglOperation *operation, const SmpDotRender *render, GeglBuffer *input,
               GeglBuffer *output, const GeglRectangle *roi, int level)
{
  g_return_if_fail(render != NULL && output != NULL && roi != NULL);
  const Babl *format = gegl_operation_get_format(operation, "output");
  Job job = {
      render, input,
      output, level,
      format, format == babl_format_with_space("RaGaBaA float", babl_format_get_space(format))};
  smp_dot_bins_build(&job.bins, render->dots, render->n_dots, roi->x, roi->y, roi->width,
                     roi->height, BIN_CELL);
  gegl_parallel_distribute_area(roi, gegl_operation_get_pixels_per_thread(operation),
                                GEGL_SPLIT_STRATEGY_HORIZONTAL, render_area, &job);
  smp_dot_bins_clear(&job.bins);
}
