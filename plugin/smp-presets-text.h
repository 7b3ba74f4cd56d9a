/* Preset files as text (plugin/smp-presets-text.c), for the preset loader (smp-presets.c) only. */
#ifndef SMP_PRESETS_TEXT_H
#define SMP_PRESETS_TEXT_H

#include "smp-presets.h"

G_BEGIN_DECLS

/* Where each group and key sits in a file, found by a scan of the raw text: GKeyFile reports
 * neither lines for keys nor the line of a syntax error. */
typedef struct {
  GHashTable *lines; /* "group" or "group\nkey" -> line number */
  GArray *starts;    /* byte offset of each line */
} SmpPresetsLines;

/* Checks the text (UTF-8, lines) and parses it into `file`, indexing its lines; on error names
 * the file, the line and the key. Clear `lines` afterwards either way. */
gboolean smp_presets_text_parse(GKeyFile *file, const gchar *data, gsize length,
                                const gchar *filename, SmpPresetsLines *lines, GError **error);
void smp_presets_lines_clear(SmpPresetsLines *lines);
/* The line of a group (key NULL) or of a key in it; 0 when unknown. */
guint smp_presets_lines_find(const SmpPresetsLines *lines, const gchar *group, const gchar *key);

/* Text from a file as quoted in a message: valid UTF-8, at most 40 characters. */
gchar *smp_presets_excerpt(const gchar *text);
/* Sets an SMP_PRESETS_ERROR "file:line: [key 'k': ]message", the key quoted short. */
void smp_presets_line_error(GError **error, gint code, const gchar *filename, guint line,
                            const gchar *key, const gchar *format, ...) G_GNUC_PRINTF(6, 7);

/* The contents of a regular file of at most SMP_PRESETS_MAX_FILE_SIZE bytes (NUL-terminated);
 * `name` is the file as messages show it. */
gchar *smp_presets_file_read(const gchar *path, const gchar *name, gsize *length, GError **error);

G_END_DECLS

#endif /* SMP_PRESETS_TEXT_H */
