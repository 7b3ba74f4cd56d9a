/* smp-photo: synthetic photos of heads with ground truth, deterministic by seed.
 *
 * A domed head (the head surface of smp-head.h) seen by an orthographic camera from the top, the
 * front or the side,
 * under one directional light: skin of a Monk tone with mottling, pores and sheen; a bald cap;
 * a hair-bearing rim with shaved stubble (dots of a given density, size and tone, foreshortened
 * on the slopes) and/or long straight or curly strands with a specular band; diffuse thinning and
 * a widened part; scars (a strip or FUE punches) and old SMP dots; a camera that meters the frame
 * (exposure), lens blur, sensor noise and optional JPEG compression. Every picture comes with the
 * masks of what it shows (long hair, stubble, bald scalp, scar, old SMP, head) and the values of
 * the stubble fringe as a camera records them. Colours and their sources: docs/test-photos.md.
 */
#pragma once
#include <glib.h>

G_BEGIN_DECLS

typedef enum { SMP_PHOTO_TOP, SMP_PHOTO_FRONT, SMP_PHOTO_SIDE } SmpPhotoView;

typedef enum {
  SMP_PHOTO_SHAVED,   /* the whole hair-bearing rim is stubble */
  SMP_PHOTO_UNDERCUT, /* long hair at the back of the head, stubble on the sides and front */
  SMP_PHOTO_LONG,     /* long hair everywhere it grows (thinning and part line apply) */
} SmpPhotoStyle;

typedef enum { SMP_PHOTO_SCAR_NONE, SMP_PHOTO_SCAR_STRIP, SMP_PHOTO_SCAR_FUE } SmpPhotoScar;

typedef struct {
  int width, height;
  double ppi;
  SmpPhotoView view;
  /* Picture-plane point (mm) at the image's centre: head X and Y in a top view (0 on the midline
   * and the ear-canal line, Y to the face up the picture), head X or Y (face to the right) and
   * the depth below the head's widest section (30 mm above the glabella) in front and side
   * views; picture y grows downwards. */
  double centre_x_mm, centre_y_mm;
  /* Head width, length (glabella to the back) and the vertex's height above the glabella plane
   * (smp-head.h's parameters, clamped to its documented adult ranges). */
  double head_width_mm, head_length_mm, head_height_mm;

  int monk;            /* skin tone, Monk 1..10 */
  float hair_srgb[3];  /* hair colour, sRGB 0..1 */
  SmpPhotoStyle style; /* what grows where hair grows */
  double bald_deg;     /* angular radius of the bald cap (0 = none) */

  double stubble_density; /* stubble dots per cm² of picture */
  double stubble_dot_mm;  /* mean stubble dot diameter on the skin */

  gboolean curly;       /* curly rather than straight long hair */
  double hair_coverage; /* fraction of strands present (1 = full, lower = diffuse thinning) */
  double part_width_mm; /* scalp visible along a central part (long style; 0 = no part) */

  SmpPhotoScar scar;
  gboolean old_smp; /* SMP dots on the bald cap */

  double light_azimuth_deg;   /* direction the light comes from, around the camera axis */
  double light_elevation_deg; /* 90 = along the camera axis, lower = more from the side */
  gboolean even_light;        /* a ring light close to the scalp instead: even, no highlight */
  double noise;               /* sensor noise, sRGB standard deviation */
  int jpeg_quality;           /* 0 = none, else 1..100: 8x8 DCT quantisation, 4:2:0 chroma */
  guint32 seed;
} SmpPhotoSpec;

/* A 300 ppi top view of the whole head: Monk 5 skin, dark-brown hair, undercut, bald cap of 40°,
 * stubble of 60 per cm² at 0.25 mm, light from the upper left, noise 0.01, no JPEG, seed 1. */
void smp_photo_spec_init(SmpPhotoSpec *spec, int width, int height);

/* The Monk swatch (1..10, clamped) as sRGB 0..1. */
void smp_photo_monk_srgb(int monk, float srgb[3]);
/* A named hair colour ("black", "dark-brown", "brown", "auburn", "blond", "light-blond", "grey",
 * "white"); FALSE for an unknown name. */
gboolean smp_photo_hair_srgb(const char *name, float srgb[3]);

typedef struct {
  int width, height;
  float *rgba; /* R'G'B'A float (sRGB), 4 per pixel, alpha 1 */

  /* Ground truth, 1 = inside, one byte per pixel. hair, stubble and scalp are where long hair,
   * stubble and bald (or scarred, or part-line) scalp are; none of them on the backdrop. */
  guint8 *head, *hair, *stubble, *scalp, *scar, *smp;
  /* How much long hair hides the scalp, 0..255 per pixel (0 where there is none): below 128 the
   * camera sees the scalp between the strands (diffuse thinning). */
  guint8 *hair_cover;

  /* The stubble fringe away from its edges, as the camera sees it: dots per cm² of picture,
   * median equivalent diameter (mm, picture plane: foreshortened dots count with the area they
   * show) and median colour of the dots where they cover a whole pixel, lit as they are (sRGB).
   * n_stubble_dots = 0 when the photo shows no stubble. */
  int n_stubble_dots;
  double stubble_area_cm2;
  double fringe_density;
  double fringe_dot_mm;
  float fringe_srgb[3];
} SmpPhoto;

SmpPhoto *smp_photo_render(const SmpPhotoSpec *spec);
void smp_photo_free(SmpPhoto *photo);

/* Intersection over union of two 0/1 masks (`care` may be NULL: every pixel counts). */
double smp_photo_iou(const guint8 *a, const guint8 *b, const guint8 *care, gsize n);

G_END_DECLS
