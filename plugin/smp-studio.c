/* smp-studio: the GIMP 3 plug-in registering every scalp micropigmentation procedure.
 *
 * Each procedure is built by its plugin/proc-<name>.c; this file holds the procedure table, the
 * GimpPlugIn subclass that dispatches through it, and what every procedure shares: presets, scale,
 * image checks and the layer the work goes into.
 */
#include <math.h>
#include <string.h>

#include <libgimp/gimp.h>

#include "smp-choices.h"
#include "smp-procedures.h"

static const SmpProcedureEntry smp_procedures[] = {
    {"plug-in-smp-follicles", smp_follicles_create},
    {"plug-in-smp-hairline", smp_hairline_create},
    {"plug-in-smp-scar-camouflage", smp_scar_camouflage_create},
    {"plug-in-smp-sessions", smp_sessions_create},
    {"plug-in-smp-presets", smp_presets_create},
    {"plug-in-smp-calibrate", smp_calibrate_create},
    {"plug-in-smp-stencil", smp_stencil_create},
    {"plug-in-smp-analyse", smp_analyse_create},
    {"plug-in-smp-correction", smp_correction_create},
};

typedef struct {
  GimpPlugIn parent_instance;
} SmpStudio;

typedef struct {
  GimpPlugInClass parent_class;
} SmpStudioClass;

#define SMP_TYPE_STUDIO (smp_studio_get_type())
GType smp_studio_get_type(void);
G_DEFINE_TYPE(SmpStudio, smp_studio, GIMP_TYPE_PLUG_IN)

/* GIMP queries the plug-in while it starts: the user's preset files are not read then. */
static gboolean querying;

static GList *
smp_studio_query_procedures(GimpPlugIn *plug_in)
{
  GList *names = NULL;

  querying = TRUE;
  for (gsize i = 0; i < G_N_ELEMENTS(smp_procedures); i++)
    names = g_list_append(names, g_strdup(smp_procedures[i].name));
  return names;
}

static GimpProcedure *
smp_studio_create_procedure(GimpPlugIn *plug_in, const gchar *name)
{
  for (gsize i = 0; i < G_N_ELEMENTS(smp_procedures); i++)
    if (g_strcmp0(name, smp_procedures[i].name) == 0)
      return smp_procedures[i].create(plug_in);
  return NULL;
}

#if defined(__SANITIZE_ADDRESS__)
#define SMP_LEAK_CHECK_AT_QUIT 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SMP_LEAK_CHECK_AT_QUIT 1
#endif
#endif

#ifdef SMP_LEAK_CHECK_AT_QUIT
#include <sanitizer/lsan_interface.h>

/* Built with AddressSanitizer: leaks are looked for when the plug-in quits, while libgimp still
 * holds the plug-in, its procedures and its caches (it drops them unfreed at exit), so what is
 * unreachable then was lost by a run. Run with LSAN_OPTIONS=leak_check_at_exit=0. */
static void
smp_studio_quit(GimpPlugIn *plug_in)
{
  __lsan_do_recoverable_leak_check();
}
#endif

static void
smp_studio_class_init(SmpStudioClass *klass)
{
  GimpPlugInClass *plug_in_class = GIMP_PLUG_IN_CLASS(klass);

  plug_in_class->query_procedures = smp_studio_query_procedures;
  plug_in_class->create_procedure = smp_studio_create_procedure;
  /* No message catalogs are shipped: the default gettext lookup would only warn. */
  plug_in_class->set_i18n = NULL;
#ifdef SMP_LEAK_CHECK_AT_QUIT
  plug_in_class->quit = smp_studio_quit;
#endif
}

static void
smp_studio_init(SmpStudio *studio)
{
}

GimpProcedure *
smp_plugin_layer_procedure_new(GimpPlugIn *plug_in, const gchar *name, GimpRunImageFunc run_func,
                               const gchar *menu_label)
{
  GimpProcedure *procedure =
      gimp_image_procedure_new(plug_in, name, GIMP_PDB_PROC_TYPE_PLUGIN, run_func, NULL, NULL);

  gimp_procedure_set_image_types(procedure, "RGB*, GRAY*");
  gimp_procedure_set_sensitivity_mask(procedure, GIMP_PROCEDURE_SENSITIVE_DRAWABLE |
                                                     GIMP_PROCEDURE_SENSITIVE_DRAWABLES |
                                                     GIMP_PROCEDURE_SENSITIVE_NO_DRAWABLES);
  gimp_procedure_set_menu_label(procedure, menu_label);
  gimp_procedure_add_menu_path(procedure, SMP_MENU_PATH);
  gimp_procedure_set_attribution(procedure, "smp-studio", "smp-studio", "2025");
  return procedure;
}

/* Presets ---------------------------------------------------------------------------------- */

static SmpPresets *presets_cache;
static GPtrArray *presets_problems;

gchar *
smp_plugin_builtin_presets_dir(void)
{
  g_autofree gchar *folder = g_path_get_dirname(gimp_get_progname());
  return g_build_filename(folder, "presets", NULL);
}

gchar *
smp_plugin_user_presets_dir(void)
{
  return g_build_filename(gimp_directory(), SMP_PLUGIN_BINARY, "presets", NULL);
}

SmpPresets *
smp_plugin_presets(void)
{
  if (!presets_cache) {
    g_autofree gchar *builtin = smp_plugin_builtin_presets_dir();
    g_autofree gchar *user = smp_plugin_user_presets_dir();

    presets_cache = smp_presets_new();
    presets_problems = g_ptr_array_new_with_free_func(g_free);
    smp_presets_load_dir(presets_cache, builtin, presets_problems);
    if (!querying)
      smp_presets_load_dir(presets_cache, user, presets_problems);
    if (smp_presets_count(presets_cache, SMP_PRESET_HAIR_TYPE) == 0 ||
        smp_presets_count(presets_cache, SMP_PRESET_SKIN_TONE) == 0)
      g_ptr_array_add(presets_problems,
                      g_strdup_printf("%s: no hair-type or skin-tone presets found; the "
                                      "installation is incomplete",
                                      builtin));
  }
  return presets_cache;
}

const GPtrArray *
smp_plugin_preset_problems(void)
{
  smp_plugin_presets();
  return presets_problems;
}

void
smp_plugin_report_preset_problems(void)
{
  const GPtrArray *problems = smp_plugin_preset_problems();
  if (smp_plugin_previewing())
    return;
  for (guint i = 0; i < problems->len; i++)
    gimp_message(g_ptr_array_index(problems, i));
}

gchar *
smp_plugin_alias_label(const gchar *alias)
{
  gchar *label = g_strdelimit(g_strdup(alias), "-_", ' ');
  label[0] = g_ascii_toupper(label[0]);
  return label;
}

/* A skin tone's aliases (Fitzpatrick types) go in its label, "Monk 1 (Fitzpatrick 1)": scripts
 * may pass an alias, the dialog shows each tone once. */
GimpChoice *
smp_plugin_preset_choice(SmpPresetKind kind)
{
  SmpPresets *presets = smp_plugin_presets();
  GimpChoice *choice = gimp_choice_new();
  guint n = smp_presets_count(presets, kind);

  for (guint i = 0; i < n; i++) {
    const SmpPreset *preset = smp_presets_nth(presets, kind, i);
    g_auto(GStrv) aliases =
        kind == SMP_PRESET_SKIN_TONE ? smp_preset_get_list(preset, "aliases") : NULL;
    g_autoptr(GString) label = g_string_new(smp_preset_get_label(preset));
    for (guint a = 0; aliases && aliases[a]; a++) {
      g_autofree gchar *alias = smp_plugin_alias_label(aliases[a]);
      g_string_append_printf(label, "%s%s", a == 0 ? " (" : ", ", alias);
    }
    if (aliases && aliases[0])
      g_string_append_c(label, ')');
    gimp_choice_add(choice, smp_preset_get_name(preset), (gint)i, label->str,
                    smp_preset_get_string(preset, "description"));
  }
  /* A profile whose presets all failed to load still registers a usable procedure. */
  if (n == 0)
    gimp_choice_add(choice, "none", 0, "No presets installed", NULL);
  return choice;
}

/* The ops' enum words (core/smp-choices.h). Looking them up in the op itself would load every
 * GEGL module into each run of the plug-in (about half a second). */
typedef struct {
  const gchar *nick, *label;
} SmpWord;

#define SMP_WORD(value, nick, label) {nick, label},
static const SmpWord dots_density_sources[] = {SMP_DOTS_DENSITY_SOURCES(SMP_WORD){NULL}};
static const SmpWord dots_output_modes[] = {SMP_DOTS_OUTPUT_MODES(SMP_WORD){NULL}};
static const SmpWord dots_appearances[] = {SMP_DOTS_APPEARANCES(SMP_WORD){NULL}};
static const SmpWord dots_surfaces[] = {SMP_DOTS_SURFACES(SMP_WORD){NULL}};
static const SmpWord dots_views[] = {SMP_DOTS_VIEWS(SMP_WORD){NULL}};
static const SmpWord hairline_views[] = {SMP_HAIRLINE_MASK_VIEWS(SMP_WORD){NULL}};
static const SmpWord hairline_shapes[] = {SMP_HAIRLINE_MASK_SHAPES(SMP_WORD){NULL}};
static const SmpWord hairline_patterns[] = {SMP_HAIRLINE_MASK_PATTERNS(SMP_WORD){NULL}};
static const SmpWord hairline_areas[] = {SMP_HAIRLINE_MASK_AREAS(SMP_WORD){NULL}};
static const SmpWord hairline_output_modes[] = {SMP_HAIRLINE_MASK_OUTPUT_MODES(SMP_WORD){NULL}};
static const SmpWord scar_detects[] = {SMP_SCAR_CAMOUFLAGE_DETECTS(SMP_WORD){NULL}};
static const SmpWord scar_output_modes[] = {SMP_SCAR_CAMOUFLAGE_OUTPUT_MODES(SMP_WORD){NULL}};
#undef SMP_WORD

static const struct {
  const gchar *operation, *property;
  const SmpWord *words;
} op_words[] = {
    {"smp:follicle-dots", "density-source", dots_density_sources},
    {"smp:follicle-dots", "output-mode", dots_output_modes},
    {"smp:follicle-dots", "appearance", dots_appearances},
    {"smp:follicle-dots", "surface", dots_surfaces},
    {"smp:follicle-dots", "view", dots_views},
    {"smp:hairline-mask", "view", hairline_views},
    {"smp:hairline-mask", "shape", hairline_shapes},
    {"smp:hairline-mask", "pattern", hairline_patterns},
    {"smp:hairline-mask", "area", hairline_areas},
    {"smp:hairline-mask", "output-mode", hairline_output_modes},
    {"smp:scar-camouflage", "scar-detect", scar_detects},
    {"smp:scar-camouflage", "output-mode", scar_output_modes},
};

GimpChoice *
smp_plugin_op_choice(const gchar *operation, const gchar *property, const gchar *default_nick,
                     const gchar *omit)
{
  GimpChoice *choice = gimp_choice_new();

  for (gsize i = 0; i < G_N_ELEMENTS(op_words); i++) {
    if (strcmp(op_words[i].operation, operation) != 0 ||
        strcmp(op_words[i].property, property) != 0)
      continue;
    /* The id is the op's enum value: its position in the list. */
    for (gint w = 0; op_words[i].words[w].nick; w++)
      if (g_strcmp0(op_words[i].words[w].nick, omit) != 0)
        gimp_choice_add(choice, op_words[i].words[w].nick, w, op_words[i].words[w].label, NULL);
  }
  g_return_val_if_fail(gimp_choice_is_valid(choice, default_nick), choice);
  return choice;
}

/* "fresh, healed" */
static gchar *
choice_nicks(GimpChoice *choice)
{
  GList *nicks = gimp_choice_list_nicks(choice);
  GString *text = g_string_new(NULL);

  for (GList *nick = nicks; nick; nick = nick->next)
    g_string_append_printf(text, "%s%s", text->len ? ", " : "", (const gchar *)nick->data);
  return g_string_free(text, FALSE);
}

void
smp_plugin_add_choice_argument(GimpProcedure *procedure, const gchar *name, const gchar *label,
                               const gchar *blurb, GimpChoice *choice, const gchar *default_nick)
{
  g_autofree gchar *aux = g_strconcat(name, "-choice", NULL);
  g_autofree gchar *nicks = choice_nicks(choice);
  g_autofree gchar *full_blurb = g_strdup_printf("%s; one of: %s", blurb, nicks);

  gimp_procedure_add_string_argument(procedure, name, label, full_blurb, default_nick,
                                     G_PARAM_READWRITE);
  gimp_procedure_add_choice_aux_argument(procedure, aux, label, blurb, choice, default_nick,
                                         G_PARAM_READWRITE);
}

void
smp_plugin_add_op_choice_argument(GimpProcedure *procedure, const gchar *name, const gchar *label,
                                  const gchar *blurb, const gchar *operation,
                                  const gchar *default_nick, const gchar *omit)
{
  smp_plugin_add_choice_argument(procedure, name, label, blurb,
                                 smp_plugin_op_choice(operation, name, default_nick, omit),
                                 default_nick);
}

/* The choice behind a string argument (its aux "<name>-choice"), or NULL. */
static GimpChoice *
argument_choice(GimpProcedureConfig *config, GParamSpec *pspec)
{
  g_autofree gchar *aux = g_strconcat(pspec->name, "-choice", NULL);
  GParamSpec *aux_spec = g_object_class_find_property(G_OBJECT_GET_CLASS(config), aux);

  if (!G_IS_PARAM_SPEC_STRING(pspec) || !aux_spec || !GIMP_IS_PARAM_SPEC_CHOICE(aux_spec))
    return NULL;
  return gimp_param_spec_choice_get_choice(aux_spec);
}

/* A preset argument's value is checked by smp_plugin_config_preset, which also knows aliases. */
static gboolean
is_preset_argument(const gchar *name)
{
  for (guint kind = 0; kind < SMP_PRESET_N_KINDS; kind++)
    if (g_strcmp0(name, smp_preset_kind_name(kind)) == 0)
      return TRUE;
  return FALSE;
}

/* A string argument with a choice must be one of its nicks: the PDB hands the string on as it
 * is, where a choice argument would have dropped an unknown word for its default unseen
 * (docs/gimp-gegl-notes.md, Choice arguments). */
static gboolean
check_choice(GimpProcedureConfig *config, GParamSpec *pspec, GError **error)
{
  GimpChoice *choice = argument_choice(config, pspec);
  g_autofree gchar *value = NULL;

  if (!choice || is_preset_argument(pspec->name))
    return TRUE;
  g_object_get(config, pspec->name, &value, NULL);
  if (!gimp_choice_is_valid(choice, value)) {
    /* A script may pass any string: quote at most 40 characters of it. */
    g_autofree gchar *valid = g_utf8_make_valid(value ? value : "", -1);
    glong length = g_utf8_strlen(valid, -1);
    g_autofree gchar *quoted = g_utf8_substring(valid, 0, MIN(length, 40));
    g_autofree gchar *nicks = choice_nicks(choice);
    g_set_error(error, SMP_ERROR, SMP_ERROR_BAD_VALUE,
                "%s: '%s%s' is not a choice; give one of: %s", pspec->name, quoted,
                length > 40 ? "…" : "", nicks);
    return FALSE;
  }
  return TRUE;
}

const gchar *
smp_plugin_default_preset(SmpPresetKind kind, const gchar *preferred)
{
  SmpPresets *presets = smp_plugin_presets();
  if (smp_presets_lookup(presets, kind, preferred))
    return preferred;
  if (smp_presets_count(presets, kind) > 0)
    return smp_preset_get_name(smp_presets_nth(presets, kind, 0));
  return "none";
}

gchar *
smp_plugin_preset_names(SmpPresetKind kind)
{
  SmpPresets *presets = smp_plugin_presets();
  GString *names = g_string_new(NULL);

  for (guint i = 0; i < smp_presets_count(presets, kind); i++) {
    const SmpPreset *preset = smp_presets_nth(presets, kind, i);
    g_auto(GStrv) aliases =
        kind == SMP_PRESET_SKIN_TONE ? smp_preset_get_list(preset, "aliases") : NULL;
    g_string_append_printf(names, "%s%s", names->len ? ", " : "", smp_preset_get_name(preset));
    for (guint a = 0; aliases && aliases[a]; a++)
      g_string_append_printf(names, ", %s", aliases[a]);
  }
  return g_string_free(names, FALSE);
}

const SmpPreset *
smp_plugin_config_preset(GimpProcedureConfig *config, SmpPresetKind kind, GError **error)
{
  const gchar *argument = smp_preset_kind_name(kind);
  g_autofree gchar *name = NULL;
  const SmpPreset *preset;

  g_object_get(config, argument, &name, NULL);
  preset = name ? smp_presets_lookup(smp_plugin_presets(), kind, name) : NULL;
  if (!preset) {
    /* A script may pass any string: quote at most 40 characters of it. */
    g_autofree gchar *valid = g_utf8_make_valid(name ? name : "", -1);
    gboolean cut = g_utf8_strlen(valid, -1) > 40;
    g_autofree gchar *quoted = g_utf8_substring(valid, 0, MIN(g_utf8_strlen(valid, -1), 40));
    g_autofree gchar *names = smp_plugin_preset_names(kind);
    g_set_error(error, SMP_ERROR, SMP_ERROR_BAD_VALUE,
                "%s: no preset named '%s%s'; the %ss are: %s", argument, quoted, cut ? "…" : "",
                argument, names);
  }
  return preset;
}

GeglColor *
smp_plugin_preset_color(const SmpPreset *preset, const gchar *key)
{
  /* GeglColor reads "#rrggbb", the only colour form the preset files allow, as sRGB
   * (docs/gimp-gegl-notes.md, GEGL modules). */
  return gegl_color_new(smp_preset_get_string(preset, key));
}

/* Images ----------------------------------------------------------------------------------- */

gboolean
smp_plugin_check_image(GimpImage *image, GError **error)
{
  if (gimp_image_get_base_type(image) == GIMP_INDEXED) {
    g_set_error(error, SMP_ERROR, SMP_ERROR_BAD_IMAGE,
                "image: indexed images are not supported; convert it to RGB or grayscale "
                "(Image > Mode) first");
    return FALSE;
  }
  return TRUE;
}

gboolean
smp_plugin_check_arguments(GimpImage *image, GimpDrawable **drawables, GimpProcedureConfig *config,
                           GError **error)
{
  guint n = 0;
  g_autofree GParamSpec **specs = g_object_class_list_properties(G_OBJECT_GET_CLASS(config), &n);
  gboolean ok = TRUE;

  for (guint i = 0; ok && i < n; i++) {
    gdouble value = 0.0;
    ok = check_choice(config, specs[i], error);
    if (!ok || !G_IS_PARAM_SPEC_DOUBLE(specs[i]))
      continue;
    g_object_get(config, specs[i]->name, &value, NULL);
    if (!isfinite(value)) {
      g_set_error(error, SMP_ERROR, SMP_ERROR_BAD_VALUE,
                  "%s: %g is not a number; give a value from %g to %g", specs[i]->name, value,
                  G_PARAM_SPEC_DOUBLE(specs[i])->minimum, G_PARAM_SPEC_DOUBLE(specs[i])->maximum);
      ok = FALSE;
    }
  }
  for (gint i = 0; ok && image && drawables && drawables[i]; i++)
    if (gimp_item_get_image(GIMP_ITEM(drawables[i])) != image) {
      g_set_error(error, SMP_ERROR, SMP_ERROR_BAD_VALUE,
                  "drawables: '%s' belongs to another image; give a layer of the image the "
                  "procedure runs on",
                  gimp_item_get_name(GIMP_ITEM(drawables[i])));
      ok = FALSE;
    }
  return ok;
}

gboolean
smp_plugin_image_ppi(GimpImage *image, gdouble ppi_argument, GimpRunMode run_mode, gdouble *ppi,
                     GError **error)
{
  gdouble xres = 0.0, yres = 0.0;

  if (ppi_argument > 0.0) {
    *ppi = ppi_argument;
    return TRUE;
  }
  gimp_image_get_resolution(image, &xres, &yres);
  *ppi = xres;
  if (smp_plugin_image_unscaled(image)) {
    if (run_mode != GIMP_RUN_INTERACTIVE) {
      g_set_error(error, SMP_ERROR, SMP_ERROR_BAD_IMAGE,
                  "ppi: the image has %g ppi, what cameras record when they do not know the "
                  "real resolution, so millimetres cannot be converted to pixels; give 'ppi' "
                  "(%g to %g) or calibrate the image with plug-in-smp-calibrate",
                  SMP_UNSCALED_PPI, GIMP_MIN_RESOLUTION, GIMP_MAX_RESOLUTION);
      return FALSE;
    }
    gimp_message("The image has 72 ppi, what cameras record when they do not know the real "
                 "resolution: dot sizes and densities in millimetres will be wrong. Calibrate the "
                 "image (Calibrate Scale...) or give its real resolution in 'ppi'.");
  }
  /* Non-square pixels: the horizontal resolution governs, as for GIMP's own unit conversions
   * in the x direction; a large mismatch is worth a note. */
  if (fabs(xres - yres) > 0.01 * xres && run_mode == GIMP_RUN_INTERACTIVE)
    gimp_message("The image has different horizontal and vertical resolutions; smp-studio uses "
                 "the horizontal one.");
  return TRUE;
}

const Babl *
smp_plugin_image_space(GimpImage *image)
{
  g_autoptr(GimpColorProfile) profile = gimp_image_get_effective_color_profile(image);

  /* babl keeps the spaces it makes for the life of the process. */
  return profile ? gimp_color_profile_get_space(
                       profile, GIMP_COLOR_RENDERING_INTENT_RELATIVE_COLORIMETRIC, NULL)
                 : NULL;
}

gdouble
smp_plugin_px_per_mm(gdouble ppi)
{
  return ppi / gimp_unit_get_factor(gimp_unit_mm());
}

gboolean
smp_plugin_image_unscaled(GimpImage *image)
{
  gdouble xres = 0.0, yres = 0.0;
  gimp_image_get_resolution(image, &xres, &yres);
  return fabs(xres - SMP_UNSCALED_PPI) < 1e-6;
}

/* The layer a procedure's output goes above, and that layer's parent and stack position. */
static GimpLayer *
anchor_layer(GimpDrawable *drawable)
{
  if (!drawable)
    return NULL;
  if (GIMP_IS_LAYER_MASK(drawable))
    return gimp_layer_from_mask(GIMP_LAYER_MASK(drawable));
  if (GIMP_IS_LAYER(drawable))
    return GIMP_LAYER(drawable);
  return NULL;
}

void
smp_plugin_target_area(GimpImage *image, GimpDrawable *drawable, SmpTarget *target)
{
  gboolean selected = FALSE;
  gint x1, y1, x2, y2;

  target->image = image;
  target->anchor = anchor_layer(drawable);
  target->parent = NULL;
  if (drawable) {
    gimp_drawable_get_offsets(drawable, &target->x, &target->y);
    target->width = gimp_drawable_get_width(drawable);
    target->height = gimp_drawable_get_height(drawable);
  } else {
    target->x = target->y = 0;
    target->width = gimp_image_get_width(image);
    target->height = gimp_image_get_height(image);
  }
  target->has_selection = FALSE;
  gimp_selection_bounds(image, &selected, &x1, &y1, &x2, &y2);
  if (selected && x2 > x1 && y2 > y1) {
    target->x = x1;
    target->y = y1;
    target->width = x2 - x1;
    target->height = y2 - y1;
    target->has_selection = TRUE;
  }
}

gdouble
smp_plugin_weighted_area(GimpDrawable *drawable, gboolean by_alpha)
{
  /* GIMP's histogram counts the selected part of a drawable with the selection's weights. Its
   * colour channels also weight by alpha, and its alpha histogram fails on a drawable without
   * alpha (a flat photo, the selection channel itself), which then counts as opaque
   * (docs/gimp-gegl-notes.md). */
  gboolean has_alpha = gimp_drawable_has_alpha(drawable);
  gdouble mean = 0.0, std_dev, median, pixels = 0.0, count, percentile;
  if (!gimp_drawable_histogram(drawable, has_alpha ? GIMP_HISTOGRAM_ALPHA : GIMP_HISTOGRAM_VALUE,
                               0.0, 1.0, &mean, &std_dev, &median, &pixels, &count, &percentile))
    return 0.0;
  return by_alpha && has_alpha ? pixels * mean / 255.0 : pixels;
}

GimpLayer *
smp_plugin_add_layer(const SmpTarget *target, const gchar *name)
{
  GimpImageType type =
      gimp_image_get_base_type(target->image) == GIMP_GRAY ? GIMP_GRAYA_IMAGE : GIMP_RGBA_IMAGE;
  GimpLayer *layer = gimp_layer_new(target->image, name, target->width, target->height, type, 100.0,
                                    GIMP_LAYER_MODE_NORMAL);
  smp_plugin_insert_layer(target, layer);
  return layer;
}

void
smp_plugin_insert_layer(const SmpTarget *target, GimpLayer *layer)
{
  GimpLayer *parent = target->parent ? GIMP_LAYER(target->parent) : NULL;
  gint position = 0;

  if (target->anchor) {
    GimpItem *item = GIMP_ITEM(target->anchor);
    parent = GIMP_LAYER(gimp_item_get_parent(item));
    position = gimp_image_get_item_position(target->image, item);
  }
  /* Inserting at the anchor's position puts the new layer directly above it. */
  gimp_image_insert_layer(target->image, layer, parent, position);
  gimp_layer_set_offsets(layer, target->x, target->y);
}

guint8 *
smp_plugin_read_pixels(GimpImage *image, GimpDrawable *drawable, guint8 **selection)
{
  const gint w = gimp_drawable_get_width(drawable), h = gimp_drawable_get_height(drawable);
  g_autoptr(GeglBuffer) buffer = gimp_drawable_get_buffer(drawable);
  guint8 *rgba = g_new(guint8, (gsize)w * h * 4);
  gboolean selected = FALSE;
  gint ox, oy, x1, y1, x2, y2;

  gegl_buffer_get(buffer, GEGL_RECTANGLE(0, 0, w, h), 1.0, babl_format("R'G'B'A u8"), rgba,
                  GEGL_AUTO_ROWSTRIDE, GEGL_ABYSS_NONE);
  *selection = NULL;
  gimp_selection_bounds(image, &selected, &x1, &y1, &x2, &y2);
  if (selected) {
    g_autoptr(GeglBuffer) mask =
        gimp_drawable_get_buffer(GIMP_DRAWABLE(gimp_image_get_selection(image)));
    gimp_drawable_get_offsets(drawable, &ox, &oy);
    *selection = g_new(guint8, (gsize)w * h);
    gegl_buffer_get(mask, GEGL_RECTANGLE(ox, oy, w, h), 1.0, babl_format("Y u8"), *selection,
                    GEGL_AUTO_ROWSTRIDE, GEGL_ABYSS_NONE);
  }
  return rgba;
}

GimpLayer *
smp_plugin_add_pixel_layer(const SmpTarget *target, const gchar *name, gdouble opacity,
                           const guint8 *pixels)
{
  GimpLayer *layer = gimp_layer_new(target->image, name, target->width, target->height,
                                    GIMP_RGBA_IMAGE, opacity, GIMP_LAYER_MODE_NORMAL);
  g_autoptr(GeglBuffer) buffer = NULL;

  smp_plugin_insert_layer(target, layer);
  gimp_layer_set_offsets(layer, target->x, target->y);
  buffer = gimp_drawable_get_buffer(GIMP_DRAWABLE(layer));
  gegl_buffer_set(buffer, GEGL_RECTANGLE(0, 0, target->width, target->height), 0,
                  babl_format("R'G'B'A u8"), pixels, GEGL_AUTO_ROWSTRIDE);
  return layer;
}

/* Shows the selection's shape on a layer cut to the selection's bounds, without touching pixels:
 * a mask from the selection (a feathered selection gives a soft edge). */
void
smp_plugin_mask_to_selection(const SmpTarget *target, GimpLayer *layer, gboolean apply)
{
  GimpLayerMask *mask;

  if (!target->has_selection)
    return;
  mask = gimp_layer_create_mask(layer, GIMP_ADD_MASK_SELECTION);
  gimp_layer_add_mask(layer, mask);
  if (apply)
    gimp_layer_remove_mask(layer, GIMP_MASK_APPLY);
}

GimpDrawableFilter *
smp_plugin_new_filter(GimpDrawable *drawable, const gchar *operation, const gchar *title,
                      GError **error)
{
  GimpDrawableFilter *filter = gimp_drawable_filter_new(drawable, operation, title);
  if (!filter)
    g_set_error(error, SMP_ERROR, SMP_ERROR_NOT_INSTALLED,
                "the GEGL operation %s could not be used (%s); is the smp-ops module installed "
                "in GEGL's plug-in folder?",
                operation, gimp_pdb_get_last_error(gimp_get_pdb()));
  return filter;
}

void
smp_plugin_finish_filter(GimpDrawable *drawable, GimpDrawableFilter *filter, gboolean merge)
{
  if (merge)
    gimp_drawable_merge_filter(drawable, filter);
  else
    gimp_drawable_append_filter(drawable, filter);
}

GimpValueArray *
smp_plugin_success(GimpProcedure *procedure, GimpRunMode run_mode)
{
  if (run_mode != GIMP_RUN_NONINTERACTIVE)
    gimp_displays_flush();
  return gimp_procedure_new_return_values(procedure, GIMP_PDB_SUCCESS, NULL);
}

GimpValueArray *
smp_plugin_layer_result(GimpProcedure *procedure, GimpRunMode run_mode, GimpLayer *layer,
                        GError *error)
{
  GimpValueArray *values;

  if (!layer)
    return gimp_procedure_new_return_values(procedure, GIMP_PDB_EXECUTION_ERROR, error);
  values = smp_plugin_success(procedure, run_mode);
  GIMP_VALUES_SET_LAYER(values, 1, layer);
  return values;
}

void
smp_plugin_add_preset_argument(GimpProcedure *procedure, SmpPresetKind kind, const gchar *label,
                               const gchar *blurb, const gchar *preferred)
{
  const gchar *argument = smp_preset_kind_name(kind);
  const gchar *fallback = smp_plugin_default_preset(kind, preferred);
  g_autofree gchar *choice = g_strconcat(argument, "-choice", NULL);
  g_autofree gchar *full_blurb =
      g_strdup_printf("%s; one of the names plug-in-smp-presets returns", blurb);

  /* Not smp_plugin_add_choice_argument: the blurb names the procedure that lists the presets,
   * aliases included, rather than the choice's names. */
  gimp_procedure_add_string_argument(procedure, argument, label, full_blurb, fallback,
                                     G_PARAM_READWRITE);
  gimp_procedure_add_choice_aux_argument(
      procedure, choice, label, blurb, smp_plugin_preset_choice(kind), fallback, G_PARAM_READWRITE);
}

void
smp_plugin_sync_choices(GimpProcedureConfig *config, gboolean to_choice)
{
  guint n = 0;
  g_autofree GParamSpec **specs = g_object_class_list_properties(G_OBJECT_GET_CLASS(config), &n);

  for (guint i = 0; i < n; i++) {
    GimpChoice *choice = argument_choice(config, specs[i]);
    g_autofree gchar *aux = g_strconcat(specs[i]->name, "-choice", NULL);
    g_autofree gchar *value = NULL;

    if (!choice)
      continue;
    g_object_get(config, to_choice ? specs[i]->name : aux, &value, NULL);
    if (to_choice) {
      /* The dialog lists each preset once: an alias shows as the preset it names. */
      for (guint kind = 0; kind < SMP_PRESET_N_KINDS; kind++) {
        const SmpPreset *preset = g_strcmp0(specs[i]->name, smp_preset_kind_name(kind)) == 0
                                      ? smp_presets_lookup(smp_plugin_presets(), kind, value)
                                      : NULL;
        if (preset)
          g_set_str(&value, smp_preset_get_name(preset));
      }
      if (gimp_choice_is_valid(choice, value))
        g_object_set(config, aux, value, NULL);
    } else {
      g_object_set(config, specs[i]->name, value, NULL);
    }
  }
}

GIMP_MAIN(SMP_TYPE_STUDIO)
