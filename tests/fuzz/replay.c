/* Runs the preset fuzz target (fuzz-presets.c) on files and on the files of folders, as the normal
 * test suite does with the seeds and with every input that once broke the loader
 * (tests/fuzz/regressions/). TAP output. */
#include <glib.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
compare_paths(const void *a, const void *b)
{
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The files to replay: each argument, or the files of a folder argument in name order. */
static GPtrArray *
collect(int argc, char **argv)
{
  GPtrArray *paths = g_ptr_array_new_with_free_func(g_free);

  for (int i = 1; i < argc; i++) {
    GDir *dir = g_dir_open(argv[i], 0, NULL);
    const gchar *name;
    guint first = paths->len;

    if (!dir) {
      g_ptr_array_add(paths, g_strdup(argv[i]));
      continue;
    }
    while ((name = g_dir_read_name(dir)))
      g_ptr_array_add(paths, g_build_filename(argv[i], name, NULL));
    g_dir_close(dir);
    qsort(paths->pdata + first, paths->len - first, sizeof(gpointer), compare_paths);
  }
  return paths;
}

int
main(int argc, char **argv)
{
  GPtrArray *paths = collect(argc, argv);
  int failed = 0;

  printf("1..%u\n", paths->len);
  for (guint i = 0; i < paths->len; i++) {
    const gchar *path = g_ptr_array_index(paths, i);
    gchar *data = NULL, *name = g_path_get_basename(path);
    gsize length = 0;
    GError *error = NULL;

    if (!g_file_get_contents(path, &data, &length, &error)) {
      printf("not ok %u %s # %s\n", i + 1, name, error->message);
      g_error_free(error);
      failed = 1;
    } else {
      /* A failed check aborts the whole run, which the test harness reports. */
      LLVMFuzzerTestOneInput((const uint8_t *)data, length);
      printf("ok %u %s\n", i + 1, name);
    }
    fflush(stdout);
    g_free(data);
    g_free(name);
  }
  g_ptr_array_unref(paths);
  return failed;
}
