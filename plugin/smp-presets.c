/* Hair-type and skin-tone presets: GKeyFile loading with per-line error reports.
 *
 * A file goes through: reading and parsing as text (smp-presets-text.c: regular files within the
 * size limit only, a UTF-8 check, a scan of its lines, GKeyFile), checks of every key and value,
 * checks of the names it adds; only then is it applied. Presets are found by name and alias
 * through hash tables, so loading stays linear in the file's size.
 */
#include "smp-presets.h"
#include "smp-presets-text.h"

#include <math.h>
#include <string.h>

/* The keys carry the op property names, and each range lies within the op property's (density
 * starts at 1: 0 asks the procedures for the hair type's), so a preset never holds a value the op
 * would refuse. dilution-offset has no property; the procedures clamp dilution plus offset. */
static const SmpPresetKey hair_type_keys[] = {
    {"label", SMP_PRESET_VALUE_STRING, 0, 0, NULL, "Name shown in dialogs"},
    {"description", SMP_PRESET_VALUE_STRING, 0, 0, "", "Tooltip: what the hair type is for"},
    {"density", SMP_PRESET_VALUE_DOUBLE, 1.0, 400.0, "160",
     "Impressions (dots, one per hair) per cm² at full coverage"},
    {"dot-size", SMP_PRESET_VALUE_DOUBLE, 0.02, 3.0, "0.25",
     "Mean diameter of a fresh impression in mm"},
    {"size-jitter", SMP_PRESET_VALUE_DOUBLE, 0.0, 1.0, "0.3", "Random spread of dot diameters"},
    {"opacity-jitter", SMP_PRESET_VALUE_DOUBLE, 0.0, 1.0, "0.2", "Random lightening of dots"},
    {"hair-mix-1", SMP_PRESET_VALUE_DOUBLE, 0.0, 100.0, "20", "Share of 1-hair units (%)"},
    {"hair-mix-2", SMP_PRESET_VALUE_DOUBLE, 0.0, 100.0, "45", "Share of 2-hair units (%)"},
    {"hair-mix-3", SMP_PRESET_VALUE_DOUBLE, 0.0, 100.0, "30", "Share of 3-hair units (%)"},
    {"hair-mix-4", SMP_PRESET_VALUE_DOUBLE, 0.0, 100.0, "5", "Share of 4-hair units (%)"},
    {"pigment", SMP_PRESET_VALUE_COLOR, 0, 0, "#141414", "Colour of the undiluted pigment"},
    {"dilution", SMP_PRESET_VALUE_DOUBLE, 0.0, 40.0, "10",
     "Parts of water per part of pigment: more water, lighter shade"},
    {NULL},
};

static const SmpPresetKey skin_tone_keys[] = {
    {"label", SMP_PRESET_VALUE_STRING, 0, 0, NULL, "Name shown in dialogs"},
    {"description", SMP_PRESET_VALUE_STRING, 0, 0, "", "Tooltip: what the skin tone is"},
    {"aliases", SMP_PRESET_VALUE_LIST, 0, 0, "", "Other names of the tone, e.g. fitzpatrick-3"},
    {"skin", SMP_PRESET_VALUE_COLOR, 0, 0, "#d7bd96",
     "Skin colour of the preview; the op derives the healed tint from it"},
    {"dilution-offset", SMP_PRESET_VALUE_DOUBLE, -40.0, 40.0, "0",
     "Parts of water added to the hair type's dilution (fair skin takes lighter shades)"},
    {NULL},
};

static const gchar *const kind_names[SMP_PRESET_N_KINDS] = {
    [SMP_PRESET_HAIR_TYPE] = "hair-type",
    [SMP_PRESET_SKIN_TONE] = "skin-tone",
};

static const SmpPresetKey *const kind_keys[SMP_PRESET_N_KINDS] = {
    [SMP_PRESET_HAIR_TYPE] = hair_type_keys,
    [SMP_PRESET_SKIN_TONE] = skin_tone_keys,
};

struct _SmpPreset {
  SmpPresetKind kind;
  gchar *name;
  gchar *source;
  GHashTable *values; /* key -> normalized value string */
};

struct _SmpPresets {
  GPtrArray *presets[SMP_PRESET_N_KINDS];   /* in the order their names were first defined */
  GHashTable *by_name[SMP_PRESET_N_KINDS];  /* name -> preset */
  GHashTable *by_alias[SMP_PRESET_N_KINDS]; /* alias -> preset */
};

GQuark
smp_presets_error_quark(void)
{
  return g_quark_from_static_string("smp-presets-error-quark");
}

const gchar *
smp_preset_kind_name(SmpPresetKind kind)
{
  g_return_val_if_fail(kind < SMP_PRESET_N_KINDS, NULL);
  return kind_names[kind];
}

const SmpPresetKey *
smp_preset_kind_keys(SmpPresetKind kind)
{
  g_return_val_if_fail(kind < SMP_PRESET_N_KINDS, NULL);
  return kind_keys[kind];
}

static const SmpPresetKey *
find_key(SmpPresetKind kind, const gchar *key)
{
  for (const SmpPresetKey *k = kind_keys[kind]; k->key; k++)
    if (strcmp(k->key, key) == 0)
      return k;
  return NULL;
}

static void
preset_free(SmpPreset *preset)
{
  g_free(preset->name);
  g_free(preset->source);
  g_hash_table_unref(preset->values);
  g_free(preset);
}

SmpPresets *
smp_presets_new(void)
{
  SmpPresets *presets = g_new0(SmpPresets, 1);
  for (guint k = 0; k < SMP_PRESET_N_KINDS; k++) {
    presets->presets[k] = g_ptr_array_new_with_free_func((GDestroyNotify)preset_free);
    presets->by_name[k] = g_hash_table_new(g_str_hash, g_str_equal);
    presets->by_alias[k] = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  }
  return presets;
}

void
smp_presets_free(SmpPresets *presets)
{
  if (!presets)
    return;
  for (guint k = 0; k < SMP_PRESET_N_KINDS; k++) {
    g_hash_table_unref(presets->by_alias[k]);
    g_hash_table_unref(presets->by_name[k]);
    g_ptr_array_unref(presets->presets[k]);
  }
  g_free(presets);
}

/* Preset and alias names are what scripts pass: lower-case ASCII words joined by '-'. */
static gboolean
valid_name(const gchar *name)
{
  if (!g_ascii_isalnum(name[0]))
    return FALSE;
  for (const gchar *c = name; *c; c++)
    if (!(g_ascii_islower(*c) || g_ascii_isdigit(*c) || *c == '-'))
      return FALSE;
  return name[strlen(name) - 1] != '-';
}

static gboolean
valid_color(const gchar *value)
{
  gsize length = strlen(value);
  if (value[0] != '#' || (length != 4 && length != 7))
    return FALSE;
  for (gsize i = 1; i < length; i++)
    if (!g_ascii_isxdigit(value[i]))
      return FALSE;
  return TRUE;
}

/* One key=value a file sets, checked and normalized, waiting to be applied. */
typedef struct {
  SmpPresetKind kind;
  gchar *name;
  gchar *key;
  gchar *value;
  guint line, group_line;
} Setting;

static void
setting_free(Setting *setting)
{
  g_free(setting->name);
  g_free(setting->key);
  g_free(setting->value);
  g_free(setting);
}

/* "label[de]" -> "label": translations are accepted for any string key. */
static gchar *
key_base(const gchar *key, gboolean *localized)
{
  const gchar *bracket = strchr(key, '[');
  *localized = bracket != NULL;
  return bracket ? g_strndup(key, bracket - key) : g_strdup(key);
}

static gchar *
keys_list(SmpPresetKind kind)
{
  GString *list = g_string_new(NULL);
  for (const SmpPresetKey *k = kind_keys[kind]; k->key; k++)
    g_string_append_printf(list, "%s%s", list->len ? ", " : "", k->key);
  return g_string_free(list, FALSE);
}

/* A list value: names joined by ';' without empty entries, or NULL with an error. */
static gchar *
check_list(gchar **names, const gchar *filename, guint line, const gchar *key, GError **error)
{
  GString *joined = g_string_new(NULL);

  for (guint i = 0; names[i]; i++) {
    g_strstrip(names[i]);
    if (names[i][0] == '\0')
      continue;
    if (!valid_name(names[i])) {
      gchar *quoted = smp_presets_excerpt(names[i]);
      smp_presets_line_error(error, SMP_PRESETS_ERROR_VALUE, filename, line, key,
                             "'%s' is not a valid name (lower-case letters, digits and '-')",
                             quoted);
      g_free(quoted);
      g_string_free(joined, TRUE);
      return NULL;
    }
    g_string_append_printf(joined, "%s%s", joined->len ? ";" : "", names[i]);
  }
  return g_string_free(joined, FALSE);
}

/* The value of a key, checked against its spec and normalized; NULL with an error. Every GKeyFile
 * accessor may fail (bad escapes, a value that is no number): each failure becomes the error. */
static gchar *
check_value(GKeyFile *file, const gchar *group, const gchar *key, const SmpPresetKey *spec,
            const gchar *filename, guint line, GError **error)
{
  GError *local = NULL;
  gchar *raw = g_key_file_get_value(file, group, key, &local);
  gchar *quoted = raw ? smp_presets_excerpt(raw) : NULL;
  gchar *result = NULL;

  if (!raw) {
    /* nothing more to read */
  } else if (spec->type == SMP_PRESET_VALUE_STRING) {
    result = g_key_file_get_string(file, group, key, &local);
  } else if (spec->type == SMP_PRESET_VALUE_DOUBLE) {
    gdouble value = g_key_file_get_double(file, group, key, &local);
    if (local) {
      g_clear_error(&local);
      smp_presets_line_error(error, SMP_PRESETS_ERROR_VALUE, filename, line, key,
                             "value '%s' is not a number", quoted);
    } else if (!(value >= spec->min && value <= spec->max)) {
      smp_presets_line_error(error, SMP_PRESETS_ERROR_VALUE, filename, line, key,
                             "value %s is outside the allowed range %g to %g", quoted, spec->min,
                             spec->max);
    } else {
      result = g_strdup(raw);
    }
  } else if (spec->type == SMP_PRESET_VALUE_COLOR) {
    gchar *text = g_key_file_get_string(file, group, key, &local);
    if (text && valid_color(g_strstrip(text)))
      result = g_ascii_strdown(text, -1);
    else if (text)
      smp_presets_line_error(error, SMP_PRESETS_ERROR_VALUE, filename, line, key,
                             "value '%s' is not a colour; write #rrggbb", quoted);
    g_free(text);
  } else {
    gchar **names = g_key_file_get_string_list(file, group, key, NULL, &local);
    if (names)
      result = check_list(names, filename, line, key, error);
    g_strfreev(names);
  }
  /* GKeyFile's message for a bad escape names no escape: say what they may be. */
  if (g_error_matches(local, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE))
    smp_presets_line_error(
        error, SMP_PRESETS_ERROR_VALUE, filename, line, key,
        "value '%s' holds an invalid escape; a backslash may only start \\s, \\n, "
        "\\t, \\r, \\; or \\\\",
        quoted);
  else if (local)
    smp_presets_line_error(error, SMP_PRESETS_ERROR_VALUE, filename, line, key, "%s",
                           local->message);
  g_clear_error(&local);
  g_free(quoted);
  g_free(raw);
  return result;
}

/* The kind of a group "<kind>:<name>", or SMP_PRESET_N_KINDS. */
static SmpPresetKind
group_kind(const gchar *group)
{
  const gchar *colon = strchr(group, ':');
  for (guint k = 0; colon && k < SMP_PRESET_N_KINDS; k++)
    if (strlen(kind_names[k]) == (gsize)(colon - group) &&
        strncmp(group, kind_names[k], colon - group) == 0 && valid_name(colon + 1))
      return k;
  return SMP_PRESET_N_KINDS;
}

/* Checks one key of a group; on success adds its setting. */
static gboolean
check_key(GKeyFile *file, const gchar *group, SmpPresetKind kind, const gchar *key,
          const SmpPresetsLines *index, const gchar *filename, GPtrArray *settings, GError **error)
{
  guint line = smp_presets_lines_find(index, group, key);
  gboolean localized;
  gchar *base = key_base(key, &localized);
  const SmpPresetKey *spec = find_key(kind, base);
  gchar *value = NULL;

  g_free(base);
  if (!spec) {
    gchar *known = keys_list(kind), *quoted = smp_presets_excerpt(group);
    smp_presets_line_error(error, SMP_PRESETS_ERROR_KEY, filename, line, key,
                           "unknown in [%s]; %s keys are: %s", quoted, kind_names[kind], known);
    g_free(quoted);
    g_free(known);
  } else if (localized && spec->type != SMP_PRESET_VALUE_STRING) {
    smp_presets_line_error(error, SMP_PRESETS_ERROR_KEY, filename, line, key,
                           "only text keys take a [locale]");
  } else if ((value = check_value(file, group, key, spec, filename, line, error))) {
    Setting *setting = g_new(Setting, 1);
    setting->kind = kind;
    setting->name = g_strdup(strchr(group, ':') + 1);
    setting->key = g_strdup(key);
    setting->value = value;
    setting->line = line;
    setting->group_line = smp_presets_lines_find(index, group, NULL);
    g_ptr_array_add(settings, setting);
  }
  return value != NULL;
}

/* Checks every group and key of a parsed file; returns the settings, or NULL with error. */
static GPtrArray *
check_file(GKeyFile *file, const SmpPresetsLines *index, const gchar *filename, GError **error)
{
  GPtrArray *settings = g_ptr_array_new_with_free_func((GDestroyNotify)setting_free);
  gchar **groups = g_key_file_get_groups(file, NULL);
  gboolean ok = TRUE;

  for (guint g = 0; ok && groups && groups[g]; g++) {
    const gchar *group = groups[g];
    SmpPresetKind kind = group_kind(group);
    GError *local = NULL;
    gchar **keys = NULL, *quoted = smp_presets_excerpt(group);

    if (kind == SMP_PRESET_N_KINDS) {
      smp_presets_line_error(error, SMP_PRESETS_ERROR_GROUP, filename,
                             smp_presets_lines_find(index, group, NULL), NULL,
                             "group [%s]: expected [hair-type:NAME] or [skin-tone:NAME], NAME of "
                             "lower-case letters, digits and '-'",
                             quoted);
      ok = FALSE;
    } else if (!(keys = g_key_file_get_keys(file, group, NULL, &local))) {
      smp_presets_line_error(error, SMP_PRESETS_ERROR_GROUP, filename,
                             smp_presets_lines_find(index, group, NULL), NULL, "group [%s]: %s",
                             quoted, local->message);
      g_error_free(local);
      ok = FALSE;
    }
    for (guint k = 0; ok && keys[k]; k++)
      ok = check_key(file, group, kind, keys[k], index, filename, settings, error);
    g_strfreev(keys);
    g_free(quoted);
  }
  g_strfreev(groups);
  if (!ok)
    g_clear_pointer(&settings, g_ptr_array_unref);
  return settings;
}

/* The preset a name leads to, by name or alias. */
static SmpPreset *
find_named(const SmpPresets *presets, SmpPresetKind kind, const gchar *name)
{
  SmpPreset *preset = g_hash_table_lookup(presets->by_name[kind], name);
  return preset ? preset : g_hash_table_lookup(presets->by_alias[kind], name);
}

/* A name must lead to one preset: a new preset may not take an alias, an alias may not take
 * another preset's name or alias, in the loaded presets or in this file. */
static gboolean
check_names(const SmpPresets *presets, const GPtrArray *settings, const gchar *filename,
            GError **error)
{
  GHashTable *names[SMP_PRESET_N_KINDS], *aliases[SMP_PRESET_N_KINDS];
  gboolean ok = TRUE;

  for (guint k = 0; k < SMP_PRESET_N_KINDS; k++) {
    names[k] = g_hash_table_new(g_str_hash, g_str_equal);
    aliases[k] = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  }
  for (guint i = 0; ok && i < settings->len; i++) {
    const Setting *setting = g_ptr_array_index(settings, i);
    const SmpPreset *alias_of =
        g_hash_table_lookup(presets->by_alias[setting->kind], setting->name);
    g_hash_table_add(names[setting->kind], setting->name);
    if (alias_of && !g_hash_table_contains(presets->by_name[setting->kind], setting->name)) {
      smp_presets_line_error(error, SMP_PRESETS_ERROR_GROUP, filename, setting->group_line, NULL,
                             "%s '%s' is already an alias of '%s'; choose another name",
                             kind_names[setting->kind], setting->name, alias_of->name);
      ok = FALSE;
    }
  }
  for (guint i = 0; ok && i < settings->len; i++) {
    const Setting *setting = g_ptr_array_index(settings, i);
    gchar **list;

    if (strcmp(setting->key, "aliases") != 0)
      continue;
    list = g_strsplit(setting->value, ";", -1);
    for (guint a = 0; ok && list[a] && list[a][0]; a++) {
      const SmpPreset *owner = find_named(presets, setting->kind, list[a]);
      const gchar *clash = owner && strcmp(owner->name, setting->name) != 0 ? owner->name : NULL;
      const gchar *in_file = g_hash_table_lookup(aliases[setting->kind], list[a]);

      if (!clash && g_hash_table_contains(names[setting->kind], list[a]))
        clash = list[a];
      if (!clash && in_file && strcmp(in_file, setting->name) != 0)
        clash = in_file;
      if (clash) {
        smp_presets_line_error(error, SMP_PRESETS_ERROR_VALUE, filename, setting->line,
                               setting->key, "'%s' already names %s '%s'", list[a],
                               kind_names[setting->kind], clash);
        ok = FALSE;
      }
      g_hash_table_insert(aliases[setting->kind], g_strdup(list[a]), setting->name);
    }
    g_strfreev(list);
  }
  for (guint k = 0; k < SMP_PRESET_N_KINDS; k++) {
    g_hash_table_unref(names[k]);
    g_hash_table_unref(aliases[k]);
  }
  return ok;
}

static void
set_aliases(SmpPresets *presets, SmpPreset *preset, const gchar *value)
{
  const gchar *old = g_hash_table_lookup(preset->values, "aliases");
  gchar **list;

  if (old) {
    list = g_strsplit(old, ";", -1);
    for (guint a = 0; list[a]; a++)
      if (g_hash_table_lookup(presets->by_alias[preset->kind], list[a]) == preset)
        g_hash_table_remove(presets->by_alias[preset->kind], list[a]);
    g_strfreev(list);
  }
  list = g_strsplit(value, ";", -1);
  for (guint a = 0; list[a]; a++)
    if (list[a][0])
      g_hash_table_insert(presets->by_alias[preset->kind], g_strdup(list[a]), preset);
  g_strfreev(list);
}

static void
apply(SmpPresets *presets, const GPtrArray *settings, const gchar *filename)
{
  for (guint i = 0; i < settings->len; i++) {
    const Setting *setting = g_ptr_array_index(settings, i);
    SmpPreset *preset = g_hash_table_lookup(presets->by_name[setting->kind], setting->name);
    if (!preset) {
      preset = g_new0(SmpPreset, 1);
      preset->kind = setting->kind;
      preset->name = g_strdup(setting->name);
      preset->values = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
      g_ptr_array_add(presets->presets[setting->kind], preset);
      g_hash_table_insert(presets->by_name[setting->kind], preset->name, preset);
    }
    if (g_strcmp0(preset->source, filename) != 0) {
      g_free(preset->source);
      preset->source = g_strdup(filename);
    }
    if (strcmp(setting->key, "aliases") == 0)
      set_aliases(presets, preset, setting->value);
    g_hash_table_insert(preset->values, g_strdup(setting->key), g_strdup(setting->value));
  }
}

gboolean
smp_presets_load_data(SmpPresets *presets, const gchar *data, gssize length, const gchar *filename,
                      GError **error)
{
  GKeyFile *file;
  SmpPresetsLines index = {NULL};
  GPtrArray *settings = NULL;
  gboolean ok;

  g_return_val_if_fail(presets && data && filename, FALSE);
  if (length < 0)
    length = strlen(data);
  if (length > SMP_PRESETS_MAX_FILE_SIZE) {
    gchar *size = g_format_size_full(length, G_FORMAT_SIZE_LONG_FORMAT);
    gchar *limit = g_format_size_full(SMP_PRESETS_MAX_FILE_SIZE, G_FORMAT_SIZE_IEC_UNITS);
    g_set_error(error, SMP_PRESETS_ERROR, SMP_PRESETS_ERROR_FILE,
                "%s: %s of data; preset files may hold at most %s", filename, size, limit);
    g_free(size);
    g_free(limit);
    return FALSE;
  }

  file = g_key_file_new();
  ok = smp_presets_text_parse(file, data, length, filename, &index, error) &&
       (settings = check_file(file, &index, filename, error)) &&
       check_names(presets, settings, filename, error);
  if (ok)
    apply(presets, settings, filename);

  if (settings)
    g_ptr_array_unref(settings);
  smp_presets_lines_clear(&index);
  g_key_file_free(file);
  return ok;
}

gboolean
smp_presets_load_file(SmpPresets *presets, const gchar *path, GError **error)
{
  gchar *name = g_filename_display_name(path);
  gsize length = 0;
  gchar *data = smp_presets_file_read(path, name, &length, error);
  gboolean ok = data && smp_presets_load_data(presets, data, length, name, error);

  g_free(data);
  g_free(name);
  return ok;
}

static gint
compare_names(gconstpointer a, gconstpointer b)
{
  return strcmp(*(const gchar *const *)a, *(const gchar *const *)b);
}

guint
smp_presets_load_dir(SmpPresets *presets, const gchar *dir, GPtrArray *messages)
{
  GDir *folder = g_dir_open(dir, 0, NULL);
  GPtrArray *names;
  const gchar *name;
  guint skipped = 0;

  if (!folder)
    return 0;
  names = g_ptr_array_new_with_free_func(g_free);
  while ((name = g_dir_read_name(folder)))
    if (g_str_has_suffix(name, ".ini"))
      g_ptr_array_add(names, g_strdup(name));
  g_dir_close(folder);
  g_ptr_array_sort(names, compare_names);

  for (guint i = 0; i < names->len; i++) {
    gchar *path = g_build_filename(dir, g_ptr_array_index(names, i), NULL);
    GError *error = NULL;

    if (i == SMP_PRESETS_MAX_FILES) {
      gchar *shown = g_filename_display_name(dir);
      skipped += names->len - i;
      if (messages)
        g_ptr_array_add(messages,
                        g_strdup_printf("%s: only the first %d preset files (by name) are read; "
                                        "%u more skipped",
                                        shown, SMP_PRESETS_MAX_FILES, names->len - i));
      g_free(shown);
      g_free(path);
      break;
    }
    if (!smp_presets_load_file(presets, path, &error)) {
      skipped++;
      if (messages)
        g_ptr_array_add(messages, g_strdup_printf("%s (file skipped)", error->message));
      g_error_free(error);
    }
    g_free(path);
  }
  g_ptr_array_unref(names);
  return skipped;
}

guint
smp_presets_count(const SmpPresets *presets, SmpPresetKind kind)
{
  g_return_val_if_fail(presets && kind < SMP_PRESET_N_KINDS, 0);
  return presets->presets[kind]->len;
}

const SmpPreset *
smp_presets_nth(const SmpPresets *presets, SmpPresetKind kind, guint index)
{
  g_return_val_if_fail(presets && kind < SMP_PRESET_N_KINDS, NULL);
  if (index >= presets->presets[kind]->len)
    return NULL;
  return g_ptr_array_index(presets->presets[kind], index);
}

const SmpPreset *
smp_presets_lookup(const SmpPresets *presets, SmpPresetKind kind, const gchar *name)
{
  g_return_val_if_fail(presets && kind < SMP_PRESET_N_KINDS && name, NULL);
  return find_named(presets, kind, name);
}

const gchar *
smp_preset_get_name(const SmpPreset *preset)
{
  g_return_val_if_fail(preset, NULL);
  return preset->name;
}

const gchar *
smp_preset_get_source(const SmpPreset *preset)
{
  g_return_val_if_fail(preset, NULL);
  return preset->source;
}

const gchar *
smp_preset_get_string(const SmpPreset *preset, const gchar *key)
{
  const SmpPresetKey *spec;
  const gchar *value;

  g_return_val_if_fail(preset && key, NULL);
  spec = find_key(preset->kind, key);
  g_return_val_if_fail(spec, NULL);
  if ((value = g_hash_table_lookup(preset->values, key)))
    return value;
  /* A preset without a label shows its name. */
  return spec->fallback ? spec->fallback : preset->name;
}

const gchar *
smp_preset_get_label(const SmpPreset *preset)
{
  const gchar *const *languages = g_get_language_names();

  g_return_val_if_fail(preset, NULL);
  for (guint i = 0; languages[i]; i++) {
    gchar *key = g_strdup_printf("label[%s]", languages[i]);
    const gchar *value = g_hash_table_lookup(preset->values, key);
    g_free(key);
    if (value)
      return value;
  }
  return smp_preset_get_string(preset, "label");
}

gdouble
smp_preset_get_double(const SmpPreset *preset, const gchar *key)
{
  const gchar *value = smp_preset_get_string(preset, key);
  g_return_val_if_fail(value && find_key(preset->kind, key)->type == SMP_PRESET_VALUE_DOUBLE, 0.0);
  return g_ascii_strtod(value, NULL);
}

gchar **
smp_preset_get_list(const SmpPreset *preset, const gchar *key)
{
  const gchar *value = smp_preset_get_string(preset, key);
  g_return_val_if_fail(value, NULL);
  if (value[0] == '\0')
    return g_new0(gchar *, 1);
  return g_strsplit(value, ";", -1);
}
