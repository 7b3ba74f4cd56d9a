/* Hair-type and skin-tone presets: GKeyFile loading with per-line error reports. */
#include "smp-presets.h"

#include <math.h>
#include <string.h>

/* The keys carry the op property names, and each range lies within the op property's (density
 * starts at 1: 0 asks the procedures for the hair type's), so a preset never holds a value the op
 * would refuse. dilution-offset has no property; the procedures clamp dilution plus offset. */
static const SmpPresetKey hair_type_keys[] = {
    {"label", SMP_PRESET_VALUE_STRING, 0, 0, NULL, "Name shown in dialogs"},
    {"description", SMP_PRESET_VALUE_STRING, 0, 0, "", "Tooltip: what the hair type is for"},
    {"density", SMP_PRESET_VALUE_DOUBLE, 1.0, 200.0, "70",
     "Follicular units (dots) per cm² at full coverage"},
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
  GPtrArray *presets[SMP_PRESET_N_KINDS];
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
  for (guint k = 0; k < SMP_PRESET_N_KINDS; k++)
    presets->presets[k] = g_ptr_array_new_with_free_func((GDestroyNotify)preset_free);
  return presets;
}

void
smp_presets_free(SmpPresets *presets)
{
  if (!presets)
    return;
  for (guint k = 0; k < SMP_PRESET_N_KINDS; k++)
    g_ptr_array_unref(presets->presets[k]);
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

/* Where each group and key sits in the file, found by a scan of the raw text: GKeyFile reports
 * neither lines for keys nor the line of a syntax error. */
typedef struct {
  GHashTable *lines; /* "group" or "group\nkey" -> line number */
} LineIndex;

static gchar *
index_id(const gchar *group, const gchar *key)
{
  return key ? g_strconcat(group, "\n", key, NULL) : g_strdup(group);
}

static guint
index_line(const LineIndex *index, const gchar *group, const gchar *key)
{
  gchar *id = index_id(group, key);
  guint line = GPOINTER_TO_UINT(g_hash_table_lookup(index->lines, id));
  g_free(id);
  return line;
}

static gboolean
index_scan(LineIndex *index, const gchar *data, gsize length, const gchar *filename, GError **error)
{
  gchar *text = g_strndup(data, length);
  gchar **lines = g_strsplit(text, "\n", -1);
  gchar *group = NULL;
  gboolean ok = TRUE;

  index->lines = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; ok && lines[i]; i++) {
    const gchar *line = lines[i];
    guint number = i + 1;
    gchar *stripped = g_strstrip(g_strdup(line));
    gchar *id = NULL;

    if (stripped[0] == '\0' || stripped[0] == '#') {
      /* blank or comment */
    } else if (stripped[0] == '[') {
      if (stripped[strlen(stripped) - 1] != ']') {
        g_set_error(error, SMP_PRESETS_ERROR, SMP_PRESETS_ERROR_SYNTAX,
                    "%s:%u: group header '%s' lacks its closing ']'", filename, number, stripped);
        ok = FALSE;
      } else {
        g_free(group);
        group = g_strndup(stripped + 1, strlen(stripped) - 2);
        id = index_id(group, NULL);
      }
    } else if (strchr(stripped, '=')) {
      gchar *key = g_strstrip(g_strndup(stripped, strchr(stripped, '=') - stripped));
      if (!group) {
        g_set_error(error, SMP_PRESETS_ERROR, SMP_PRESETS_ERROR_SYNTAX,
                    "%s:%u: key '%s' comes before any [group]", filename, number, key);
        ok = FALSE;
      } else if (key[0] == '\0') {
        g_set_error(error, SMP_PRESETS_ERROR, SMP_PRESETS_ERROR_SYNTAX,
                    "%s:%u: line '%s' has no key before '='", filename, number, stripped);
        ok = FALSE;
      } else {
        id = index_id(group, key);
      }
      g_free(key);
    } else {
      g_set_error(error, SMP_PRESETS_ERROR, SMP_PRESETS_ERROR_SYNTAX,
                  "%s:%u: line '%s' is neither a [group], a key=value pair nor a # comment",
                  filename, number, stripped);
      ok = FALSE;
    }
    /* A repeated key or group counts where GKeyFile takes its value from: the last one. */
    if (id)
      g_hash_table_insert(index->lines, id, GUINT_TO_POINTER(number));
    g_free(stripped);
  }
  g_free(group);
  g_strfreev(lines);
  g_free(text);
  return ok;
}

/* One key=value a file sets, checked and normalized, waiting to be applied. */
typedef struct {
  SmpPresetKind kind;
  gchar *name;
  gchar *key;
  gchar *value;
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

static gchar *
check_value(GKeyFile *file, const gchar *group, const gchar *key, const SmpPresetKey *spec,
            const gchar *where, GError **error)
{
  GError *local = NULL;
  gchar *raw = g_key_file_get_value(file, group, key, NULL);
  gchar *result = NULL;

  switch (spec->type) {
  case SMP_PRESET_VALUE_STRING:
    result = g_key_file_get_string(file, group, key, &local);
    if (!result)
      g_set_error(error, SMP_PRESETS_ERROR, SMP_PRESETS_ERROR_VALUE, "%s: key '%s': %s", where, key,
                  local->message);
    break;
  case SMP_PRESET_VALUE_DOUBLE: {
    gdouble value = g_key_file_get_double(file, group, key, &local);
    if (local)
      g_set_error(error, SMP_PRESETS_ERROR, SMP_PRESETS_ERROR_VALUE,
                  "%s: key '%s': value '%s' is not a number", where, key, raw);
    else if (!(value >= spec->min && value <= spec->max))
      g_set_error(error, SMP_PRESETS_ERROR, SMP_PRESETS_ERROR_VALUE,
                  "%s: key '%s': value %s is outside the allowed range %g to %g", where, key, raw,
                  spec->min, spec->max);
    else
      result = g_strdup(raw);
    break;
  }
  case SMP_PRESET_VALUE_COLOR:
    result = g_strstrip(g_key_file_get_string(file, group, key, NULL));
    if (!valid_color(result)) {
      g_set_error(error, SMP_PRESETS_ERROR, SMP_PRESETS_ERROR_VALUE,
                  "%s: key '%s': value '%s' is not a colour; write #rrggbb", where, key, raw);
      g_clear_pointer(&result, g_free);
    } else {
      gchar *lower = g_ascii_strdown(result, -1);
      g_free(result);
      result = lower;
    }
    break;
  case SMP_PRESET_VALUE_LIST: {
    gchar **names = g_key_file_get_string_list(file, group, key, NULL, NULL);
    GString *joined = g_string_new(NULL);
    for (guint i = 0; names && names[i]; i++) {
      g_strstrip(names[i]);
      if (names[i][0] == '\0')
        continue;
      if (!valid_name(names[i])) {
        g_set_error(error, SMP_PRESETS_ERROR, SMP_PRESETS_ERROR_VALUE,
                    "%s: key '%s': '%s' is not a valid name (lower-case letters, digits and "
                    "'-')",
                    where, key, names[i]);
        break;
      }
      g_string_append_printf(joined, "%s%s", joined->len ? ";" : "", names[i]);
    }
    g_strfreev(names);
    if (error && *error)
      g_string_free(joined, TRUE);
    else
      result = g_string_free(joined, FALSE);
    break;
  }
  }
  g_clear_error(&local);
  g_free(raw);
  return result;
}

static SmpPreset *
find_preset(const SmpPresets *presets, SmpPresetKind kind, const gchar *name)
{
  GPtrArray *list = presets->presets[kind];
  for (guint i = 0; i < list->len; i++) {
    SmpPreset *preset = g_ptr_array_index(list, i);
    if (strcmp(preset->name, name) == 0)
      return preset;
  }
  return NULL;
}

/* Checks every group and key of a parsed file; returns the settings, or NULL with error. */
static GPtrArray *
check_file(GKeyFile *file, const LineIndex *index, const gchar *filename, GError **error)
{
  GPtrArray *settings = g_ptr_array_new_with_free_func((GDestroyNotify)setting_free);
  gchar **groups = g_key_file_get_groups(file, NULL);
  gboolean ok = TRUE;

  for (guint g = 0; ok && groups[g]; g++) {
    const gchar *group = groups[g];
    const gchar *colon = strchr(group, ':');
    guint group_line = index_line(index, group, NULL);
    SmpPresetKind kind = SMP_PRESET_N_KINDS;
    gchar **keys;

    for (guint k = 0; colon && k < SMP_PRESET_N_KINDS; k++)
      if (strlen(kind_names[k]) == (gsize)(colon - group) &&
          strncmp(group, kind_names[k], colon - group) == 0)
        kind = k;
    if (kind == SMP_PRESET_N_KINDS || !valid_name(colon + 1)) {
      g_set_error(error, SMP_PRESETS_ERROR, SMP_PRESETS_ERROR_GROUP,
                  "%s:%u: group [%s]: expected [hair-type:NAME] or [skin-tone:NAME], NAME of "
                  "lower-case letters, digits and '-'",
                  filename, group_line, group);
      ok = FALSE;
      break;
    }

    keys = g_key_file_get_keys(file, group, NULL, NULL);
    for (guint k = 0; ok && keys[k]; k++) {
      gboolean localized;
      gchar *base = key_base(keys[k], &localized);
      const SmpPresetKey *spec = find_key(kind, base);
      gchar *where = g_strdup_printf("%s:%u", filename, index_line(index, group, keys[k]));

      if (!spec) {
        gchar *known = keys_list(kind);
        g_set_error(error, SMP_PRESETS_ERROR, SMP_PRESETS_ERROR_KEY,
                    "%s: key '%s': unknown in [%s]; %s keys are: %s", where, keys[k], group,
                    kind_names[kind], known);
        g_free(known);
        ok = FALSE;
      } else if (localized && spec->type != SMP_PRESET_VALUE_STRING) {
        g_set_error(error, SMP_PRESETS_ERROR, SMP_PRESETS_ERROR_KEY,
                    "%s: key '%s': only text keys take a [locale]", where, keys[k]);
        ok = FALSE;
      } else {
        gchar *value = check_value(file, group, keys[k], spec, where, error);
        if (!value) {
          ok = FALSE;
        } else {
          Setting *setting = g_new(Setting, 1);
          setting->kind = kind;
          setting->name = g_strdup(colon + 1);
          setting->key = g_strdup(keys[k]);
          setting->value = value;
          g_ptr_array_add(settings, setting);
        }
      }
      g_free(where);
      g_free(base);
    }
    g_strfreev(keys);
  }
  g_strfreev(groups);
  if (!ok)
    g_clear_pointer(&settings, g_ptr_array_unref);
  return settings;
}

/* A name must lead to one preset: an alias may not equal another preset's name or alias. */
static gboolean
check_aliases(const SmpPresets *presets, const GPtrArray *settings, const LineIndex *index,
              const gchar *filename, GError **error)
{
  for (guint i = 0; i < settings->len; i++) {
    const Setting *setting = g_ptr_array_index(settings, i);
    gchar **aliases;
    gboolean ok = TRUE;

    if (strcmp(setting->key, "aliases") != 0)
      continue;
    aliases = g_strsplit(setting->value, ";", -1);
    for (guint a = 0; ok && aliases[a] && aliases[a][0]; a++) {
      const SmpPreset *owner = smp_presets_lookup(presets, setting->kind, aliases[a]);
      const gchar *clash = NULL;
      if (owner && strcmp(smp_preset_get_name(owner), setting->name) != 0)
        clash = smp_preset_get_name(owner);
      for (guint j = 0; !clash && j < settings->len; j++) {
        const Setting *other = g_ptr_array_index(settings, j);
        if (other->kind == setting->kind && strcmp(other->name, setting->name) != 0 &&
            strcmp(other->name, aliases[a]) == 0)
          clash = other->name;
      }
      if (clash) {
        gchar *group = g_strconcat(kind_names[setting->kind], ":", setting->name, NULL);
        g_set_error(error, SMP_PRESETS_ERROR, SMP_PRESETS_ERROR_VALUE,
                    "%s:%u: key 'aliases': '%s' already names %s '%s'", filename,
                    index_line(index, group, setting->key), aliases[a], kind_names[setting->kind],
                    clash);
        g_free(group);
        ok = FALSE;
      }
    }
    g_strfreev(aliases);
    if (!ok)
      return FALSE;
  }
  return TRUE;
}

static void
apply(SmpPresets *presets, const GPtrArray *settings, const gchar *filename)
{
  for (guint i = 0; i < settings->len; i++) {
    const Setting *setting = g_ptr_array_index(settings, i);
    SmpPreset *preset = find_preset(presets, setting->kind, setting->name);
    if (!preset) {
      preset = g_new0(SmpPreset, 1);
      preset->kind = setting->kind;
      preset->name = g_strdup(setting->name);
      preset->values = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
      g_ptr_array_add(presets->presets[setting->kind], preset);
    }
    g_free(preset->source);
    preset->source = g_strdup(filename);
    g_hash_table_insert(preset->values, g_strdup(setting->key), g_strdup(setting->value));
  }
}

gboolean
smp_presets_load_data(SmpPresets *presets, const gchar *data, gssize length, const gchar *filename,
                      GError **error)
{
  GKeyFile *file;
  LineIndex index = {NULL};
  GPtrArray *settings = NULL;
  GError *local = NULL;
  gboolean ok;

  g_return_val_if_fail(presets && data && filename, FALSE);
  if (length < 0)
    length = strlen(data);

  file = g_key_file_new();
  ok = index_scan(&index, data, length, filename, error);
  if (ok && !g_key_file_load_from_data(file, data, length, G_KEY_FILE_KEEP_TRANSLATIONS, &local)) {
    g_set_error(error, SMP_PRESETS_ERROR, SMP_PRESETS_ERROR_SYNTAX, "%s: %s", filename,
                local->message);
    g_clear_error(&local);
    ok = FALSE;
  }
  if (ok)
    ok = (settings = check_file(file, &index, filename, error)) != NULL;
  if (ok)
    ok = check_aliases(presets, settings, &index, filename, error);
  if (ok)
    apply(presets, settings, filename);

  if (settings)
    g_ptr_array_unref(settings);
  if (index.lines)
    g_hash_table_unref(index.lines);
  g_key_file_free(file);
  return ok;
}

gboolean
smp_presets_load_file(SmpPresets *presets, const gchar *path, GError **error)
{
  gchar *data = NULL;
  gsize length = 0;
  gboolean ok;

  if (!g_file_get_contents(path, &data, &length, error))
    return FALSE;
  ok = smp_presets_load_data(presets, data, length, path, error);
  g_free(data);
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
  const SmpPreset *found;
  GPtrArray *list;

  g_return_val_if_fail(presets && kind < SMP_PRESET_N_KINDS && name, NULL);
  if ((found = find_preset(presets, kind, name)))
    return found;
  list = presets->presets[kind];
  for (guint i = 0; i < list->len; i++) {
    const SmpPreset *preset = g_ptr_array_index(list, i);
    const gchar *aliases = g_hash_table_lookup(preset->values, "aliases");
    gchar **names;
    gboolean match = FALSE;
    if (!aliases)
      continue;
    names = g_strsplit(aliases, ";", -1);
    for (guint a = 0; names[a]; a++)
      match |= strcmp(names[a], name) == 0;
    g_strfreev(names);
    if (match)
      return preset;
  }
  return NULL;
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
