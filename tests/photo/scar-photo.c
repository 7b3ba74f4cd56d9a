/* Synthetic scalp photos with known scars and dots (scar-photo.h). */
#include "scar-photo.h"

#include <math.h>
#include <string.h>

#include "smp-photo-private.h"

/* Uniform in [0, 1) from (seed, a, b, stream). */
static double
unit(guint32 seed, guint32 a, guint32 b, guint32 stream)
{
  return (mix(mix(mix(seed ^ stream * 0x9e3779b9u) + a) + b) >> 8) / 16777216.0;
}

void
scar_photo_spec_init(ScarPhotoSpec *spec, int width, int height)
{
  *spec = (ScarPhotoSpec){
      .width = width,
      .height = height,
      .ppi = 300.0,
      .density = 60.0,
      .dot_mm = 0.25,
      .shape = SCAR_PHOTO_NONE,
      .strip_mm = 8.0,
      .fue_mm = 1.0,
      .fue_pitch_mm = 3.0,
      .margin_mm = 10.0,
      .seed = 1,
  };
}

ScarPhotoSpec
scar_photo_spec(int width, int height, ScarPhotoShape shape, double density)
{
  ScarPhotoSpec spec;
  scar_photo_spec_init(&spec, width, height);
  spec.shape = shape;
  spec.density = density;
  return spec;
}

typedef struct {
  double x, y;
} Point;

/* Strip centre line (px) at column x. */
static double
strip_centre(const ScarPhotoSpec *s, double ppm, double x)
{
  return 0.5 * s->height + 2.0 * ppm * sin(2.0 * G_PI * x / (60.0 * ppm));
}

/* FUE punch scars: at most one per cell of a square grid, jittered within its cell. */
typedef struct {
  double pitch, margin;
  int cols, rows;
  Point *centre;
  gboolean *present;
} Punches;

static void
punches_init(Punches *f, const ScarPhotoSpec *s, double ppm)
{
  f->pitch = s->fue_pitch_mm * ppm;
  f->margin = s->margin_mm * ppm;
  f->cols =
      s->shape == SCAR_PHOTO_FUE ? MAX(0, (int)ceil((s->width - 2 * f->margin) / f->pitch)) : 0;
  f->rows =
      s->shape == SCAR_PHOTO_FUE ? MAX(0, (int)ceil((s->height - 2 * f->margin) / f->pitch)) : 0;
  f->centre = g_new(Point, MAX(1, f->cols * f->rows));
  f->present = g_new0(gboolean, MAX(1, f->cols * f->rows));
  for (int j = 0; j < f->rows; j++)
    for (int i = 0; i < f->cols; i++) {
      Point c = {
          f->margin + (i + 0.5) * f->pitch + 0.3 * f->pitch * (2.0 * unit(s->seed, i, j, 7) - 1.0),
          f->margin + (j + 0.5) * f->pitch + 0.3 * f->pitch * (2.0 * unit(s->seed, i, j, 8) - 1.0)};
      f->centre[j * f->cols + i] = c;
      f->present[j * f->cols + i] = c.x < s->width - f->margin && c.y < s->height - f->margin;
    }
}

/* Distance (px) outside the scar edge; negative inside. Exact within a fraction of the pitch of a
 * punch scar, which is all the builder needs. */
static double
scar_signed_distance(const ScarPhotoSpec *s, double ppm, const Punches *f, double x, double y)
{
  if (s->shape == SCAR_PHOTO_STRIP) {
    double slope = 2.0 * ppm * 2.0 * G_PI / (60.0 * ppm) * cos(2.0 * G_PI * x / (60.0 * ppm));
    double across = fabs(y - strip_centre(s, ppm, x)) / sqrt(1.0 + slope * slope);
    return across - 0.5 * s->strip_mm * ppm;
  }
  if (s->shape == SCAR_PHOTO_FUE) {
    double best = INFINITY, r = 0.5 * s->fue_mm * ppm;
    int ci = (int)floor((x - f->margin) / f->pitch), cj = (int)floor((y - f->margin) / f->pitch);
    for (int j = MAX(cj - 1, 0); j <= MIN(cj + 1, f->rows - 1); j++)
      for (int i = MAX(ci - 1, 0); i <= MIN(ci + 1, f->cols - 1); i++)
        if (f->present[j * f->cols + i]) {
          Point c = f->centre[j * f->cols + i];
          best = fmin(best, hypot(c.x - x, c.y - y) - r);
        }
    return best;
  }
  return INFINITY;
}

ScarPhoto *
scar_photo_build(const ScarPhotoSpec *s)
{
  const double ppm = s->ppi / 25.4;
  const int w = s->width, h = s->height;
  ScarPhoto *p = g_new0(ScarPhoto, 1);
  p->width = w;
  p->height = h;
  p->rgba = g_new(float, (gsize)w *h * 4);
  p->scar = g_new0(guint8, (gsize)w * h);
  /* Monk 5 skin, or Monk 8 (#604134); hypopigmented scar tissue and white punch scars lighter */
  const float light_skin[3] = {0.84f, 0.74f, 0.59f}, dark_skin[3] = {0.376f, 0.255f, 0.204f};
  const float light_scar[3] = {0.91f, 0.85f, 0.76f}, dark_scar[3] = {0.52f, 0.40f, 0.34f};
  const float light_white[3] = {0.95f, 0.93f, 0.89f}, dark_white[3] = {0.70f, 0.60f, 0.54f};
  const float grey_ink[3] = {0.20f, 0.20f, 0.23f}, black_ink[3] = {0.07f, 0.07f, 0.08f};
  const float *skin = s->dark_skin ? dark_skin : light_skin;
  const float *scar = s->dark_skin ? dark_scar : light_scar;
  const float *white = s->dark_skin ? dark_white : light_white;
  const float *pigment = s->dark_skin ? black_ink : grey_ink;
  memcpy(p->skin, skin, sizeof p->skin);
  memcpy(p->pigment, pigment, sizeof p->pigment);
  memcpy(p->tissue, s->shape == SCAR_PHOTO_FUE ? white : scar, sizeof p->tissue);

  Punches fue;
  punches_init(&fue, s, ppm);

  /* skin, scar, texture, lighting */
  const double edge = 0.1 * ppm;
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++) {
      gsize i = (gsize)y * w + x;
      double d = scar_signed_distance(s, ppm, &fue, x + 0.5, y + 0.5);
      double t = CLAMP(0.5 - d / (2.0 * edge), 0.0, 1.0);
      double light = 1.0 + 0.04 * ((double)x / w - 0.5);
      double grain = 2.0 * unit(s->seed, x, y, 1) - 1.0;
      double noise = grain * ((1.0 - t) * 0.03 + t * 0.01);
      const float *tissue = s->shape == SCAR_PHOTO_FUE ? white : scar;
      for (int c = 0; c < 3; c++)
        p->rgba[4 * i + c] =
            (float)CLAMP(((1.0 - t) * skin[c] + t * tissue[c]) * light + noise, 0.0, 1.0);
      p->rgba[4 * i + 3] = 1.0f;
      p->scar[i] = d <= 0.0;
    }

  /* existing dots on a jittered hexagonal lattice, none inside the scar */
  if (s->density > 0.0) {
    const double a = sqrt(2.0 / (sqrt(3.0) * s->density / 100.0)) * ppm;
    const double row = a * sqrt(3.0) / 2.0;
    const double ox = unit(s->seed, 0, 0, 2) * a, oy = unit(s->seed, 0, 0, 3) * row;
    for (int j = -1; oy + j * row < h + a; j++)
      for (int i = -1; ox + i * a < w + a; i++) {
        double jr = 0.2 * a * sqrt(unit(s->seed, i + 99, j + 99, 4));
        double ja = 2.0 * G_PI * unit(s->seed, i + 99, j + 99, 5);
        double cx = ox + i * a + (j & 1 ? 0.5 * a : 0.0) + jr * cos(ja);
        double cy = oy + j * row + jr * sin(ja);
        double r = 0.5 * s->dot_mm * ppm * (0.9 + 0.2 * unit(s->seed, i + 99, j + 99, 6));
        if (scar_signed_distance(s, ppm, &fue, cx, cy) <= 0.0)
          continue;
        if (cx < 0 || cy < 0 || cx >= w || cy >= h)
          continue;
        p->n_dots++;
        for (int y = MAX(0, (int)(cy - r - 1)); y <= MIN(h - 1, (int)(cy + r + 1)); y++)
          for (int x = MAX(0, (int)(cx - r - 1)); x <= MIN(w - 1, (int)(cx + r + 1)); x++) {
            double cover = CLAMP(r + 0.5 - hypot(x + 0.5 - cx, y + 0.5 - cy), 0.0, 1.0);
            float *px = p->rgba + 4 * ((gsize)y * w + x);
            /* a camera mixes the pigment and the skin in a pixel in linear light (a mix of two
             * colours in 0..1, which to_srgb's clamp leaves as it is) */
            for (int c = 0; c < 3; c++)
              px[c] = (float)to_srgb(from_srgb(px[c]) +
                                     cover * (from_srgb(pigment[c]) - from_srgb(px[c])));
          }
      }
  }
  g_free(fue.centre);
  g_free(fue.present);
  return p;
}

void
scar_photo_free(ScarPhoto *p)
{
  if (!p)
    return;
  g_free(p->rgba);
  g_free(p->scar);
  g_free(p);
}

float *
scar_photo_luma(const float *rgba, int w, int h)
{
  float *y = g_new(float, (gsize)w *h);
  for (gsize i = 0; i < (gsize)w * h; i++)
    y[i] = 0.2126f * rgba[4 * i] + 0.7152f * rgba[4 * i + 1] + 0.0722f * rgba[4 * i + 2];
  return y;
}

float *
scar_photo_luma_u8(const guint8 *rgba, int w, int h)
{
  float *y = g_new(float, (gsize)w *h);
  for (gsize i = 0; i < (gsize)w * h; i++)
    y[i] = (0.2126f * rgba[4 * i] + 0.7152f * rgba[4 * i + 1] + 0.0722f * rgba[4 * i + 2]) / 255.0f;
  return y;
}

GArray *
scar_photo_find_dots(const float *luma, int w, int h, float threshold)
{
  GArray *blobs = g_array_new(FALSE, FALSE, sizeof(ScarPhotoBlob));
  guint8 *seen = g_new0(guint8, (gsize)w * h);
  GArray *stack = g_array_new(FALSE, FALSE, sizeof(int));
  for (int start = 0; start < w * h; start++) {
    if (seen[start] || luma[start] >= threshold)
      continue;
    double sx = 0.0, sy = 0.0;
    int n = 0;
    float darkest = 1.0f;
    seen[start] = 1;
    g_array_append_val(stack, start);
    while (stack->len > 0) {
      int i = g_array_index(stack, int, stack->len - 1);
      g_array_set_size(stack, stack->len - 1);
      int x = i % w, y = i / w;
      sx += x + 0.5;
      sy += y + 0.5;
      n++;
      darkest = fminf(darkest, luma[i]);
      for (int dy = -1; dy <= 1; dy++)
        for (int dx = -1; dx <= 1; dx++) {
          int nx = x + dx, ny = y + dy;
          if (nx < 0 || ny < 0 || nx >= w || ny >= h)
            continue;
          int j = ny * w + nx;
          if (!seen[j] && luma[j] < threshold) {
            seen[j] = 1;
            g_array_append_val(stack, j);
          }
        }
    }
    ScarPhotoBlob blob = {sx / n, sy / n, n, darkest};
    g_array_append_val(blobs, blob);
  }
  g_array_free(stack, TRUE);
  g_free(seen);
  return blobs;
}

float *
scar_photo_distance(const guint8 *mask, int w, int h, float cap)
{
  /* vertical distance to the mask in each column, then the nearest over a horizontal window */
  float *vert = g_new(float, (gsize)w *h), *dist = g_new(float, (gsize)w *h);
  for (int x = 0; x < w; x++) {
    float run = INFINITY;
    for (int y = 0; y < h; y++) {
      run = mask[(gsize)y * w + x] ? 0.0f : run + 1.0f;
      vert[(gsize)y * w + x] = run;
    }
    run = INFINITY;
    for (int y = h - 1; y >= 0; y--) {
      run = mask[(gsize)y * w + x] ? 0.0f : run + 1.0f;
      vert[(gsize)y * w + x] = fminf(vert[(gsize)y * w + x], run);
    }
  }
  const int reach = (int)ceilf(cap);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++) {
      float best = cap;
      for (int dx = -reach; dx <= reach; dx++) {
        int nx = x + dx;
        if (nx < 0 || nx >= w)
          continue;
        float v = vert[(gsize)y * w + nx];
        if (v < cap)
          best = fminf(best, sqrtf((float)(dx * dx) + v * v));
      }
      dist[(gsize)y * w + x] = best;
    }
  g_free(vert);
  return dist;
}
