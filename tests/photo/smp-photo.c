/* smp-photo: synthetic photos of heads with ground truth. See smp-photo.h and
 * docs/test-photos.md. */
#include "smp-photo.h"

#include <math.h>
#include <string.h>

#include "smp-color.h"
#include "smp-head.h"
#include "smp-photo-private.h"

/* ---------------------------------------------------------------------------------------------
 * The head
 */

typedef struct {
  const SmpPhotoSpec *spec;
  double ppm;
  SmpHead head;   /* the surface (smp-head) */
  double semi[3]; /* the head's half width, half length (front or back) and dome height: the
                     scale of the unit-head coordinates `u` in which the hair zones are laid */
  Vec3 light, view, half;
  double skin_lin[3], hair_lin[3];
  double radius_mm; /* typical radius: angles on the unit head to mm of skin */
} Scene;

/* Camera (picture X right, picture Y down, D towards the camera) to head frame (X to the
 * person's right, Y to the face, Z up). */
static Vec3
camera_to_head(const Scene *s, double X, double Y, double D)
{
  switch (s->spec->view) {
  case SMP_PHOTO_FRONT:
    return vec3(X, D, -Y);
  case SMP_PHOTO_SIDE:
    return vec3(D, X, -Y);
  default:
    return vec3(X, -Y, D);
  }
}

/* Picture-plane components (X, Y) of a head-frame vector. */
static void
head_to_picture(const Scene *s, Vec3 v, double *X, double *Y)
{
  switch (s->spec->view) {
  case SMP_PHOTO_FRONT:
    *X = v.x, *Y = -v.z;
    break;
  case SMP_PHOTO_SIDE:
    *X = v.y, *Y = -v.z;
    break;
  default:
    *X = v.x, *Y = -v.y;
  }
}

typedef struct {
  double cover;  /* of the pixel by the head, 0..1 (silhouette anti-aliasing) */
  Vec3 p, n, u;  /* surface point (mm), normal, unit-head point */
  double facing; /* n . view */
} Surface;

/* The head's surface under picture point (X, Y) mm: picture X and Y are head X and Y in a top
 * view, head X (or, from the side, Y) and the height below the widest section otherwise. */
static gboolean
head_point(const Scene *s, double X, double Y, Surface *out)
{
  const SmpHead *h = &s->head;
  double u, v;
  switch (s->spec->view) {
  case SMP_PHOTO_FRONT:
    u = -X, v = h->z_wide - Y;
    break;
  case SMP_PHOTO_SIDE:
    u = X - h->y_glabella, v = h->z_wide - Y;
    break;
  default:
    u = X, v = -Y;
  }
  SmpHeadPoint pt;
  if (!smp_head_surface_at(h, u, v, &pt))
    return FALSE;
  out->p = vec3(pt.pos[0], pt.pos[1], pt.pos[2]);
  out->n = vec3(pt.normal[0], pt.normal[1], pt.normal[2]);
  out->u = vec3(pt.pos[0] / s->semi[0], pt.pos[1] / (pt.pos[1] >= 0.0 ? h->b_front : h->b_back),
                (pt.pos[2] - h->z_wide) / s->semi[2]);
  out->facing = MAX(dot3(out->n, s->view), 0.0);
  return TRUE;
}

/* The visible surface point under picture point (X, Y) mm, with the share of the pixel the head
 * covers: near the silhouette, four samples within the pixel. */
static gboolean
surface_at(const Scene *s, double X, double Y, Surface *out)
{
  gboolean inside = head_point(s, X, Y, out);
  if (inside && out->facing > 0.3) {
    out->cover = 1.0;
    return TRUE;
  }
  const double q = 0.25 / s->ppm;
  int hits = 0;
  Surface sample;
  for (int k = 0; k < 4; k++)
    if (head_point(s, X + (k & 1 ? q : -q), Y + (k & 2 ? q : -q), &sample)) {
      if (!inside && hits == 0)
        *out = sample;
      hits++;
    }
  out->cover = hits / 4.0;
  return inside || hits > 0;
}

typedef struct {
  double grow_mm;  /* signed distance into the hair-bearing area along the skin, mm */
  double long_mm;  /* signed distance into the long-hair area */
  gboolean part;   /* in the visible part line */
  double strip_mm; /* signed distance into a strip scar */
} Zones;

static void
zones_at(const Scene *s, const Surface *sf, Zones *z)
{
  const SmpPhotoSpec *spec = s->spec;
  const Vec3 u = sf->u;
  const double R = s->radius_mm;
  guint32 seed = spec->seed;
  /* lower border of the hair: nape at the back, above the ears on the sides, the frontal hairline
   * at the front */
  double floor_z = -0.3 - 0.45 * CLAMP(-u.y, 0.0, 1.0) + 0.85 * smoothstep(0.15, 0.6, u.y);
  double wobble = 1.5 * value_noise(seed, 11, sf->p.x / 6.0, sf->p.y / 6.0, sf->p.z / 6.0);
  double grow = (u.z - floor_z) * s->semi[2] * 0.8;
  if (spec->bald_deg > 0.0) {
    Vec3 centre = norm3(vec3(0.0, 0.3, 1.0));
    double angle = acos(CLAMP(dot3(norm3(u), centre), -1.0, 1.0));
    double edge = spec->bald_deg * G_PI / 180.0;
    edge += 0.05 * value_noise(seed, 12, u.x * 3.0, u.y * 3.0, u.z * 3.0);
    grow = MIN(grow, (angle - edge) * R);
  }
  z->grow_mm = grow + wobble;
  z->long_mm = spec->style == SMP_PHOTO_LONG ? 1e9
               : spec->style == SMP_PHOTO_UNDERCUT
                   ? (-0.2 + 0.35 * u.x * u.x - u.y) * s->semi[1] + 3.0 * wobble
                   : -1e9;
  z->part = FALSE;
  if (spec->style == SMP_PHOTO_LONG && spec->part_width_mm > 0.0 && u.z > 0.3 && u.y > -0.6) {
    double half = 0.5 * spec->part_width_mm *
                  (1.0 + 0.3 * value_noise(seed, 13, sf->p.y / 8.0, 0.0, 0.0)) *
                  smoothstep(-0.6, -0.4, u.y);
    z->part = fabs(sf->p.x) < half;
  }
  z->strip_mm = -1e9;
  if (spec->scar == SMP_PHOTO_SCAR_STRIP && u.y < -0.1) {
    double centre = -0.15 + 0.03 * sin(u.x * 6.0);
    z->strip_mm = 3.0 - fabs(u.z - centre) * s->semi[2];
  }
}

/* Diffuse light on the skin, with an ambient term (the room's light reaches the side turned away
 * from the lamp) and the darker rim where the surface turns away from the camera. */
static double
diffuse_at(const Scene *s, const Surface *sf)
{
  if (s->spec->even_light)
    return 1.15; /* the lamp's diffuse light at normal incidence, everywhere */
  double lambert = MAX(dot3(sf->n, s->light), 0.0);
  return (0.35 + 0.8 * lambert) * (0.75 + 0.25 * sf->facing);
}

static void
skin_colour(const Scene *s, const Surface *sf, double lin[3])
{
  guint32 seed = s->spec->seed;
  Vec3 p = sf->p;
  double mottle = 0.05 * value_noise(seed, 1, p.x / 9.0, p.y / 9.0, p.z / 9.0) +
                  0.03 * value_noise(seed, 2, p.x / 2.7, p.y / 2.7, p.z / 2.7);
  double redness = value_noise(seed, 3, p.x / 6.0, p.y / 6.0, p.z / 6.0);
  double pores = 0.045 * value_noise(seed, 4, p.x / 0.22, p.y / 0.22, p.z / 0.22);
  double shade = diffuse_at(s, sf);
  double nh = MAX(dot3(sf->n, s->half), 0.0);
  double spec = s->spec->even_light
                    ? 0.0
                    : (0.10 * pow(nh, 40.0) + 0.03 * pow(nh, 6.0)) * (1.0 + 0.25 * pores / 0.045);
  const double tint[3] = {0.03, -0.01, -0.02};
  for (int c = 0; c < 3; c++)
    lin[c] = s->skin_lin[c] * (1.0 + mottle + pores + tint[c] * redness) * shade + spec;
}

/* Long hair: a mass of strands along the flow of the hair, drawn as streaky noise (fine strands,
 * clumps, locks) stretched along the flow, with a specular band where the strands run
 * perpendicular to the half vector (Kajiya & Kay's hair highlight). Gaps open between clumps as
 * the coverage drops (diffuse thinning). Returns the opacity of the hair over the scalp; `lin`
 * receives its colour. */
/* Coordinates of the hair's flow at a surface point: `across` (mm) is constant along a strand, `t`
 * (mm) runs along it; `flow` is the strand's direction. */
static void
hair_coords(const Scene *s, const Surface *sf, double *across, double *t, Vec3 *flow)
{
  const double R = s->radius_mm;
  Vec3 n = sf->n;
  if (s->spec->style == SMP_PHOTO_LONG) {
    /* from the part line down the sides: lines of constant front-back position */
    double side = sf->p.x >= 0.0 ? 1.0 : -1.0;
    *flow = norm3(vec3(side * n.z, 0.0, -side * n.x));
    *across = sf->p.y + (side > 0 ? 0.0 : 500.0);
    *t = atan2(fabs(sf->u.x), sf->u.z) * R;
  } else {
    /* hanging down from the crown: meridians */
    Vec3 down = vec3(0.0, 0.0, -1.0);
    *flow = norm3(add3(down, scale3(n, -dot3(down, n))));
    *across = atan2(sf->u.x, sf->u.y) * R;
    *t = acos(CLAMP(sf->u.z, -1.0, 1.0)) * R;
  }
}

static double
strands(const Scene *s, const Surface *sf, double X, double Y, double lin[3])
{
  const SmpPhotoSpec *spec = s->spec;
  guint32 seed = spec->seed;
  Vec3 flow, unused;
  double across, t;
  hair_coords(s, sf, &across, &t, &flow);
  /* how fast `across` changes from pixel to pixel: strands finer than that average out instead
   * of aliasing */
  double step = 0.0;
  for (int k = 0; k < 2; k++) {
    Surface next;
    double a2, t2;
    if (surface_at(s, X + (k == 0) / s->ppm, Y + (k == 1) / s->ppm, &next)) {
      hair_coords(s, &next, &a2, &t2, &unused);
      double d = fabs(a2 - across);
      step = MAX(step, MIN(d, fabs(d - 500.0)));
    }
  }
  if (spec->curly) {
    double lock = value_noise(seed, 20, across / 3.0, t / 20.0, 0.0);
    across += 1.6 * sin(2.0 * G_PI * t / 7.0 + 3.0 * lock) + 0.5 * sin(2.0 * G_PI * t / 2.4);
  }
  /* a noise of scale `k` mm fades out where a pixel spans more than about k/1.5 of it */
  double fine =
      value_noise(seed, 21, across / 0.12, t / 10.0, 0.0) * (1.0 - smoothstep(0.06, 0.12, step));
  double clump =
      value_noise(seed, 22, across / 0.7, t / 25.0, 1.0) * (1.0 - smoothstep(0.35, 0.7, step));
  double lock =
      value_noise(seed, 23, across / 2.8, t / 45.0, 2.0) * (1.0 - smoothstep(1.4, 2.8, step));
  double mass = 0.5 + 0.25 * clump + 0.25 * lock; /* 0..1, where the hair lies thickest */
  double gap = 1.0 - spec->hair_coverage - 0.15;  /* full hair leaves no gaps */
  double opacity = smoothstep(gap - 0.12, gap + 0.12, mass + 0.15 * fine) * (0.97 + 0.03 * fine);
  double th = dot3(flow, s->half);
  double highlight = pow(MAX(1.0 - th * th, 0.0), 30.0) * (0.6 + 0.4 * fine);
  double shade = diffuse_at(s, sf);
  double strand =
      value_noise(seed, 24, across / 0.3, t / 15.0, 3.0) * (1.0 - smoothstep(0.15, 0.3, step));
  double bright = (0.8 + 0.2 * fine + 0.2 * strand + 0.25 * clump) * (0.8 + 0.2 * mass);
  for (int c = 0; c < 3; c++)
    lin[c] = s->hair_lin[c] * bright * shade + 0.12 * highlight * shade;
  return CLAMP(opacity, 0.0, 1.0);
}

/* ---------------------------------------------------------------------------------------------
 * Dots stamped onto the picture: stubble, old SMP, FUE punch scars
 */

/* Pixels of an ellipse centred at (cx, cy) px with radius `r` px along the direction (ux, uy) of
 * the slope shortened by `fore`, blended into `lin` with `colour` by coverage * opacity. Returns
 * the area drawn (px², coverage summed). */
static double
stamp(double *lin, int w, int h, double cx, double cy, double r, double ux, double uy, double fore,
      const double colour[3], double opacity, guint8 *mask)
{
  double ra = MAX(r * fore, 0.3), rb = r;
  int x0 = MAX(0, (int)floor(cx - r - 1)), x1 = MIN(w - 1, (int)ceil(cx + r + 1));
  int y0 = MAX(0, (int)floor(cy - r - 1)), y1 = MIN(h - 1, (int)ceil(cy + r + 1));
  double area = 0.0;
  for (int y = y0; y <= y1; y++)
    for (int x = x0; x <= x1; x++) {
      double dx = x + 0.5 - cx, dy = y + 0.5 - cy;
      double a = dx * ux + dy * uy, b = -dx * uy + dy * ux;
      double q = sqrt(a * a / (ra * ra) + b * b / (rb * rb));
      double cover = CLAMP((1.0 - q) * MIN(ra, rb) + 0.5, 0.0, 1.0) * opacity;
      if (cover <= 0.0)
        continue;
      area += cover;
      double *px = lin + 3 * ((gsize)y * w + x);
      for (int c = 0; c < 3; c++)
        px[c] += cover * (colour[c] - px[c]);
      if (mask && cover >= 0.5)
        mask[(gsize)y * w + x] = 1;
    }
  return area;
}

typedef struct {
  double x, y;
} Point;

/* Positions of a jittered hexagonal lattice of `density` per cm² over the picture (px): calls
 * `visit` with the point's index pair. */
typedef void (*LatticeVisit)(const Scene *s, int i, int j, double x, double y, gpointer data);

static void
lattice(const Scene *s, double density, guint32 stream, LatticeVisit visit, gpointer data)
{
  const SmpPhotoSpec *spec = s->spec;
  const double a = sqrt(2.0 / (sqrt(3.0) * density / 100.0)) * s->ppm, row = a * sqrt(3.0) / 2.0;
  for (int j = -1; j * row < spec->height + a; j++)
    for (int i = -1; i * a < spec->width + a; i++) {
      double jr = 0.25 * a * sqrt(hash_unit(spec->seed, i, j, 0, stream));
      double ja = 2.0 * G_PI * hash_unit(spec->seed, i, j, 1, stream);
      double x = i * a + (j & 1 ? 0.5 * a : 0.0) + jr * cos(ja);
      double y = j * row + jr * sin(ja);
      if (x >= 0 && y >= 0 && x < spec->width && y < spec->height)
        visit(s, i, j, x, y, data);
    }
}

static double
picture_x(const Scene *s, double px)
{
  return (px - 0.5 * s->spec->width) / s->ppm + s->spec->centre_x_mm;
}

static double
picture_y(const Scene *s, double py)
{
  return (py - 0.5 * s->spec->height) / s->ppm + s->spec->centre_y_mm;
}

/* Direction of steepest slope in the picture and the foreshortening across it. */
static void
slope_of(const Scene *s, const Surface *sf, double *ux, double *uy, double *fore)
{
  double X, Y;
  head_to_picture(s, sf->n, &X, &Y);
  double l = hypot(X, Y);
  *ux = l > 1e-9 ? X / l : 1.0;
  *uy = l > 1e-9 ? Y / l : 0.0;
  *fore = MAX(sf->facing, 0.35);
}

typedef struct {
  double *lin;
  SmpPhoto *photo;
  GArray *punches; /* Point, px */
  double punch_r;  /* px */
  GArray *stubble; /* StubbleDot */
} Stamping;

typedef struct {
  double x, y;
  double diameter_mm; /* picture-plane equivalent */
  double colour[3];   /* its own colour (linear), where it covers the whole pixel */
  double r_px, ux, uy, fore;
  double shaft[3]; /* the shaft's colour under the skin, as lit */
} StubbleDot;

/* A lattice point wholly on the head: its surface and hair zones. */
static gboolean
lattice_point_on_head(const Scene *s, double x, double y, Surface *sf, Zones *z)
{
  if (!surface_at(s, picture_x(s, x), picture_y(s, y), sf) || sf->cover < 1.0)
    return FALSE;
  zones_at(s, sf, z);
  return TRUE;
}

static void
visit_punch(const Scene *s, int i, int j, double x, double y, gpointer data)
{
  Stamping *st = data;
  Surface sf;
  Zones z;
  if (!lattice_point_on_head(s, x, y, &sf, &z))
    return;
  if (z.grow_mm < 3.0 || z.long_mm > 0.0 || sf.u.y > 0.0 || sf.u.z > 0.35 || sf.u.z < -0.6)
    return;
  if (hash_unit(s->spec->seed, i, j, 2, 40) < 0.25)
    return;
  Point p = {x, y};
  g_array_append_val(st->punches, p);
}

static gboolean
in_punch(const Stamping *st, double x, double y, double margin)
{
  for (guint k = 0; k < st->punches->len; k++) {
    Point p = g_array_index(st->punches, Point, k);
    if (hypot(p.x - x, p.y - y) < st->punch_r + margin)
      return TRUE;
  }
  return FALSE;
}

static void
visit_stubble(const Scene *s, int i, int j, double x, double y, gpointer data)
{
  Stamping *st = data;
  const SmpPhotoSpec *spec = s->spec;
  Surface sf;
  Zones z;
  if (!lattice_point_on_head(s, x, y, &sf, &z))
    return;
  if (z.long_mm > 0.0 || z.strip_mm > 0.0)
    return;
  double fraction = smoothstep(-1.0, 2.0, z.grow_mm);
  if (hash_unit(spec->seed, i, j, 2, 30) >= fraction)
    return;
  if (st->punches->len && in_punch(st, x, y, 0.0))
    return;
  double ux, uy, fore;
  slope_of(s, &sf, &ux, &uy, &fore);
  double d_mm = spec->stubble_dot_mm * (0.8 + 0.4 * hash_unit(spec->seed, i, j, 3, 30));
  /* a shaved hair shows through the skin: mostly the hair's colour, a little of the skin's */
  double skin[3];
  skin_colour(s, &sf, skin);
  double shade = diffuse_at(s, &sf);
  StubbleDot dot = {.x = x, .y = y, .r_px = 0.5 * d_mm * s->ppm, .ux = ux, .uy = uy, .fore = fore};
  for (int c = 0; c < 3; c++) {
    dot.shaft[c] = s->hair_lin[c] * shade;
    dot.colour[c] = 0.85 * dot.shaft[c] + 0.15 * skin[c];
  }
  g_array_append_val(st->stubble, dot);
}

/* The shaved "shadow": each hair's shaft under the skin, seen through it (docs/test-photos.md,
 * Stubble). Its ink is the shaft's projected area down to the depth remitted light samples, times
 * the skin's fluence build-up (the healed SMP model's, smp_color_buildup), spread by scattering
 * into a Gaussian on the skin within the light's diffusion length. Halos go under the dots and
 * combine as absorbers do: each lets through its share of what is left. */
#define SHAFT_WIDTH_MM 0.075 /* terminal scalp hair, 60-100 um */
#define SHAFT_SEEN_MM 0.30   /* seen to 0.3 mm deep, leaving the skin at 45 degrees */
#define SHAFT_SIGMA_MM 0.70  /* between the transport mean free path and the diffusion length */

static void
stamp_stubble(const Scene *s, Stamping *st)
{
  const int w = st->photo->width, h = st->photo->height;
  double reflectance = 0.2126 * s->skin_lin[0] + 0.7152 * s->skin_lin[1] + 0.0722 * s->skin_lin[2];
  double ink = SHAFT_WIDTH_MM * SHAFT_SEEN_MM * smp_color_buildup(reflectance); /* mm² */
  double sigma = SHAFT_SIGMA_MM * s->ppm,
         peak = MIN(ink / (2.0 * G_PI * SHAFT_SIGMA_MM * SHAFT_SIGMA_MM), 1.0);
  for (guint k = 0; k < st->stubble->len; k++) {
    const StubbleDot *d = &g_array_index(st->stubble, StubbleDot, k);
    double sa = MAX(sigma * d->fore, 0.3), reach = 3.0 * sigma;
    int x0 = MAX(0, (int)floor(d->x - reach)), x1 = MIN(w - 1, (int)ceil(d->x + reach));
    int y0 = MAX(0, (int)floor(d->y - reach)), y1 = MIN(h - 1, (int)ceil(d->y + reach));
    for (int y = y0; y <= y1; y++)
      for (int x = x0; x <= x1; x++) {
        double dx = x + 0.5 - d->x, dy = y + 0.5 - d->y;
        double a = dx * d->ux + dy * d->uy, b = -dx * d->uy + dy * d->ux;
        double t = peak * exp(-0.5 * (a * a / (sa * sa) + b * b / (sigma * sigma)));
        double *px = st->lin + 3 * ((gsize)y * w + x);
        for (int c = 0; c < 3; c++)
          px[c] += t * (d->shaft[c] - px[c]);
      }
  }
  for (guint k = 0; k < st->stubble->len; k++) {
    StubbleDot *d = &g_array_index(st->stubble, StubbleDot, k);
    double area =
        stamp(st->lin, w, h, d->x, d->y, d->r_px, d->ux, d->uy, d->fore, d->colour, 1.0, NULL);
    d->diameter_mm = 2.0 * sqrt(area / G_PI) / s->ppm;
  }
}

static void
visit_smp(const Scene *s, int i, int j, double x, double y, gpointer data)
{
  Stamping *st = data;
  const SmpPhotoSpec *spec = s->spec;
  Surface sf;
  Zones z;
  if (!lattice_point_on_head(s, x, y, &sf, &z))
    return;
  if (z.grow_mm > -2.0 || sf.u.z < 0.2)
    return;
  double ux, uy, fore, skin[3], colour[3];
  slope_of(s, &sf, &ux, &uy, &fore);
  skin_colour(s, &sf, skin);
  /* healed pigment: a cool dark grey under the skin (smp-color's Tyndall tint) */
  const double pigment[3] = {0.035, 0.045, 0.07};
  double shade = diffuse_at(s, &sf);
  for (int c = 0; c < 3; c++)
    colour[c] = 0.5 * skin[c] + pigment[c] * shade;
  double d_mm = 0.22 * (0.85 + 0.3 * hash_unit(spec->seed, i, j, 3, 31));
  stamp(st->lin, spec->width, spec->height, x, y, 0.5 * d_mm * s->ppm, ux, uy, fore, colour, 0.9,
        st->photo->smp);
}

/* ---------------------------------------------------------------------------------------------
 * Rendering
 */

static int
compare_double(const void *a, const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static double
median(double *v, int n)
{
  if (n == 0)
    return 0.0;
  qsort(v, n, sizeof(double), compare_double);
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

/* The head, the light and the colours of a photo. */
static void
scene_init(Scene *s, const SmpPhotoSpec *spec)
{
  *s = (Scene){.spec = spec, .ppm = spec->ppi / 25.4};
  SmpHeadParams head;
  smp_head_params_init(&head);
  head.width = CLAMP(spec->head_width_mm, SMP_HEAD_WIDTH_MIN, SMP_HEAD_WIDTH_MAX);
  head.length = CLAMP(spec->head_length_mm, SMP_HEAD_LENGTH_MIN, SMP_HEAD_LENGTH_MAX);
  head.height = CLAMP(spec->head_height_mm, SMP_HEAD_HEIGHT_MIN, SMP_HEAD_HEIGHT_MAX);
  head.view = spec->view == SMP_PHOTO_FRONT  ? SMP_HEAD_VIEW_FRONT
              : spec->view == SMP_PHOTO_SIDE ? SMP_HEAD_VIEW_RIGHT
                                             : SMP_HEAD_VIEW_TOP;
  head.ppi = spec->ppi;
  if (!smp_head_init(&s->head, &head, NULL))
    g_error("smp-photo: head parameters out of range"); /* clamped above: cannot happen */
  s->semi[0] = s->head.a;
  s->semi[1] = s->head.b_back;
  s->semi[2] = s->head.h_dome;
  s->radius_mm = (s->head.a + 0.5 * (s->head.b_front + s->head.b_back) + s->head.h_dome) / 3.0;
  double az = spec->light_azimuth_deg * G_PI / 180.0, el = spec->light_elevation_deg * G_PI / 180.0;
  s->light = norm3(camera_to_head(s, cos(el) * cos(az), -cos(el) * sin(az), sin(el)));
  s->view = camera_to_head(s, 0.0, 0.0, 1.0);
  s->half = norm3(add3(s->light, s->view));
  float skin[3];
  smp_photo_monk_srgb(spec->monk, skin);
  for (int c = 0; c < 3; c++) {
    s->skin_lin[c] = from_srgb(skin[c]);
    s->hair_lin[c] = from_srgb(spec->hair_srgb[c]);
  }
}

static SmpPhoto *
photo_new(int w, int h)
{
  const gsize n = (gsize)w * h;
  SmpPhoto *photo = g_new0(SmpPhoto, 1);
  photo->width = w;
  photo->height = h;
  photo->rgba = g_new(float, 4 * n);
  photo->head = g_new0(guint8, n);
  photo->hair = g_new0(guint8, n);
  photo->stubble = g_new0(guint8, n);
  photo->scalp = g_new0(guint8, n);
  photo->scar = g_new0(guint8, n);
  photo->smp = g_new0(guint8, n);
  photo->hair_cover = g_new0(guint8, n);
  return photo;
}

/* One pixel of skin, long hair or the backdrop in linear light, and its truth: the masks and
 * `interior`, the stubble away from its edge where density is counted. */
static void
shade_pixel(const Scene *s, SmpPhoto *photo, guint8 *interior, int x, int y, double px[3])
{
  const int w = photo->width, h = photo->height;
  gsize i = (gsize)y * w + x;
  /* a dark studio backdrop, lighter towards the middle */
  double r2 = pow((x + 0.5) / w - 0.5, 2) + pow((y + 0.5) / h - 0.4, 2);
  double back = 0.075 * (1.0 - 0.8 * r2);
  double backdrop[3] = {back * 0.9, back, back * 1.12};
  Surface sf;
  if (!surface_at(s, picture_x(s, x + 0.5), picture_y(s, y + 0.5), &sf)) {
    memcpy(px, backdrop, sizeof backdrop);
    return;
  }
  Zones z;
  zones_at(s, &sf, &z);
  double col[3];
  skin_colour(s, &sf, col);
  gboolean hair_grows = z.grow_mm > 0.0;
  gboolean is_long = hair_grows && z.long_mm > 0.0 && !z.part;
  if (z.strip_mm > -1.0 && hair_grows && !is_long) {
    /* strip scar: lighter, smoother, pinker tissue */
    double t = smoothstep(-1.0, 0.5, z.strip_mm);
    const double tissue[3] = {1.12, 1.05, 1.02};
    for (int c = 0; c < 3; c++)
      col[c] *= 1.0 + t * (tissue[c] - 1.0);
  }
  if (hair_grows && z.long_mm > -1.0 && !z.part) {
    /* the scalp under long hair lies in its shadow */
    double hair_lin[3];
    double root = smoothstep(-1.0, 4.0, MIN(z.grow_mm, z.long_mm));
    double cov = strands(s, &sf, picture_x(s, x + 0.5), picture_y(s, y + 0.5), hair_lin) * root;
    for (int c = 0; c < 3; c++)
      col[c] = col[c] * (1.0 - 0.25 * root) * (1.0 - cov) + hair_lin[c] * cov;
    photo->hair_cover[i] = (guint8)lround(CLAMP(cov, 0.0, 1.0) * 255.0);
  }
  for (int c = 0; c < 3; c++)
    px[c] = backdrop[c] + sf.cover * (col[c] - backdrop[c]);
  if (sf.cover < 0.5)
    return;
  photo->head[i] = 1;
  if (is_long)
    photo->hair[i] = 1;
  else if (hair_grows && z.strip_mm <= 0.0 && !z.part)
    photo->stubble[i] = 1;
  else
    photo->scalp[i] = 1;
  if (z.strip_mm > 0.0 && hair_grows && !is_long)
    photo->scar[i] = 1;
  interior[i] = photo->stubble[i] && z.grow_mm > 3.0 && z.long_mm < -3.0 && z.strip_mm < -3.0;
}

/* FUE punch scars, hypopigmented: much lighter than the skin, a little pink. */
static void
stamp_punches(const Scene *s, const Stamping *st, double *lin)
{
  SmpPhoto *photo = st->photo;
  for (guint k = 0; k < st->punches->len; k++) {
    Point p = g_array_index(st->punches, Point, k);
    Surface sf;
    if (!surface_at(s, picture_x(s, p.x), picture_y(s, p.y), &sf))
      continue;
    double ux, uy, fore, skin_lin[3], colour[3];
    slope_of(s, &sf, &ux, &uy, &fore);
    skin_colour(s, &sf, skin_lin);
    for (int c = 0; c < 3; c++)
      colour[c] = MIN(skin_lin[c] * 1.8 + 0.08 * diffuse_at(s, &sf), 1.0);
    stamp(lin, photo->width, photo->height, p.x, p.y, st->punch_r, ux, uy, fore, colour, 1.0,
          photo->scar);
  }
}

/* The camera meters the frame: a dark head is exposed longer, a light one shorter, so that the
 * frame's mean lands near mid-grey (18 % in linear light). Returns the exposure applied. */
static double
expose(double *lin, gsize n)
{
  double mean_y = 0.0;
  for (gsize i = 0; i < n; i++)
    mean_y += 0.2126 * lin[3 * i] + 0.7152 * lin[3 * i + 1] + 0.0722 * lin[3 * i + 2];
  mean_y /= n;
  const double exposure = CLAMP(0.18 / MAX(mean_y, 1e-6), 0.6, 4.0);
  for (gsize i = 0; i < 3 * n; i++)
    lin[i] *= exposure;
  return exposure;
}

/* The fringe's truth: the stubble dots whose centre lies in its interior, their size and own
 * colour as exposed. */
static void
measure_fringe(const Scene *s, SmpPhoto *photo, GArray *dots, const guint8 *interior,
               double exposure)
{
  const int w = photo->width, h = photo->height;
  const gsize n = (gsize)w * h;
  double *diam = g_new(double, MAX(dots->len, 1)), *chan[3];
  for (int c = 0; c < 3; c++)
    chan[c] = g_new(double, MAX(dots->len, 1));
  int counted = 0;
  for (guint k = 0; k < dots->len; k++) {
    StubbleDot *d = &g_array_index(dots, StubbleDot, k);
    gsize i = (gsize)MIN((int)d->y, h - 1) * w + MIN((int)d->x, w - 1);
    if (!interior[i])
      continue;
    diam[counted] = d->diameter_mm;
    for (int c = 0; c < 3; c++)
      chan[c][counted] = to_srgb(d->colour[c] * exposure);
    counted++;
  }
  gsize interior_px = 0;
  for (gsize i = 0; i < n; i++)
    interior_px += interior[i];
  photo->n_stubble_dots = counted;
  photo->stubble_area_cm2 = interior_px / (s->ppm * s->ppm) / 100.0;
  if (counted > 0) {
    photo->fringe_density = counted / photo->stubble_area_cm2;
    photo->fringe_dot_mm = median(diam, counted);
    for (int c = 0; c < 3; c++)
      photo->fringe_srgb[c] = (float)median(chan[c], counted);
  }
  g_free(diam);
  for (int c = 0; c < 3; c++)
    g_free(chan[c]);
}

/* The sensor: noise, 8 bits, JPEG, into the photo's float R'G'B'A. */
static void
capture(const SmpPhotoSpec *spec, const double *lin, SmpPhoto *photo)
{
  const int w = photo->width, h = photo->height;
  const gsize n = (gsize)w * h;
  guint8 *rgb8 = g_new(guint8, 3 * n);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      for (int c = 0; c < 3; c++) {
        gsize i = 3 * ((gsize)y * w + x) + c;
        double v = to_srgb(lin[i]) + spec->noise * smp_photo_gaussian(spec->seed, x, y, c);
        rgb8[i] = (guint8)CLAMP(lround(v * 255.0), 0, 255);
      }
  if (spec->jpeg_quality > 0)
    smp_photo_jpeg_roundtrip(rgb8, w, h, CLAMP(spec->jpeg_quality, 1, 100));
  for (gsize i = 0; i < n; i++) {
    for (int c = 0; c < 3; c++)
      photo->rgba[4 * i + c] = rgb8[3 * i + c] / 255.0f;
    photo->rgba[4 * i + 3] = 1.0f;
  }
  g_free(rgb8);
}

SmpPhoto *
smp_photo_render(const SmpPhotoSpec *spec)
{
  const int w = MAX(spec->width, 1), h = MAX(spec->height, 1);
  const gsize n = (gsize)w * h;
  Scene s;
  scene_init(&s, spec);
  SmpPhoto *photo = photo_new(w, h);
  guint8 *interior = g_new0(guint8, n);
  double *lin = g_new(double, 3 * n);

  /* skin, long hair and the backdrop */
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      shade_pixel(&s, photo, interior, x, y, lin + 3 * ((gsize)y * w + x));

  /* FUE punch scars, stubble, old SMP */
  Stamping st = {lin, photo, g_array_new(FALSE, FALSE, sizeof(Point)), 0.4 * s.ppm,
                 g_array_new(FALSE, FALSE, sizeof(StubbleDot))};
  if (spec->scar == SMP_PHOTO_SCAR_FUE)
    lattice(&s, 100.0 / 9.0, 40, visit_punch, &st);
  if (spec->style != SMP_PHOTO_LONG && spec->stubble_density > 0.0)
    lattice(&s, spec->stubble_density, 30, visit_stubble, &st);
  stamp_stubble(&s, &st);
  if (spec->old_smp)
    lattice(&s, 80.0, 31, visit_smp, &st);
  stamp_punches(&s, &st, lin);

  const double exposure = expose(lin, n);
  smp_photo_blur_lens(lin, w, h);
  measure_fringe(&s, photo, st.stubble, interior, exposure);
  g_array_free(st.stubble, TRUE);
  g_array_free(st.punches, TRUE);
  g_free(interior);

  capture(spec, lin, photo);
  g_free(lin);
  return photo;
}

void
smp_photo_free(SmpPhoto *photo)
{
  if (!photo)
    return;
  g_free(photo->rgba);
  g_free(photo->head);
  g_free(photo->hair);
  g_free(photo->stubble);
  g_free(photo->scalp);
  g_free(photo->scar);
  g_free(photo->smp);
  g_free(photo->hair_cover);
  g_free(photo);
}

double
smp_photo_iou(const guint8 *a, const guint8 *b, const guint8 *care, gsize n)
{
  gsize inter = 0, uni = 0;
  for (gsize i = 0; i < n; i++) {
    if (care && !care[i])
      continue;
    inter += a[i] && b[i];
    uni += a[i] || b[i];
  }
  return uni ? (double)inter / uni : 1.0;
}
