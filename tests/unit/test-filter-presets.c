/* The generated GIMP filter presets of smp:follicle-dots: one named preset per hair type, under
 * GIMP's file and type name for the op, with the hair type's values.
 *
 *   unit-filter-presets SETTINGS-FILE PRESET-FILE... */
#include "smp-presets.h"

#include <math.h>

static const gchar *settings_path;
static gchar **preset_paths;

/* The value of "(key value)" in a preset's text, or NAN. */
static gdouble
number(const gchar *body, const gchar *key)
{
  gchar *pattern = g_strdup_printf("\\(%s ([-0-9.e]+)\\)", key);
  GRegex *regex = g_regex_new(pattern, 0, 0, NULL);
  GMatchInfo *match;
  gdouble value = NAN;
  if (g_regex_match(regex, body, 0, &match)) {
    gchar *text = g_match_info_fetch(match, 1);
    value = g_ascii_strtod(text, NULL);
    g_free(text);
  }
  g_match_info_free(match);
  g_regex_unref(regex);
  g_free(pattern);
  return value;
}

static void
test_one_preset_per_hair_type(void)
{
  static const gchar *const keys[] = {"density",        "dot-size",   "size-jitter",
                                      "opacity-jitter", "hair-mix-1", "hair-mix-2",
                                      "hair-mix-3",     "hair-mix-4", "dilution"};
  SmpPresets *presets = smp_presets_new();
  GError *error = NULL;
  gchar *text = NULL;

  g_assert_true(g_str_has_suffix(settings_path, "/GimpGegl-smp-follicle-dots-config.settings"));
  g_assert_true(g_file_get_contents(settings_path, &text, NULL, &error));
  g_assert_no_error(error);
  for (gchar **path = preset_paths; *path; path++) {
    g_assert_true(smp_presets_load_file(presets, *path, &error));
    g_assert_no_error(error);
  }

  /* Entries "(GimpGegl-smp-follicle-dots-config "label" ...)" in file order. */
  gchar **entries =
      g_regex_split_simple("^\\(GimpGegl-smp-follicle-dots-config ", text, G_REGEX_MULTILINE, 0);
  guint n = smp_presets_count(presets, SMP_PRESET_HAIR_TYPE);
  g_assert_cmpuint(n, >=, 8);
  g_assert_cmpuint(g_strv_length(entries), ==, n + 1);
  for (guint i = 0; i < n; i++) {
    const SmpPreset *hair = smp_presets_nth(presets, SMP_PRESET_HAIR_TYPE, i);
    const gchar *body = entries[i + 1];
    gchar *quoted = g_strdup_printf("\"%s\"", smp_preset_get_string(hair, "label"));
    g_assert_true(g_str_has_prefix(body, quoted));
    g_free(quoted);
    for (gsize k = 0; k < G_N_ELEMENTS(keys); k++)
      g_assert_cmpfloat_with_epsilon(number(body, keys[k]), smp_preset_get_double(hair, keys[k]),
                                     1e-9);

    /* The pigment as (color-rgba r g b 1), sRGB 0..1, equal to the preset's "#rrggbb". */
    GMatchInfo *match;
    GRegex *regex = g_regex_new(
        "\\(pigment \\(color-rgba ([0-9.e-]+) ([0-9.e-]+) ([0-9.e-]+) 1\\)\\)", 0, 0, NULL);
    g_assert_true(g_regex_match(regex, body, 0, &match));
    const gchar *hex = smp_preset_get_string(hair, "pigment");
    g_assert_cmpuint(strlen(hex), ==, 7);
    for (gint c = 0; c < 3; c++) {
      gchar *channel = g_match_info_fetch(match, c + 1),
            part[3] = {hex[1 + 2 * c], hex[2 + 2 * c], 0};
      g_assert_cmpfloat_with_epsilon(g_ascii_strtod(channel, NULL) * 255.0,
                                     (gdouble)g_ascii_strtoll(part, NULL, 16), 1e-6);
      g_free(channel);
    }
    g_match_info_free(match);
    g_regex_unref(regex);
    g_test_message("%s: dilution %g", smp_preset_get_name(hair), number(body, "dilution"));
  }
  g_strfreev(entries);
  g_free(text);
  smp_presets_free(presets);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  if (argc < 3) {
    g_printerr("usage: unit-filter-presets SETTINGS-FILE PRESET-FILE...\n");
    return 2;
  }
  settings_path = argv[1];
  preset_paths = argv + 2;
  g_test_add_func("/filter-presets/one-per-hair-type", test_one_preset_per_hair_type);
  return g_test_run();
}
