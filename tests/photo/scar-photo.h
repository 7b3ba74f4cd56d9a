/* Synthetic scalp photos for the scar-camouflage tests: skin with texture and a slow lighting
 * gradient, existing dots on a jittered hexagonal lattice of known density, and a hypopigmented
 * scar (a strip, or scattered FUE punch scars) that is lighter and smoother than the skin and
 * carries no dots. Also an independent dot counter used to measure results. */
#pragma once
#include <glib.h>

typedef enum {
  SCAR_PHOTO_NONE,
  SCAR_PHOTO_STRIP, /* a gently waving horizontal strip across the middle */
  SCAR_PHOTO_FUE    /* white punch scars on a jittered grid in the middle of the photo */
} ScarPhotoShape;

typedef struct {
  int width, height;
  double ppi;
  double density; /* existing dots, FU/cm²; 0 = bare skin */
  double dot_mm;  /* existing dot diameter */
  ScarPhotoShape shape;
  double strip_mm; /* strip width */
  double fue_mm;   /* punch scar diameter */
  double fue_pitch_mm;
  double margin_mm;   /* FUE scars keep this far from the photo's border */
  gboolean dark_skin; /* Monk 8 skin with near-black pigment instead of Monk 5 and dark grey */
  guint32 seed;
} ScarPhotoSpec;

/* Defaults: 300 ppi, 60 FU/cm² dots of 0.25 mm, no scar, 1 mm FUE scars every 3 mm. */
void scar_photo_spec_init(ScarPhotoSpec *spec, int width, int height);
/* The same with a scar of `shape` among existing dots at `density` FU/cm². */
ScarPhotoSpec scar_photo_spec(int width, int height, ScarPhotoShape shape, double density);

typedef struct {
  int width, height;
  float *rgba;     /* R'G'B'A float, 4 per pixel */
  guint8 *scar;    /* ground truth: 1 inside the scar */
  int n_dots;      /* existing dots drawn */
  float skin[3];   /* colours used */
  float tissue[3]; /* of the scar */
  float pigment[3];
} ScarPhoto;

ScarPhoto *scar_photo_build(const ScarPhotoSpec *spec);
void scar_photo_free(ScarPhoto *photo);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(ScarPhoto, scar_photo_free)

/* Perceptual luma (Rec. 709 weights on R'G'B') of an RGBA float image. */
float *scar_photo_luma(const float *rgba, int width, int height);
/* The same from R'G'B'A u8 pixels. */
float *scar_photo_luma_u8(const guint8 *rgba, int width, int height);

/* A dark blob: centroid (px), area (px) and darkest luma. */
typedef struct {
  double x, y;
  int area;
  float darkest;
} ScarPhotoBlob;

/* The 8-connected blobs darker than `threshold` (an array of ScarPhotoBlob). */
GArray *scar_photo_find_dots(const float *luma, int width, int height, float threshold);

/* Distance (px) from every pixel to the nearest pixel of `mask`, capped at `cap`. */
float *scar_photo_distance(const guint8 *mask, int width, int height, float cap);
