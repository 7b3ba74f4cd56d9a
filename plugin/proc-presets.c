/* plug-in-smp-presets: the hair types and skin tones a script may pass.
 *
 * Read fresh on every call from the built-in folder and the user's folder in the GIMP profile, so
 * a script sees a preset file it just wrote, and learns which files were skipped and why.
 */
#include <libgimp/gimp.h>

#include "smp-procedures.h"

#define PRESETS_PROC "plug-in-smp-presets"

/* Names and labels of a kind; skin-tone aliases follow the tones, labelled with their tone. */
static void
list_presets(SmpPresetKind kind, GStrv *names_out, GStrv *labels_out)
{
  SmpPresets *presets = smp_plugin_presets();
  g_autoptr(GStrvBuilder) names = g_strv_builder_new();
  g_autoptr(GStrvBuilder) labels = g_strv_builder_new();
  guint n = smp_presets_count(presets, kind);

  for (guint i = 0; i < n; i++) {
    const SmpPreset *preset = smp_presets_nth(presets, kind, i);
    g_strv_builder_add(names, smp_preset_get_name(preset));
    g_strv_builder_add(labels, smp_preset_get_label(preset));
  }
  for (guint i = 0; kind == SMP_PRESET_SKIN_TONE && i < n; i++) {
    const SmpPreset *preset = smp_presets_nth(presets, kind, i);
    g_auto(GStrv) aliases = smp_preset_get_list(preset, "aliases");
    for (guint a = 0; aliases[a]; a++) {
      g_autofree gchar *alias = smp_plugin_alias_label(aliases[a]);
      g_strv_builder_add(names, aliases[a]);
      g_strv_builder_take(labels, g_strdup_printf("%s (%s)", alias, smp_preset_get_label(preset)));
    }
  }
  *names_out = g_strv_builder_end(names);
  *labels_out = g_strv_builder_end(labels);
}

static GimpValueArray *
presets_run(GimpProcedure *procedure, GimpProcedureConfig *config, gpointer run_data)
{
  const GPtrArray *problems = smp_plugin_preset_problems();
  g_autoptr(GStrvBuilder) problem_list = g_strv_builder_new();
  GStrv hair, hair_labels, skin, skin_labels, problem_strv;
  GimpRunMode run_mode = GIMP_RUN_NONINTERACTIVE;
  GimpValueArray *values;
  gchar *user_dir = smp_plugin_user_presets_dir();

  g_object_get(config, "run-mode", &run_mode, NULL);
  list_presets(SMP_PRESET_HAIR_TYPE, &hair, &hair_labels);
  list_presets(SMP_PRESET_SKIN_TONE, &skin, &skin_labels);
  for (guint i = 0; i < problems->len; i++)
    g_strv_builder_add(problem_list, g_ptr_array_index(problems, i));
  problem_strv = g_strv_builder_end(problem_list);

  if (run_mode == GIMP_RUN_INTERACTIVE) {
    g_autofree gchar *hair_text = g_strjoinv(", ", hair);
    g_autofree gchar *skin_text = g_strjoinv(", ", skin);
    g_autofree gchar *text =
        g_strdup_printf("Hair types: %s\n\nSkin tones: %s\n\nYour own presets go in %s", hair_text,
                        skin_text, user_dir);
    gimp_message(text);
    smp_plugin_report_preset_problems();
  }

  values = gimp_procedure_new_return_values(procedure, GIMP_PDB_SUCCESS, NULL);
  GIMP_VALUES_TAKE_STRV(values, 1, hair);
  GIMP_VALUES_TAKE_STRV(values, 2, hair_labels);
  GIMP_VALUES_TAKE_STRV(values, 3, skin);
  GIMP_VALUES_TAKE_STRV(values, 4, skin_labels);
  GIMP_VALUES_TAKE_STRV(values, 5, problem_strv);
  GIMP_VALUES_TAKE_STRING(values, 6, user_dir);
  return values;
}

GimpProcedure *
smp_presets_create(GimpPlugIn *plug_in)
{
  GimpProcedure *procedure =
      gimp_procedure_new(plug_in, PRESETS_PROC, GIMP_PDB_PROC_TYPE_PLUGIN, presets_run, NULL, NULL);

  gimp_procedure_set_documentation(
      procedure, "List the smp-studio hair-type and skin-tone presets",
      "Returns the names a script may pass as 'hair-type' and 'skin-tone' (skin-tone aliases such "
      "as fitzpatrick-3 included), their labels, the messages about preset files that were "
      "skipped (file, line and key of the problem), and the folder of the user's own presets "
      "(<GIMP profile>/smp-studio/presets/*.ini), which override and extend the built-in ones.",
      PRESETS_PROC);
  gimp_procedure_set_attribution(procedure, "smp-studio", "smp-studio", "2025");
  gimp_procedure_add_enum_argument(procedure, "run-mode", "Run mode", "The run mode",
                                   GIMP_TYPE_RUN_MODE, GIMP_RUN_NONINTERACTIVE, G_PARAM_READWRITE);

  gimp_procedure_add_string_array_return_value(procedure, "hair-types", "Hair types",
                                               "Names of the hair-type presets", G_PARAM_READWRITE);
  gimp_procedure_add_string_array_return_value(procedure, "hair-type-labels", "Hair-type labels",
                                               "Labels of the hair types, in the same order",
                                               G_PARAM_READWRITE);
  gimp_procedure_add_string_array_return_value(procedure, "skin-tones", "Skin tones",
                                               "Names of the skin-tone presets, then their aliases",
                                               G_PARAM_READWRITE);
  gimp_procedure_add_string_array_return_value(procedure, "skin-tone-labels", "Skin-tone labels",
                                               "Labels of the skin tones, in the same order",
                                               G_PARAM_READWRITE);
  gimp_procedure_add_string_array_return_value(
      procedure, "problems", "Problems",
      "One message per skipped preset file: file:line: key: problem", G_PARAM_READWRITE);
  gimp_procedure_add_string_return_value(procedure, "user-folder", "User folder",
                                         "Folder of the user's own preset files", NULL,
                                         G_PARAM_READWRITE);
  return procedure;
}
