/* smp-photo-gen: writes a synthetic head photo (PNG), its ground-truth masks (PNG) and values
 * (a key file). See smp-photo.h.
 *
 *   smp-photo-gen --view top --monk 7 --hair black --style undercut --seed 3 -o head.png
 *
 * writes head.png, head-hair.png, head-stubble.png, head-scalp.png, head-scar.png, head-smp.png,
 * head-cover.png (how much long hair hides the scalp, 0..255) and head.truth (values of the
 * fringe and the settings).
 *
 *   smp-photo-gen faults --monk 4 --hairline straight --seed 3 -o old.png
 *
 * writes a close-up of old SMP with planted faults (smp-photo-faults.h): old.png, old-helmet.png,
 * old-dense.png and old.truth (the planted dots by kind, the glabella's row). */
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "smp-photo-faults.h"
#include "smp-photo.h"

static gboolean
write_png(const char *path, const guint8 *pixels, int w, int h, gboolean rgb, GError **error)
{
  png_image image;
  memset(&image, 0, sizeof image);
  image.version = PNG_IMAGE_VERSION;
  image.width = w;
  image.height = h;
  image.format = rgb ? PNG_FORMAT_RGB : PNG_FORMAT_GRAY;
  if (!png_image_write_to_file(&image, path, 0, pixels, 0, NULL)) {
    g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "%s: %s", path, image.message);
    return FALSE;
  }
  return TRUE;
}

static gboolean
write_mask(const char *prefix, const char *what, const guint8 *mask, int w, int h, GError **error)
{
  gsize n = (gsize)w * h;
  guint8 *grey = g_new(guint8, n);
  for (gsize i = 0; i < n; i++)
    grey[i] = mask[i] ? 255 : 0;
  char *path = g_strdup_printf("%s-%s.png", prefix, what);
  gboolean ok = write_png(path, grey, w, h, FALSE, error);
  g_free(path);
  g_free(grey);
  return ok;
}

static gboolean
parse_colour(const char *text, float srgb[3])
{
  if (smp_photo_hair_srgb(text, srgb))
    return TRUE;
  unsigned r, g, b;
  if (text && text[0] == '#' && strlen(text) == 7 &&
      sscanf(text + 1, "%2x%2x%2x", &r, &g, &b) == 3) {
    srgb[0] = r / 255.0f, srgb[1] = g / 255.0f, srgb[2] = b / 255.0f;
    return TRUE;
  }
  return FALSE;
}

static char *
strip_png(const char *output)
{
  char *prefix = g_strdup(output);
  if (g_str_has_suffix(prefix, ".png"))
    prefix[strlen(prefix) - 4] = '\0';
  return prefix;
}

static gboolean
write_faults_truth(const char *prefix, const SmpFaultsSpec *spec, const SmpFaultsPhoto *photo,
                   GError **error)
{
  int kinds[3] = {0, 0, 0}, in_helmet = 0;
  for (int k = 0; k < photo->n_dots; k++) {
    if (photo->dots[k].in_helmet)
      in_helmet++;
    else
      kinds[photo->dots[k].kind]++;
  }
  GKeyFile *truth = g_key_file_new();
  g_key_file_set_double(truth, "photo", "ppi", spec->ppi);
  g_key_file_set_integer(truth, "photo", "seed", (int)spec->seed);
  g_key_file_set_integer(truth, "photo", "monk", spec->monk);
  g_key_file_set_integer(truth, "faults", "dots", photo->n_dots);
  g_key_file_set_integer(truth, "faults", "normal", kinds[SMP_FAULTS_DOT_NORMAL]);
  g_key_file_set_integer(truth, "faults", "blown", kinds[SMP_FAULTS_DOT_BLOWN]);
  g_key_file_set_integer(truth, "faults", "dark", kinds[SMP_FAULTS_DOT_DARK]);
  g_key_file_set_integer(truth, "faults", "in-helmet", in_helmet);
  g_key_file_set_double(truth, "faults", "glabella-y", photo->glabella_y);
  g_key_file_set_double(truth, "faults", "hairline-rms", photo->hairline_rms_mm);
  char *path = g_strdup_printf("%s.truth", prefix);
  gboolean ok = g_key_file_save_to_file(truth, path, error);
  g_free(path);
  g_key_file_free(truth);
  return ok;
}

/* The photo's R'G'B' bytes (rounded, alpha dropped), as the PNG holds them. */
static guint8 *
rgb_u8(const float *rgba, int w, int h)
{
  gsize n = (gsize)w * h;
  guint8 *rgb = g_new(guint8, 3 * n);
  for (gsize i = 0; i < n; i++)
    for (int c = 0; c < 3; c++)
      rgb[3 * i + c] = (guint8)(rgba[4 * i + c] * 255.0f + 0.5f);
  return rgb;
}

/* Parses the command line by entries; FALSE (the message printed) when it is not understood or
 * names no output. */
static gboolean
parse_entries(const char *summary, const GOptionEntry *entries, int argc, char **argv,
              char *const *output)
{
  GError *error = NULL;
  GOptionContext *context = g_option_context_new(summary);
  g_option_context_add_main_entries(context, entries, NULL);
  gboolean parsed = g_option_context_parse(context, &argc, &argv, &error);
  g_option_context_free(context);
  if (!parsed || !*output) {
    fprintf(stderr, "smp-photo-gen: %s\n", error ? error->message : "--output is required");
    return FALSE;
  }
  return TRUE;
}

/* Parses the faults subcommand's options into spec and output; 0 when they are good, else the
 * exit status (the message is printed). */
static int
parse_faults_options(int argc, char **argv, SmpFaultsSpec *spec, char **output)
{
  int seed = (int)spec->seed, helmets = spec->n_helmets;
  char *hairline = NULL, *pigment = NULL;
  gboolean dense = FALSE, blue = FALSE;
  GOptionEntry entries[] = {
      {"output", 'o', 0, G_OPTION_ARG_FILENAME, output, "Photo to write (PNG)", "FILE"},
      {"width", 0, 0, G_OPTION_ARG_INT, &spec->width, "Width in px (50 mm)", "PX"},
      {"height", 0, 0, G_OPTION_ARG_INT, &spec->height, "Height in px (40 mm)", "PX"},
      {"ppi", 0, 0, G_OPTION_ARG_DOUBLE, &spec->ppi, "Scale in pixels per inch (600)", "PPI"},
      {"monk", 0, 0, G_OPTION_ARG_INT, &spec->monk, "Skin tone, Monk 1-10 (4)", "N"},
      {"pigment", 0, 0, G_OPTION_ARG_STRING, &pigment, "Undiluted pigment, #rrggbb (#14110f)",
       "COLOUR"},
      {"water", 0, 0, G_OPTION_ARG_DOUBLE, &spec->water, "Parts of water of the right shade (11)",
       "N"},
      {"density", 0, 0, G_OPTION_ARG_DOUBLE, &spec->density, "Dots per cm² (120)", "N"},
      {"dot-size", 0, 0, G_OPTION_ARG_DOUBLE, &spec->dot_mm, "Dot diameter, mm (0.25)", "MM"},
      {"blown", 0, 0, G_OPTION_ARG_DOUBLE, &spec->blown_fraction, "Share blown out (0.06)", "F"},
      {"dark", 0, 0, G_OPTION_ARG_DOUBLE, &spec->dark_fraction, "Share too dark (0.06)", "F"},
      {"helmets", 0, 0, G_OPTION_ARG_INT, &helmets, "Solid-shade patches, 0-3 (1)", "N"},
      {"dense-patch", 0, 0, G_OPTION_ARG_NONE, &dense, "A patch 2.5 x too dense", NULL},
      {"too-blue", 0, 0, G_OPTION_ARG_NONE, &blue, "A blue cast over the treatment", NULL},
      {"hairline", 0, 0, G_OPTION_ARG_STRING, &hairline, "natural, straight or none (natural)",
       "LINE"},
      {"hairline-height", 0, 0, G_OPTION_ARG_DOUBLE, &spec->hairline_height_mm,
       "Lowest point of the hairline above the glabella, mm (80)", "MM"},
      {"noise", 0, 0, G_OPTION_ARG_DOUBLE, &spec->noise, "Sensor noise, sRGB sigma (0.01)", "S"},
      {"seed", 0, 0, G_OPTION_ARG_INT, &seed, "Random seed (1)", "N"},
      {NULL}};
  if (!parse_entries("faults - old SMP with planted faults", entries, argc, argv, output))
    return 2;
  spec->seed = (guint32)seed;
  spec->n_helmets = helmets;
  spec->dense_patch = dense;
  spec->too_blue = blue;
  if (!hairline || !strcmp(hairline, "natural"))
    spec->hairline = SMP_FAULTS_HAIRLINE_NATURAL;
  else if (!strcmp(hairline, "straight"))
    spec->hairline = SMP_FAULTS_HAIRLINE_STRAIGHT;
  else if (!strcmp(hairline, "none"))
    spec->hairline = SMP_FAULTS_HAIRLINE_NONE;
  else {
    fprintf(stderr, "smp-photo-gen: unknown hairline '%s'\n", hairline);
    return 2;
  }
  if (spec->width < 1 || spec->height < 1 || spec->width > 20000 || spec->height > 20000 ||
      spec->ppi <= 0 || spec->monk < 1 || spec->monk > 10 ||
      (pigment && !parse_colour(pigment, spec->pigment_srgb))) {
    fprintf(stderr, "smp-photo-gen: bad size, ppi, Monk tone or pigment\n");
    return 2;
  }
  return 0;
}

/* smp-photo-gen faults ...: old SMP with planted faults. */
static int
faults_main(int argc, char **argv)
{
  SmpFaultsSpec spec;
  smp_faults_spec_init(&spec);
  char *output = NULL;
  int status = parse_faults_options(argc, argv, &spec, &output);
  if (status)
    return status;
  SmpFaultsPhoto *photo = smp_faults_render(&spec);
  const int w = photo->width, h = photo->height;
  guint8 *rgb = rgb_u8(photo->rgba, w, h);
  char *prefix = strip_png(output);
  GError *error = NULL;
  gboolean ok = write_png(output, rgb, w, h, TRUE, &error) &&
                write_mask(prefix, "helmet", photo->helmet, w, h, &error) &&
                write_mask(prefix, "dense", photo->dense, w, h, &error) &&
                write_faults_truth(prefix, &spec, photo, &error);
  if (!ok)
    fprintf(stderr, "smp-photo-gen: %s\n", error->message);
  g_free(prefix);
  g_free(rgb);
  smp_faults_free(photo);
  return ok ? 0 : 1;
}

/* One word option: its value's index in words (the first when it is absent), or -1 with a message
 * naming it. */
static int
word_index(const char *what, const char *value, const char *const *words)
{
  if (!value)
    return 0;
  for (int i = 0; words[i]; i++)
    if (!strcmp(value, words[i]))
      return i;
  fprintf(stderr, "smp-photo-gen: unknown %s '%s'\n", what, value);
  return -1;
}

/* Parses the photo's options into spec and output; 0 when they are good, else the exit status (the
 * message is printed). */
static int
parse_photo_options(int argc, char **argv, SmpPhotoSpec *spec, char **output)
{
  int width = 2400, height = 2400, seed = 1;
  char *view = NULL, *hair = NULL, *style = NULL, *scar = NULL;
  smp_photo_spec_init(spec, width, height);
  double ppi = spec->ppi, density = spec->stubble_density, dot = spec->stubble_dot_mm;
  double bald = spec->bald_deg, coverage = 1.0, part = 0.0, azimuth = spec->light_azimuth_deg;
  double elevation = spec->light_elevation_deg, noise = spec->noise, cx = 0.0, cy = 0.0;
  int monk = spec->monk, jpeg = 0;
  gboolean curly = FALSE, old_smp = FALSE, even = FALSE;
  GOptionEntry entries[] = {
      {"output", 'o', 0, G_OPTION_ARG_FILENAME, output, "Photo to write (PNG)", "FILE"},
      {"width", 0, 0, G_OPTION_ARG_INT, &width, "Width in px (2400)", "PX"},
      {"height", 0, 0, G_OPTION_ARG_INT, &height, "Height in px (2400)", "PX"},
      {"ppi", 0, 0, G_OPTION_ARG_DOUBLE, &ppi, "Scale in pixels per inch (300)", "PPI"},
      {"view", 0, 0, G_OPTION_ARG_STRING, &view, "top, front or side (top)", "VIEW"},
      {"centre-x", 0, 0, G_OPTION_ARG_DOUBLE, &cx,
       "Picture x (mm from the head's centre) at the "
       "image centre",
       "MM"},
      {"centre-y", 0, 0, G_OPTION_ARG_DOUBLE, &cy, "Picture y (mm, downwards)", "MM"},
      {"monk", 0, 0, G_OPTION_ARG_INT, &monk, "Skin tone, Monk 1-10 (5)", "N"},
      {"hair", 0, 0, G_OPTION_ARG_STRING, &hair,
       "Hair colour: black, dark-brown, brown, auburn, "
       "blond, light-blond, grey, white or #rrggbb (dark-brown)",
       "COLOUR"},
      {"style", 0, 0, G_OPTION_ARG_STRING, &style, "shaved, undercut or long (undercut)", "STYLE"},
      {"bald", 0, 0, G_OPTION_ARG_DOUBLE, &bald, "Angular radius of the bald cap, degrees (40)",
       "DEG"},
      {"density", 0, 0, G_OPTION_ARG_DOUBLE, &density, "Stubble dots (hairs) per cm² (165)", "N"},
      {"dot-size", 0, 0, G_OPTION_ARG_DOUBLE, &dot, "Stubble dot diameter, mm (0.25)", "MM"},
      {"curly", 0, 0, G_OPTION_ARG_NONE, &curly, "Curly long hair", NULL},
      {"coverage", 0, 0, G_OPTION_ARG_DOUBLE, &coverage, "Fraction of strands present (1)", "F"},
      {"part", 0, 0, G_OPTION_ARG_DOUBLE, &part, "Width of the visible part line, mm (0)", "MM"},
      {"scar", 0, 0, G_OPTION_ARG_STRING, &scar, "none, strip or fue (none)", "SCAR"},
      {"old-smp", 0, 0, G_OPTION_ARG_NONE, &old_smp, "Old SMP dots on the bald cap", NULL},
      {"light-azimuth", 0, 0, G_OPTION_ARG_DOUBLE, &azimuth, "Light direction, degrees (135)",
       "DEG"},
      {"light-elevation", 0, 0, G_OPTION_ARG_DOUBLE, &elevation,
       "Light elevation, degrees (50; 90 = from the camera)", "DEG"},
      {"even-light", 0, 0, G_OPTION_ARG_NONE, &even, "Even light (a ring light): no shading", NULL},
      {"noise", 0, 0, G_OPTION_ARG_DOUBLE, &noise, "Sensor noise, sRGB sigma (0.01)", "S"},
      {"jpeg", 0, 0, G_OPTION_ARG_INT, &jpeg, "JPEG quality 1-100 (0 = none)", "Q"},
      {"seed", 0, 0, G_OPTION_ARG_INT, &seed, "Random seed (1)", "N"},
      {NULL}};
  if (!parse_entries("- synthetic head photos with ground truth", entries, argc, argv, output))
    return 2;
  spec->width = width, spec->height = height, spec->ppi = ppi;
  spec->centre_x_mm = cx, spec->centre_y_mm = cy;
  spec->monk = monk, spec->bald_deg = bald, spec->stubble_density = density;
  spec->stubble_dot_mm = dot, spec->curly = curly, spec->hair_coverage = coverage;
  spec->part_width_mm = part, spec->old_smp = old_smp, spec->light_azimuth_deg = azimuth;
  spec->light_elevation_deg = elevation, spec->noise = noise, spec->jpeg_quality = jpeg;
  spec->even_light = even;
  spec->seed = (guint32)seed;
  if (width < 1 || height < 1 || width > 20000 || height > 20000 || ppi <= 0 || monk < 1 ||
      monk > 10 || (hair && !parse_colour(hair, spec->hair_srgb))) {
    fprintf(stderr, "smp-photo-gen: bad size, ppi, Monk tone or hair colour\n");
    return 2;
  }
  static const char *const views[] = {"top", "front", "side", NULL};
  static const char *const styles[] = {"undercut", "shaved", "long", NULL};
  static const char *const scars[] = {"none", "strip", "fue", NULL};
  static const SmpPhotoView view_of[] = {SMP_PHOTO_TOP, SMP_PHOTO_FRONT, SMP_PHOTO_SIDE};
  static const SmpPhotoStyle style_of[] = {SMP_PHOTO_UNDERCUT, SMP_PHOTO_SHAVED, SMP_PHOTO_LONG};
  static const SmpPhotoScar scar_of[] = {SMP_PHOTO_SCAR_NONE, SMP_PHOTO_SCAR_STRIP,
                                         SMP_PHOTO_SCAR_FUE};
  int v = word_index("view", view, views), s, c;
  if (v < 0 || (s = word_index("style", style, styles)) < 0 ||
      (c = word_index("scar", scar, scars)) < 0)
    return 2;
  spec->view = view_of[v], spec->style = style_of[s], spec->scar = scar_of[c];
  return 0;
}

/* The fringe's values and the settings, in prefix.truth. */
static gboolean
write_photo_truth(const char *prefix, const SmpPhotoSpec *spec, const SmpPhoto *photo,
                  GError **error)
{
  GKeyFile *truth = g_key_file_new();
  g_key_file_set_double(truth, "photo", "ppi", spec->ppi);
  g_key_file_set_integer(truth, "photo", "seed", (int)spec->seed);
  g_key_file_set_integer(truth, "photo", "monk", spec->monk);
  g_key_file_set_integer(truth, "fringe", "dots", photo->n_stubble_dots);
  g_key_file_set_double(truth, "fringe", "area-cm2", photo->stubble_area_cm2);
  g_key_file_set_double(truth, "fringe", "density", photo->fringe_density);
  g_key_file_set_double(truth, "fringe", "dot-size", photo->fringe_dot_mm);
  char colour[8];
  g_snprintf(colour, sizeof colour, "#%02x%02x%02x", (int)(photo->fringe_srgb[0] * 255 + 0.5),
             (int)(photo->fringe_srgb[1] * 255 + 0.5), (int)(photo->fringe_srgb[2] * 255 + 0.5));
  g_key_file_set_string(truth, "fringe", "color", colour);
  char *path = g_strdup_printf("%s.truth", prefix);
  gboolean ok = g_key_file_save_to_file(truth, path, error);
  g_free(path);
  g_key_file_free(truth);
  return ok;
}

/* The photo, its masks, its hair cover and its truth file. */
static gboolean
write_photo_outputs(const char *output, const SmpPhotoSpec *spec, const SmpPhoto *photo,
                    GError **error)
{
  const int w = photo->width, h = photo->height;
  guint8 *rgb = rgb_u8(photo->rgba, w, h);
  char *prefix = strip_png(output);
  char *cover = g_strdup_printf("%s-cover.png", prefix);
  gboolean ok = write_png(output, rgb, w, h, TRUE, error) &&
                write_mask(prefix, "hair", photo->hair, w, h, error) &&
                write_mask(prefix, "stubble", photo->stubble, w, h, error) &&
                write_mask(prefix, "scalp", photo->scalp, w, h, error) &&
                write_mask(prefix, "scar", photo->scar, w, h, error) &&
                write_mask(prefix, "smp", photo->smp, w, h, error) &&
                write_png(cover, photo->hair_cover, w, h, FALSE, error) &&
                write_photo_truth(prefix, spec, photo, error);
  g_free(cover);
  g_free(prefix);
  g_free(rgb);
  return ok;
}

int
main(int argc, char **argv)
{
  if (argc > 1 && !strcmp(argv[1], "faults"))
    return faults_main(argc - 1, argv + 1);
  SmpPhotoSpec spec;
  char *output = NULL;
  int status = parse_photo_options(argc, argv, &spec, &output);
  if (status)
    return status;
  SmpPhoto *photo = smp_photo_render(&spec);
  GError *error = NULL;
  gboolean ok = write_photo_outputs(output, &spec, photo, &error);
  if (!ok)
    fprintf(stderr, "smp-photo-gen: %s\n", error->message);
  smp_photo_free(photo);
  return ok ? 0 : 1;
}
