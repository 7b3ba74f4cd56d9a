/* libFuzzer target of the preset loader (plugin/smp-presets.c).
 *
 * Each input is loaded as a user's preset file on top of a small base that has presets and
 * aliases of both kinds, so overrides and name clashes are reached. Beyond "no crash, no leak"
 * it checks what the loader promises: an error names the file and is short valid UTF-8, nothing
 * of a refused file applies, a file that loaded loads again, and every loaded value is in range.
 *
 * Built with clang -fsanitize=fuzzer by scripts/fuzz; tests/fuzz/replay.c runs the same function on
 * the seeds and regression inputs in the normal test suite.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "smp-presets.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const gchar base[] = "[hair-type:base]\n"
                            "density=50\n"
                            "[skin-tone:tone]\n"
                            "aliases=alias-1;alias-2\n"
                            "skin=#aabbcc\n";

#define REQUIRE(condition)                                                                         \
  do {                                                                                             \
    if (!(condition)) {                                                                            \
      g_printerr("fuzz-presets: %s:%d: %s does not hold\n", __FILE__, __LINE__, #condition);       \
      abort();                                                                                     \
    }                                                                                              \
  } while (0)

static void
check_preset(const SmpPresets *presets, SmpPresetKind kind, const SmpPreset *preset)
{
  gchar **aliases;

  REQUIRE(smp_presets_lookup(presets, kind, smp_preset_get_name(preset)) == preset);
  REQUIRE(g_utf8_validate(smp_preset_get_label(preset), -1, NULL));
  REQUIRE(smp_preset_get_source(preset) != NULL);
  for (const SmpPresetKey *key = smp_preset_kind_keys(kind); key->key; key++) {
    const gchar *value = smp_preset_get_string(preset, key->key);
    gdouble number;
    gchar **list;

    REQUIRE(value != NULL);
    switch (key->type) {
    case SMP_PRESET_VALUE_DOUBLE:
      number = smp_preset_get_double(preset, key->key);
      REQUIRE(number >= key->min && number <= key->max);
      break;
    case SMP_PRESET_VALUE_COLOR:
      REQUIRE(value[0] == '#' && (strlen(value) == 4 || strlen(value) == 7));
      break;
    case SMP_PRESET_VALUE_LIST:
      list = smp_preset_get_list(preset, key->key);
      REQUIRE(list != NULL);
      g_strfreev(list);
      break;
    case SMP_PRESET_VALUE_STRING:
      REQUIRE(g_utf8_validate(value, -1, NULL));
      break;
    }
  }
  /* Every alias leads back to its preset. */
  if (kind == SMP_PRESET_SKIN_TONE) {
    aliases = smp_preset_get_list(preset, "aliases");
    for (guint a = 0; aliases[a]; a++)
      REQUIRE(smp_presets_lookup(presets, kind, aliases[a]) == preset);
    g_strfreev(aliases);
  }
}

static void
check_all(const SmpPresets *presets)
{
  for (guint kind = 0; kind < SMP_PRESET_N_KINDS; kind++)
    for (guint i = 0; i < smp_presets_count(presets, kind); i++)
      check_preset(presets, kind, smp_presets_nth(presets, kind, i));
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  SmpPresets *presets = smp_presets_new();
  GError *error = NULL;
  guint counts[SMP_PRESET_N_KINDS];

  REQUIRE(smp_presets_load_data(presets, base, -1, "base.ini", NULL));
  for (guint kind = 0; kind < SMP_PRESET_N_KINDS; kind++)
    counts[kind] = smp_presets_count(presets, kind);

  if (size > G_MAXSSIZE)
    size = G_MAXSSIZE;
  if (smp_presets_load_data(presets, (const gchar *)data, size, "user.ini", &error)) {
    REQUIRE(error == NULL);
    check_all(presets);
    /* Applying the same file again only overrides what it set. */
    for (guint kind = 0; kind < SMP_PRESET_N_KINDS; kind++)
      counts[kind] = smp_presets_count(presets, kind);
    REQUIRE(smp_presets_load_data(presets, (const gchar *)data, size, "user.ini", NULL));
    for (guint kind = 0; kind < SMP_PRESET_N_KINDS; kind++)
      REQUIRE(smp_presets_count(presets, kind) == counts[kind]);
  } else {
    REQUIRE(error != NULL && error->domain == SMP_PRESETS_ERROR);
    REQUIRE(g_str_has_prefix(error->message, "user.ini:"));
    REQUIRE(g_utf8_validate(error->message, -1, NULL));
    REQUIRE(strlen(error->message) < 2 * SMP_PRESETS_MAX_LINE_LENGTH);
    for (guint kind = 0; kind < SMP_PRESET_N_KINDS; kind++)
      REQUIRE(smp_presets_count(presets, kind) == counts[kind]);
    REQUIRE(smp_presets_lookup(presets, SMP_PRESET_SKIN_TONE, "alias-2") != NULL);
    check_all(presets);
    g_error_free(error);
  }
  smp_presets_free(presets);
  return 0;
}
