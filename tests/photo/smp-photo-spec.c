/* The specification of a synthetic head photo: its default values and the skin and hair colours
 * it is drawn in (smp-photo.h; docs/test-photos.md). */
#include "smp-photo.h"

static const guint32 monk_hex[10] = {0xf6ede4, 0xf3e7db, 0xf7ead0, 0xeadaba, 0xd7bd96,
                                     0xa07e56, 0x825c43, 0x604134, 0x3a312a, 0x292420};

void
smp_photo_monk_srgb(int monk, float srgb[3])
{
  guint32 hex = monk_hex[CLAMP(monk, 1, 10) - 1];
  for (int c = 0; c < 3; c++)
    srgb[c] = ((hex >> (16 - 8 * c)) & 0xff) / 255.0f;
}

static const struct {
  const char *name;
  guint32 hex;
} hair_colours[] = {
    {"black", 0x1c1816}, {"dark-brown", 0x3b2b22},  {"brown", 0x62452f}, {"auburn", 0x7a3f24},
    {"blond", 0xa98a5f}, {"light-blond", 0xcdb58e}, {"grey", 0x8c8985},  {"white", 0xdcd8d2},
};

gboolean
smp_photo_hair_srgb(const char *name, float srgb[3])
{
  for (gsize i = 0; i < G_N_ELEMENTS(hair_colours); i++)
    if (g_strcmp0(name, hair_colours[i].name) == 0) {
      for (int c = 0; c < 3; c++)
        srgb[c] = ((hair_colours[i].hex >> (16 - 8 * c)) & 0xff) / 255.0f;
      return TRUE;
    }
  return FALSE;
}

void
smp_photo_spec_init(SmpPhotoSpec *spec, int width, int height)
{
  *spec = (SmpPhotoSpec){
      .width = width,
      .height = height,
      .ppi = 300.0,
      .view = SMP_PHOTO_TOP,
      .head_width_mm = 155.0,
      .head_length_mm = 195.0,
      .head_height_mm = 110.0,
      .monk = 5,
      .style = SMP_PHOTO_UNDERCUT,
      .bald_deg = 40.0,
      .stubble_density = 60.0,
      .stubble_dot_mm = 0.25,
      .hair_coverage = 1.0,
      .light_azimuth_deg = 135.0,
      .light_elevation_deg = 50.0,
      .noise = 0.01,
      .seed = 1,
  };
  smp_photo_hair_srgb("dark-brown", spec->hair_srgb);
}
