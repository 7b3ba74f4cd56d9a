/* gen-filter-presets: the hair types as named presets of smp:follicle-dots for the "Presets" box
 * of GIMP's filter dialog.
 *
 *   gen-filter-presets OUTPUT PRESET-FILE...
 *
 * GIMP 3 keeps an op's named presets in <profile>/filters/GimpGegl-<op>-config.settings, one
 * "(GimpGegl-<op>-config "name" (property value) ...)" entry per preset, properties under the op's
 * own names; colours as (color-rgba r g b a) in non-linear sRGB, which GIMP 3 still reads. The
 * preset files are read with the plug-in's loader, so the presets match plug-in-smp-follicles'. */
#include "smp-presets.h"

#include <string.h>

#define CONFIG_TYPE "GimpGegl-smp-follicle-dots-config"

/* The hair-type keys that are smp:follicle-dots properties of the same name. */
static const gchar *const op_keys[] = {
    "density",    "dot-size",   "size-jitter", "opacity-jitter", "hair-mix-1",
    "hair-mix-2", "hair-mix-3", "hair-mix-4",  "dilution",
};

/* "#rgb" or "#rrggbb" (validated by the loader) as sRGB channels 0..1. */
static void
parse_color(const gchar *hex, gdouble rgb[3])
{
  gsize digits = strlen(hex + 1) / 3;
  for (gint c = 0; c < 3; c++) {
    gchar part[3] = {0};
    memcpy(part, hex + 1 + c * digits, digits);
    gint64 value = g_ascii_strtoll(part, NULL, 16);
    rgb[c] = digits == 1 ? value / 15.0 : value / 255.0;
  }
}

static void
append_double(GString *out, const gchar *name, gdouble value)
{
  gchar buffer[G_ASCII_DTOSTR_BUF_SIZE];
  g_string_append_printf(out, "    (%s %s)\n", name,
                         g_ascii_formatd(buffer, sizeof buffer, "%.10g", value));
}

static void
append_preset(GString *out, const SmpPreset *hair)
{
  gchar *name = g_strescape(smp_preset_get_string(hair, "label"), NULL);
  gchar buffer[3][G_ASCII_DTOSTR_BUF_SIZE];
  gdouble rgb[3];

  g_string_append_printf(out, "(%s \"%s\"\n    (time 0)\n", CONFIG_TYPE, name);
  for (gsize i = 0; i < G_N_ELEMENTS(op_keys); i++)
    append_double(out, op_keys[i], smp_preset_get_double(hair, op_keys[i]));
  parse_color(smp_preset_get_string(hair, "pigment"), rgb);
  g_string_append_printf(out, "    (pigment (color-rgba %s %s %s 1)))\n",
                         g_ascii_formatd(buffer[0], sizeof buffer[0], "%.10g", rgb[0]),
                         g_ascii_formatd(buffer[1], sizeof buffer[1], "%.10g", rgb[1]),
                         g_ascii_formatd(buffer[2], sizeof buffer[2], "%.10g", rgb[2]));
  g_free(name);
}

int
main(int argc, char **argv)
{
  SmpPresets *presets = smp_presets_new();
  GError *error = NULL;
  GString *out;

  if (argc < 3) {
    g_printerr("usage: gen-filter-presets OUTPUT PRESET-FILE...\n");
    return 2;
  }
  for (gint i = 2; i < argc; i++)
    if (!smp_presets_load_file(presets, argv[i], &error)) {
      g_printerr("gen-filter-presets: %s\n", error->message);
      return 1;
    }

  out = g_string_new("# GIMP 'smp:follicle-dots' presets: the smp-studio hair types\n"
                     "# (generated from the preset files; edits in GIMP are saved here)\n\n");
  for (guint i = 0; i < smp_presets_count(presets, SMP_PRESET_HAIR_TYPE); i++)
    append_preset(out, smp_presets_nth(presets, SMP_PRESET_HAIR_TYPE, i));
  g_string_append(out, "\n# end of settings\n");

  if (!g_file_set_contents(argv[1], out->str, (gssize)out->len, &error)) {
    g_printerr("gen-filter-presets: %s\n", error->message);
    return 1;
  }
  g_string_free(out, TRUE);
  smp_presets_free(presets);
  return 0;
}
