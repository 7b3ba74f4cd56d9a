/* Hair-type and skin-tone presets, read from GKeyFile data files.
 *
 * A preset file holds groups named "<kind>:<name>", e.g. [hair-type:dark-brown] or
 * [skin-tone:monk-5]. Keys are the parameter names used everywhere else (op property, PDB argument,
 * Script-Fu keyword): dot-size, density, pigment, skin, ... Files are applied in order: a group
 * whose name already exists overrides that preset key by key, a new name adds a preset. A file with
 * any error (syntax, invalid UTF-8 or escape, repeated group or key, unknown kind or key, value of
 * the wrong type or out of range, a line over SMP_PRESETS_MAX_LINE_LENGTH bytes, a name that would
 * lead to two presets) is skipped as a whole, and the error names the file, the line and the key.
 * Only regular files up to
 * SMP_PRESETS_MAX_FILE_SIZE are read, so a folder, pipe or huge file cannot stall the plug-in.
 * Loading takes time linear in the file's size.
 *
 * Plain GLib, no GIMP: the same loader serves the plug-in and the unit tests.
 */
#ifndef SMP_PRESETS_H
#define SMP_PRESETS_H

#include <glib.h>

G_BEGIN_DECLS

/* Limits on what a preset file may hold: the shipped files are a few kB, lines a few dozen bytes.
 */
#define SMP_PRESETS_MAX_FILE_SIZE (1024 * 1024)
#define SMP_PRESETS_MAX_LINE_LENGTH 1024
/* Files read from one folder; more are skipped with a message. */
#define SMP_PRESETS_MAX_FILES 100

typedef enum { SMP_PRESET_HAIR_TYPE, SMP_PRESET_SKIN_TONE, SMP_PRESET_N_KINDS } SmpPresetKind;

typedef enum {
  SMP_PRESET_VALUE_STRING,
  SMP_PRESET_VALUE_DOUBLE,
  SMP_PRESET_VALUE_COLOR, /* "#rrggbb" (or "#rgb"), sRGB */
  SMP_PRESET_VALUE_LIST,  /* ";"-separated names */
} SmpPresetValueType;

/* One key a preset of some kind may set. */
typedef struct {
  const gchar *key;
  SmpPresetValueType type;
  gdouble min, max;      /* allowed range of a double */
  const gchar *fallback; /* value of a preset that does not set the key */
  const gchar *blurb;
} SmpPresetKey;

#define SMP_PRESETS_ERROR (smp_presets_error_quark())
GQuark smp_presets_error_quark(void);

typedef enum {
  SMP_PRESETS_ERROR_SYNTAX,
  SMP_PRESETS_ERROR_GROUP,
  SMP_PRESETS_ERROR_KEY,
  SMP_PRESETS_ERROR_VALUE,
  SMP_PRESETS_ERROR_FILE, /* not a readable regular file, or too large */
} SmpPresetsError;

typedef struct _SmpPreset SmpPreset;
typedef struct _SmpPresets SmpPresets;

/* The group prefix of a kind ("hair-type", "skin-tone"). */
const gchar *smp_preset_kind_name(SmpPresetKind kind);
/* The keys presets of a kind accept, terminated by an entry with key NULL. */
const SmpPresetKey *smp_preset_kind_keys(SmpPresetKind kind);

SmpPresets *smp_presets_new(void);
void smp_presets_free(SmpPresets *presets);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(SmpPresets, smp_presets_free)

/* Applies one file's presets. On error nothing of the file is applied. `filename` names the data
 * in messages (UTF-8). */
gboolean smp_presets_load_data(SmpPresets *presets, const gchar *data, gssize length,
                               const gchar *filename, GError **error);
gboolean smp_presets_load_file(SmpPresets *presets, const gchar *path, GError **error);
/* Applies every *.ini file of a folder in name order (the first SMP_PRESETS_MAX_FILES); a missing
 * folder is not an error. Returns the number of files skipped; their error messages are appended to
 * messages (may be NULL). */
guint smp_presets_load_dir(SmpPresets *presets, const gchar *dir, GPtrArray *messages);

/* Presets in the order their names were first defined. */
guint smp_presets_count(const SmpPresets *presets, SmpPresetKind kind);
const SmpPreset *smp_presets_nth(const SmpPresets *presets, SmpPresetKind kind, guint index);
/* By name or alias; NULL when unknown. */
const SmpPreset *smp_presets_lookup(const SmpPresets *presets, SmpPresetKind kind,
                                    const gchar *name);

const gchar *smp_preset_get_name(const SmpPreset *preset);
/* The file that last set a key of this preset. */
const gchar *smp_preset_get_source(const SmpPreset *preset);
/* The value of a string, colour or list key, as written (or the key's fallback). */
const gchar *smp_preset_get_string(const SmpPreset *preset, const gchar *key);
/* The label in the user's language when the preset has one ("label[de]=..."), else "label". */
const gchar *smp_preset_get_label(const SmpPreset *preset);
gdouble smp_preset_get_double(const SmpPreset *preset, const gchar *key);
/* A list key split into names (free with g_strfreev). */
gchar **smp_preset_get_list(const SmpPreset *preset, const gchar *key);

G_END_DECLS

#endif /* SMP_PRESETS_H */
