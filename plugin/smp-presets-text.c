/* Preset files as text: what GKeyFile neither checks nor reports. Reading only regular files
 * within the size limit, a UTF-8 check, a scan of the lines (syntax, repeated groups and keys,
 * line lengths, the line of every group and key) and GKeyFile's own parse, whose errors get the
 * line they come from. Part of the preset loader (smp-presets.c).
 */
#include "smp-presets-text.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

#include <glib/gstdio.h>
#ifdef G_OS_UNIX
#include <unistd.h>
#else
#include <io.h>
#endif

/* A pipe must not block the open: it is then refused as not a regular file. */
#ifndef O_NONBLOCK
#define O_NONBLOCK 0
#endif
#ifndef O_CLOEXEC
#define O_CLOEXEC 0
#endif
#ifndef O_BINARY
#define O_BINARY 0
#endif

/* Text from the file as quoted in a message: valid UTF-8, at most 40 characters. */
gchar *
smp_presets_excerpt(const gchar *text)
{
  const guint max_chars = 40;
  gchar *valid = g_utf8_make_valid(text, -1);
  const gchar *end = valid;
  gchar *result;

  for (guint n = 0; *end && n < max_chars; n++)
    end = g_utf8_next_char(end);
  if (*end == '\0')
    return valid;
  result = g_strdup_printf("%.*s…", (int)(end - valid), valid);
  g_free(valid);
  return result;
}

static gchar *
index_id(const gchar *group, const gchar *key)
{
  return key ? g_strconcat(group, "\n", key, NULL) : g_strdup(group);
}

guint
smp_presets_lines_find(const SmpPresetsLines *index, const gchar *group, const gchar *key)
{
  gchar *id = index_id(group, key);
  guint line = GPOINTER_TO_UINT(g_hash_table_lookup(index->lines, id));
  g_free(id);
  return line;
}

/* The key of a "key = value" line (stripped), or NULL. */
static gchar *
line_key(const gchar *line)
{
  const gchar *equals = strchr(line, '=');
  if (line[0] == '[' || line[0] == '#' || !equals)
    return NULL;
  return g_strstrip(g_strndup(line, equals - line));
}

/* Sets a syntax error "file:line: [key 'k': ]message", quoting user text through
 * smp_presets_excerpt(). */
void
smp_presets_line_error(GError **error, gint code, const gchar *filename, guint line,
                       const gchar *key, const gchar *format, ...)
{
  va_list args;
  gchar *message, *quoted = key ? smp_presets_excerpt(key) : NULL;

  va_start(args, format);
  message = g_strdup_vprintf(format, args);
  va_end(args);
  if (quoted)
    g_set_error(error, SMP_PRESETS_ERROR, code, "%s:%u: key '%s': %s", filename, line, quoted,
                message);
  else
    g_set_error(error, SMP_PRESETS_ERROR, code, "%s:%u: %s", filename, line, message);
  g_free(message);
  g_free(quoted);
}

/* One stripped line: its group or key into the index, or an error. */
static gboolean
scan_line(SmpPresetsLines *index, const gchar *text, guint number, gchar **group,
          const gchar *filename, GError **error)
{
  gchar *quoted = smp_presets_excerpt(text), *key = NULL, *id = NULL;
  gboolean ok = TRUE;

  if (text[0] == '\0' || text[0] == '#') {
    /* blank or comment */
  } else if (strlen(text) > SMP_PRESETS_MAX_LINE_LENGTH) {
    key = line_key(text);
    smp_presets_line_error(error, SMP_PRESETS_ERROR_SYNTAX, filename, number, key,
                           "the line is %" G_GSIZE_FORMAT
                           " bytes long; preset lines may be at most %d",
                           strlen(text), SMP_PRESETS_MAX_LINE_LENGTH);
    ok = FALSE;
  } else if (text[0] == '[') {
    const gchar *close = strchr(text, ']');
    if (close == text + 1) {
      smp_presets_line_error(error, SMP_PRESETS_ERROR_SYNTAX, filename, number, NULL,
                             "group header '%s' has no name", quoted);
      ok = FALSE;
    } else if (!close || close[1] != '\0') {
      smp_presets_line_error(error, SMP_PRESETS_ERROR_SYNTAX, filename, number, NULL,
                             close ? "group header '%s' has text after its ']'"
                                   : "group header '%s' lacks its closing ']'",
                             quoted);
      ok = FALSE;
    } else {
      g_free(*group);
      *group = g_strndup(text + 1, close - text - 1);
      id = index_id(*group, NULL);
    }
  } else if ((key = line_key(text))) {
    if (!*group) {
      smp_presets_line_error(error, SMP_PRESETS_ERROR_SYNTAX, filename, number, key,
                             "comes before any [group]");
      ok = FALSE;
    } else if (key[0] == '\0') {
      smp_presets_line_error(error, SMP_PRESETS_ERROR_SYNTAX, filename, number, NULL,
                             "line '%s' has no key before '='", quoted);
      ok = FALSE;
    } else {
      id = index_id(*group, key);
    }
  } else {
    smp_presets_line_error(error, SMP_PRESETS_ERROR_SYNTAX, filename, number, NULL,
                           "line '%s' is neither a [group], a key=value pair nor a # comment",
                           quoted);
    ok = FALSE;
  }

  if (id) {
    /* GKeyFile would merge a repeated group and keep the last of repeated keys: both are
     * mistakes in a hand-written file more often than not. */
    guint earlier = GPOINTER_TO_UINT(g_hash_table_lookup(index->lines, id));
    if (earlier && key) {
      smp_presets_line_error(error, SMP_PRESETS_ERROR_SYNTAX, filename, number, key,
                             "set a second time in this group (first on line %u)", earlier);
      ok = FALSE;
    } else if (earlier) {
      smp_presets_line_error(
          error, SMP_PRESETS_ERROR_SYNTAX, filename, number, NULL,
          "group %s appears a second time (first on line %u); write each group once", quoted,
          earlier);
      ok = FALSE;
    } else {
      g_hash_table_insert(index->lines, g_steal_pointer(&id), GUINT_TO_POINTER(number));
    }
  }
  g_free(id);
  g_free(key);
  g_free(quoted);
  return ok;
}

/* Scans every line; the data is valid UTF-8 without NUL bytes. */
static gboolean
index_scan(SmpPresetsLines *index, const gchar *data, gsize length, const gchar *filename,
           GError **error)
{
  gchar *group = NULL;
  gboolean ok = TRUE;
  guint number = 0;

  index->lines = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  index->starts = g_array_new(FALSE, FALSE, sizeof(gsize));
  for (gsize start = 0; ok && start < length; number++) {
    const gchar *newline = memchr(data + start, '\n', length - start);
    gsize end = newline ? (gsize)(newline - data) : length;
    gchar *text = g_strstrip(g_strndup(data + start, end - start));

    g_array_append_val(index->starts, start);
    ok = scan_line(index, text, number + 1, &group, filename, error);
    g_free(text);
    start = end + 1;
  }
  g_free(group);
  return ok;
}

void
smp_presets_lines_clear(SmpPresetsLines *index)
{
  g_clear_pointer(&index->lines, g_hash_table_unref);
  if (index->starts)
    g_array_unref(index->starts);
  index->starts = NULL;
}

/* The first line of a file that is not UTF-8 (a NUL byte counts as invalid too). */
static gboolean
check_utf8(const gchar *data, gsize length, const gchar *filename, GError **error)
{
  const gchar *end = NULL, *line_start = data;
  guint line = 1;
  gchar *text, *key;

  if (g_utf8_validate_len(data, length, &end))
    return TRUE;
  for (const gchar *c = data; c < end; c++)
    if (*c == '\n')
      line++, line_start = c + 1;
  text = g_strndup(line_start, end - line_start);
  key = line_key(text);
  smp_presets_line_error(error, SMP_PRESETS_ERROR_SYNTAX, filename, line,
                         key && key[0] ? key : NULL,
                         "byte %u of the line (0x%02x) is not UTF-8; save the file as UTF-8",
                         (guint)(end - line_start + 1), (guchar)*end);
  g_free(key);
  g_free(text);
  return FALSE;
}

/* GKeyFile's errors name no line: the line that makes a prefix of the file fail to parse. */
static guint
failing_line(const gchar *data, gsize length, const SmpPresetsLines *index)
{
  guint loads = 0, fails = index->starts->len; /* prefixes of that many lines */

  while (fails - loads > 1) {
    guint mid = loads + (fails - loads) / 2;
    GKeyFile *file = g_key_file_new();
    if (g_key_file_load_from_data(file, data, g_array_index(index->starts, gsize, mid),
                                  G_KEY_FILE_KEEP_TRANSLATIONS, NULL))
      loads = mid;
    else
      fails = mid;
    g_key_file_free(file);
  }
  return fails;
}

static gboolean
parse(GKeyFile *file, const gchar *data, gsize length, const SmpPresetsLines *index,
      const gchar *filename, GError **error)
{
  GError *local = NULL;
  guint line;
  gchar *text, *key;
  gsize start, end;

  if (g_key_file_load_from_data(file, data, length, G_KEY_FILE_KEEP_TRANSLATIONS, &local))
    return TRUE;
  line = failing_line(data, length, index);
  if (line == 0) {
    g_set_error(error, SMP_PRESETS_ERROR, SMP_PRESETS_ERROR_SYNTAX, "%s: %s", filename,
                local->message);
    g_error_free(local);
    return FALSE;
  }
  start = g_array_index(index->starts, gsize, line - 1);
  end = line < index->starts->len ? g_array_index(index->starts, gsize, line) : length;
  text = g_strstrip(g_strndup(data + start, end - start));
  key = line_key(text);
  smp_presets_line_error(error, SMP_PRESETS_ERROR_SYNTAX, filename, line, key, "%s",
                         local->message);
  g_free(key);
  g_free(text);
  g_error_free(local);
  return FALSE;
}

gboolean
smp_presets_text_parse(GKeyFile *file, const gchar *data, gsize length, const gchar *filename,
                       SmpPresetsLines *lines, GError **error)
{
  return check_utf8(data, length, filename, error) &&
         index_scan(lines, data, length, filename, error) &&
         parse(file, data, length, lines, filename, error);
}

static void G_GNUC_PRINTF(2, 3) file_error(GError **error, const gchar *format, ...)
{
  va_list args;
  gchar *message;

  va_start(args, format);
  message = g_strdup_vprintf(format, args);
  va_end(args);
  g_set_error_literal(error, SMP_PRESETS_ERROR, SMP_PRESETS_ERROR_FILE, message);
  g_free(message);
}

/* Reads a regular file within the size limit. Opening without blocking keeps a pipe from
 * stalling the plug-in; fstat on the open file tells what it is. */
gchar *
smp_presets_file_read(const gchar *path, const gchar *name, gsize *length, GError **error)
{
  int fd = g_open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_BINARY, 0);
  struct stat info;
  gchar *data = NULL;

  if (fd < 0) {
    int saved = errno;
    GStatBuf link;
    if (saved == ENOENT && g_lstat(path, &link) == 0)
      file_error(error, "%s: the link points to a file that does not exist", name);
    else
      file_error(error, "%s: cannot be opened: %s", name, g_strerror(saved));
    return NULL;
  }
  if (fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
    file_error(error, "%s: not a regular file (a folder, pipe or device?)", name);
  } else if (info.st_size > SMP_PRESETS_MAX_FILE_SIZE) {
    gchar *size = g_format_size_full(info.st_size, G_FORMAT_SIZE_LONG_FORMAT);
    gchar *limit = g_format_size_full(SMP_PRESETS_MAX_FILE_SIZE, G_FORMAT_SIZE_IEC_UNITS);
    file_error(error, "%s: %s; preset files may hold at most %s", name, size, limit);
    g_free(size);
    g_free(limit);
  } else {
    gsize wanted = info.st_size, got = 0;
    data = g_malloc(wanted + 1);
    while (data && got < wanted) {
      gssize n = read(fd, data + got, wanted - got);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0) {
        file_error(error, "%s: cannot be read: %s", name, g_strerror(errno));
        g_clear_pointer(&data, g_free);
      } else if (n == 0) {
        break; /* shrank meanwhile */
      } else {
        got += n;
      }
    }
    if (data) {
      data[got] = '\0';
      *length = got;
    }
  }
  close(fd);
  return data;
}
