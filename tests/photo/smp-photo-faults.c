/* smp-photo-faults: close-up photos of old SMP with planted faults. See smp-photo-faults.h and
 * docs/test-photos.md. */
#include "smp-photo-faults.h"

#include <math.h>
#include <string.h>

#include "smp-color.h"
#include "smp-photo-private.h"
#include "smp-photo.h"

/* Uniform in [0, 1) from (seed, two integers, stream). */
static double
unit(guint32 seed, gint32 a, gint32 b, guint32 stream)
{
  return hash_unit(seed, a, b, 0, stream);
}

/* Smooth value noise in [-1, 1] over the plane (unit lattice). */
static double
noise2(guint32 seed, guint32 stream, double x, double y)
{
  double fx = floor(x), fy = floor(y), tx = x - fx, ty = y - fy;
  tx = tx * tx * (3.0 - 2.0 * tx);
  ty = ty * ty * (3.0 - 2.0 * ty);
  gint32 ix = (gint32)fx, iy = (gint32)fy;
  double a = unit(seed, ix, iy, stream), b = unit(seed, ix + 1, iy, stream);
  double c = unit(seed, ix, iy + 1, stream), d = unit(seed, ix + 1, iy + 1, stream);
  return 2.0 * ((a + tx * (b - a)) + ty * ((c + tx * (d - c)) - (a + tx * (b - a)))) - 1.0;
}

void
smp_faults_spec_init(SmpFaultsSpec *spec)
{
  memset(spec, 0, sizeof *spec);
  spec->ppi = 600.0;
  spec->width = (int)lround(50.0 * spec->ppi / 25.4);
  spec->height = (int)lround(40.0 * spec->ppi / 25.4);
  spec->monk = 4;
  spec->pigment_srgb[0] = 0x14 / 255.0f;
  spec->pigment_srgb[1] = 0x11 / 255.0f;
  spec->pigment_srgb[2] = 0x0f / 255.0f;
  spec->water = 11.0;
  spec->density = 120.0;
  spec->dot_mm = 0.25;
  spec->blown_fraction = 0.06;
  spec->dark_fraction = 0.06;
  spec->n_helmets = 1;
  spec->hairline = SMP_FAULTS_HAIRLINE_NATURAL;
  spec->hairline_y_mm = 30.0;
  spec->hairline_height_mm = 80.0;
  spec->noise = 0.01;
  spec->seed = 1;
}

/* ---------------------------------------------------------------------------------------------
 * The scene, in mm from the picture's top left
 */

typedef struct {
  double cx, cy, rx, ry; /* ellipse, mm */
} Patch;

typedef struct {
  const SmpFaultsSpec *spec;
  double ppm;
  double w_mm, h_mm;
  double skin[3];                            /* linear albedo */
  double normal_t[3], dark_t[3], blown_t[3]; /* transmission of the dots' cores */
  double veil_t[3];                          /* of a solid-shade patch */
  Patch helmets[3], dense;
  int n_helmets;
} Scene;

/* Height of the hairline from the picture's top at x (mm); the treated area lies above it. */
static double
hairline_at(const Scene *s, double x)
{
  const SmpFaultsSpec *spec = s->spec;
  if (spec->hairline == SMP_FAULTS_HAIRLINE_NONE)
    return 1e9;
  if (spec->hairline == SMP_FAULTS_HAIRLINE_STRAIGHT)
    return spec->hairline_y_mm;
  /* a natural line wanders by a few mm over 1 cm and zig-zags by about 1 mm every 3-4 mm */
  double phase = 2.0 * G_PI * unit(spec->seed, 0, 0, 62);
  return spec->hairline_y_mm + 2.0 * noise2(spec->seed, 60, x / 10.0, 0.5) +
         0.8 * sin(2.0 * G_PI * x / 3.5 + phase) + 0.6 * noise2(spec->seed, 61, x / 2.0, 0.5);
}

/* The share of the lattice's dots present at (x, y) mm: 1 well above the hairline, thinning over
 * 5 mm above a natural one, a hard edge at a straight one. */
static double
treated_fraction(const Scene *s, double x, double y)
{
  double t = hairline_at(s, x) - y;
  if (s->spec->hairline == SMP_FAULTS_HAIRLINE_NATURAL)
    return smoothstep(-0.5, 5.0, t);
  return t > 0.0 ? 1.0 : 0.0;
}

static double
patch_distance(const Scene *s, const Patch *p, double x, double y, guint32 stream)
{
  double dx = (x - p->cx) / p->rx, dy = (y - p->cy) / p->ry;
  /* an irregular outline: the radius varies by about 12 % */
  return sqrt(dx * dx + dy * dy) + 0.12 * noise2(s->spec->seed, stream, x / 3.0, y / 3.0);
}

static gboolean
in_helmet(const Scene *s, double x, double y)
{
  for (int k = 0; k < s->n_helmets; k++)
    if (patch_distance(s, &s->helmets[k], x, y, 70 + k) < 1.0)
      return TRUE;
  return FALSE;
}

static gboolean
in_dense(const Scene *s, double x, double y)
{
  return s->spec->dense_patch && patch_distance(s, &s->dense, x, y, 75) < 1.0;
}

/* Patches spread over the treated area, apart from each other: a fixed layout of slots, picked
 * by the seed. */
static void
place_patches(Scene *s)
{
  const SmpFaultsSpec *spec = s->spec;
  const double top = 4.0, bottom = MIN(s->h_mm, spec->hairline_y_mm) - 9.0;
  const double slots[4][2] = {{0.2, 0.3}, {0.75, 0.25}, {0.3, 0.8}, {0.8, 0.8}};
  const int first = (int)(unit(spec->seed, 0, 0, 80) * 4.0);
  s->n_helmets = CLAMP(spec->n_helmets, 0, 3);
  for (int k = 0; k < s->n_helmets + 1; k++) {
    const double *slot = slots[(first + k) % 4];
    const double grow = k < s->n_helmets ? 1.0 : 1.4; /* the dense patch spans whole regions */
    Patch p = {8.0 + slot[0] * (s->w_mm - 16.0), top + slot[1] * MAX(bottom - top, 1.0),
               grow * (5.5 + 2.5 * unit(spec->seed, k, 1, 80)),
               grow * (4.5 + 2.0 * unit(spec->seed, k, 2, 80))};
    if (k < s->n_helmets)
      s->helmets[k] = p;
    else
      s->dense = p;
  }
}

/* The transmission (dot / skin, linear) of healed pigment diluted with `water` parts. */
static void
healed_transmission(const Scene *s, double water, double t[3])
{
  double pigment[3], diluted[3], healed[3];
  for (int c = 0; c < 3; c++)
    pigment[c] = from_srgb(s->spec->pigment_srgb[c]);
  smp_color_diluted(pigment, s->skin, water, diluted);
  smp_color_healed(diluted, s->skin, 2.0, healed);
  for (int c = 0; c < 3; c++)
    t[c] = healed[c] / s->skin[c];
}

static void
scene_init(Scene *s, const SmpFaultsSpec *spec)
{
  memset(s, 0, sizeof *s);
  s->spec = spec;
  s->ppm = spec->ppi / 25.4;
  s->w_mm = spec->width / s->ppm;
  s->h_mm = spec->height / s->ppm;
  float skin[3];
  smp_photo_monk_srgb(spec->monk, skin);
  for (int c = 0; c < 3; c++)
    s->skin[c] = from_srgb(skin[c]);
  healed_transmission(s, spec->water, s->normal_t);
  healed_transmission(s, 0.0, s->dark_t);
  for (int c = 0; c < 3; c++) {
    /* spread ink: a third less of it at the core, and bluer (deeper pigment scatters more blue) */
    const double blue[3] = {1.0, 0.9, 0.55};
    s->blown_t[c] = 1.0 - 0.65 * (1.0 - s->normal_t[c]) * blue[c];
    /* merged dots: a veil of two thirds of their darkness over the whole patch */
    s->veil_t[c] = 1.0 - 0.65 * (1.0 - s->normal_t[c]);
  }
  if (spec->too_blue) {
    /* a strong cool cast: red absorbed far more than blue */
    const double cast[3] = {1.25, 1.0, 0.45};
    for (int c = 0; c < 3; c++)
      s->normal_t[c] = CLAMP(1.0 - (1.0 - s->normal_t[c]) * cast[c], 0.0, 1.0);
  }
  place_patches(s);
}

/* ---------------------------------------------------------------------------------------------
 * Drawing
 */

/* Multiplies the pixels under a round dot by its transmission, with a soft edge of `edge` px. */
static void
stamp(float *trans, int w, int h, double cx, double cy, double r, double edge, const double t[3],
      double opacity)
{
  const double reach = r + 3.0 * edge + 1.0;
  int x0 = MAX(0, (int)floor(cx - reach)), x1 = MIN(w - 1, (int)ceil(cx + reach));
  int y0 = MAX(0, (int)floor(cy - reach)), y1 = MIN(h - 1, (int)ceil(cy + reach));
  for (int y = y0; y <= y1; y++)
    for (int x = x0; x <= x1; x++) {
      double d = hypot(x + 0.5 - cx, y + 0.5 - cy);
      double a = opacity / (1.0 + exp((d - r) / edge));
      if (a < 1e-3)
        continue;
      float *px = trans + 3 * ((gsize)y * w + x);
      for (int c = 0; c < 3; c++)
        px[c] *= (float)(1.0 - a * (1.0 - t[c]));
    }
}

/* A jittered hexagonal lattice of `density` per cm² over the picture; each point (mm) goes to
 * `visit`. */
typedef void (*Visit)(Scene *s, int i, int j, double x, double y, gpointer data);

static void
lattice(Scene *s, double density, guint32 stream, Visit visit, gpointer data)
{
  const double a = sqrt(2.0 / (sqrt(3.0) * density / 100.0)), row = a * sqrt(3.0) / 2.0;
  for (int j = -1; j * row < s->h_mm + a; j++)
    for (int i = -1; i * a < s->w_mm + a; i++) {
      double jr = 0.22 * a * sqrt(unit(s->spec->seed, i, j, stream));
      double ja = 2.0 * G_PI * unit(s->spec->seed, i, j, stream + 1);
      double x = i * a + (j & 1 ? 0.5 * a : 0.0) + jr * cos(ja), y = j * row + jr * sin(ja);
      if (x >= 0.0 && y >= 0.0 && x < s->w_mm && y < s->h_mm)
        visit(s, i, j, x, y, data);
    }
}

typedef struct {
  float *trans;
  GArray *dots;
  guint32 stream;
  gboolean dense_only;
} Drawing;

static void
visit_dot(Scene *s, int i, int j, double x, double y, gpointer data)
{
  Drawing *dr = data;
  const SmpFaultsSpec *spec = s->spec;
  const guint32 seed = spec->seed, st = dr->stream;
  gboolean dense = in_dense(s, x, y);
  if (dr->dense_only != dense) /* the dense patch has its own lattice */
    return;
  if (unit(seed, i, j, st + 2) >= treated_fraction(s, x, y))
    return;
  SmpFaultsDot dot = {(float)(x * s->ppm), (float)(y * s->ppm), 0.0f, SMP_FAULTS_DOT_NORMAL,
                      in_helmet(s, x, y)};
  double u = unit(seed, i, j, st + 3);
  if (!dot.in_helmet && !dense && u < spec->blown_fraction)
    dot.kind = SMP_FAULTS_DOT_BLOWN;
  else if (!dot.in_helmet && !dense && u < spec->blown_fraction + spec->dark_fraction)
    dot.kind = SMP_FAULTS_DOT_DARK;
  double size = 0.85 + 0.3 * unit(seed, i, j, st + 4);
  double opacity = 0.9 + 0.1 * unit(seed, i, j, st + 5);
  const double *t = dot.kind == SMP_FAULTS_DOT_DARK ? s->dark_t : s->normal_t;
  double r_mm = 0.5 * spec->dot_mm * size, edge_mm = 0.02;
  if (dot.kind == SMP_FAULTS_DOT_BLOWN) {
    r_mm = 0.3 + 0.2 * unit(seed, i, j, st + 6);
    edge_mm = 0.09;
    t = s->blown_t;
  }
  dot.diameter_mm = (float)(2.0 * r_mm);
  stamp(dr->trans, spec->width, spec->height, dot.x, dot.y, r_mm * s->ppm,
        MAX(edge_mm * s->ppm, 0.3), t, opacity);
  g_array_append_val(dr->dots, dot);
}

/* Skin and light at pixel (x, y): albedo with mottling and pores under a soft light. */
static void
skin_at(const Scene *s, int x, int y, double lin[3])
{
  const guint32 seed = s->spec->seed;
  double X = (x + 0.5) / s->ppm, Y = (y + 0.5) / s->ppm;
  double mottle =
      0.05 * noise2(seed, 1, X / 5.0, Y / 5.0) + 0.025 * noise2(seed, 2, X / 1.4, Y / 1.4);
  double pore = 0.05 * MAX(noise2(seed, 3, X / 0.22, Y / 0.22) - 0.3, 0.0);
  double u = X / s->w_mm - 0.5, v = Y / s->h_mm - 0.5;
  double light = 0.8 * (1.0 + 0.14 * u - 0.1 * v) * (1.0 - 0.18 * (u * u + v * v));
  double red = 0.03 * noise2(seed, 4, X / 7.0, Y / 7.0);
  double f = light * (1.0 + mottle) * (1.0 - pore);
  lin[0] = s->skin[0] * f * (1.0 + red);
  lin[1] = s->skin[1] * f;
  lin[2] = s->skin[2] * f * (1.0 - 0.5 * red);
}

SmpFaultsPhoto *
smp_faults_render(const SmpFaultsSpec *spec)
{
  const int w = MAX(spec->width, 1), h = MAX(spec->height, 1);
  const gsize n = (gsize)w * h;
  Scene s;
  scene_init(&s, spec);
  SmpFaultsPhoto *photo = g_new0(SmpFaultsPhoto, 1);
  photo->width = w;
  photo->height = h;
  photo->helmet = g_new0(guint8, n);
  photo->dense = g_new0(guint8, n);

  /* transmission of the pigment over every pixel: the veil of the patches, then the dots */
  float *trans = g_new(float, 3 * n);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++) {
      gsize i = (gsize)y * w + x;
      double X = (x + 0.5) / s.ppm, Y = (y + 0.5) / s.ppm;
      photo->helmet[i] = in_helmet(&s, X, Y) && treated_fraction(&s, X, Y) > 0.5;
      photo->dense[i] = in_dense(&s, X, Y) && treated_fraction(&s, X, Y) > 0.5;
      for (int c = 0; c < 3; c++)
        trans[3 * i + c] = photo->helmet[i] ? (float)s.veil_t[c] : 1.0f;
    }
  Drawing dr = {trans, g_array_new(FALSE, FALSE, sizeof(SmpFaultsDot)), 100, FALSE};
  if (spec->density > 0.0) {
    lattice(&s, spec->density, 100, visit_dot, &dr);
    dr.stream = 110;
    dr.dense_only = TRUE;
    if (spec->dense_patch)
      lattice(&s, 2.5 * spec->density, 110, visit_dot, &dr);
  }

  double *lin = g_new(double, 3 * n);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++) {
      gsize i = (gsize)y * w + x;
      skin_at(&s, x, y, lin + 3 * i);
      for (int c = 0; c < 3; c++)
        lin[3 * i + c] *= trans[3 * i + c];
    }
  g_free(trans);
  smp_photo_blur_lens(lin, w, h);
  photo->rgba = g_new(float, 4 * n);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++) {
      gsize i = (gsize)y * w + x;
      for (int c = 0; c < 3; c++) {
        double v = to_srgb(lin[3 * i + c]) + spec->noise * smp_photo_gaussian(spec->seed, x, y, c);
        photo->rgba[4 * i + c] = (float)(CLAMP(lround(v * 255.0), 0, 255) / 255.0);
      }
      photo->rgba[4 * i + 3] = 1.0f;
    }
  g_free(lin);

  photo->n_dots = (int)dr.dots->len;
  photo->dots = (SmpFaultsDot *)g_array_free(dr.dots, FALSE);
  double lowest = 0.0, sum = 0.0, sum2 = 0.0;
  const int samples = 200;
  for (int k = 0; k < samples; k++) {
    double y = spec->hairline == SMP_FAULTS_HAIRLINE_NONE
                   ? 0.0
                   : hairline_at(&s, (k + 0.5) * s.w_mm / samples);
    lowest = MAX(lowest, y);
    sum += y;
    sum2 += y * y;
  }
  photo->glabella_y = (lowest + spec->hairline_height_mm) * s.ppm;
  photo->hairline_rms_mm = sqrt(MAX(sum2 / samples - (sum / samples) * (sum / samples), 0.0));
  return photo;
}

void
smp_faults_free(SmpFaultsPhoto *photo)
{
  if (!photo)
    return;
  g_free(photo->rgba);
  g_free(photo->helmet);
  g_free(photo->dense);
  g_free(photo->dots);
  g_free(photo);
}

void
smp_faults_correction_params(const SmpFaultsSpec *spec, const SmpFaultsPhoto *photo,
                             SmpCorrectionParams *p)
{
  float skin_srgb[3];
  double pigment[3], skin[3];
  smp_photo_monk_srgb(spec->monk, skin_srgb);
  for (int c = 0; c < 3; c++) {
    pigment[c] = from_srgb(spec->pigment_srgb[c]);
    skin[c] = from_srgb(skin_srgb[c]);
  }
  memset(p, 0, sizeof *p);
  p->px_per_mm = spec->ppi / 25.4;
  p->dot_mm = 0.25;
  p->density = 165.0;
  p->glabella_y = photo->glabella_y;
  smp_correction_params_shade(p, pigment, skin, spec->water);
}
