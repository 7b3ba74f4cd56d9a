/* The preset loader (plugin/smp-presets.c) and the shipped preset data (the .ini files in
 * presets/). */
#include <math.h>
#include <string.h>

#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "smp-presets.h"

static gchar *
builtin_dir(void)
{
  const gchar *root = g_getenv("SMP_SOURCE_ROOT");
  g_assert_nonnull(root);
  return g_build_filename(root, "presets", NULL);
}

static SmpPresets *
load_builtin(void)
{
  SmpPresets *presets = smp_presets_new();
  GPtrArray *messages = g_ptr_array_new_with_free_func(g_free);
  gchar *dir = builtin_dir();
  guint skipped = smp_presets_load_dir(presets, dir, messages);

  for (guint i = 0; i < messages->len; i++)
    g_test_message("%s", (const gchar *)g_ptr_array_index(messages, i));
  g_assert_cmpuint(skipped, ==, 0);
  g_ptr_array_unref(messages);
  g_free(dir);
  return presets;
}

/* 1-based line of the first line of `text` that starts with `prefix`. */
static guint
line_of(const gchar *text, const gchar *prefix)
{
  guint line = 1;
  for (const gchar *p = text; *p; line++) {
    if (g_str_has_prefix(p, prefix))
      return line;
    p = strchr(p, '\n');
    if (!p)
      break;
    p++;
  }
  g_assert_not_reached();
  return 0;
}

static void
linear_rgb(const gchar *hex, gdouble c[3])
{
  guint rgb[3];
  g_assert_cmpint(sscanf(hex, "#%02x%02x%02x", &rgb[0], &rgb[1], &rgb[2]), ==, 3);
  for (int i = 0; i < 3; i++) {
    gdouble v = rgb[i] / 255.0;
    c[i] = v <= 0.04045 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4);
  }
}

/* Individual typology angle, ITA° = atan((L* - 50) / b*), of an sRGB "#rrggbb" (D65): the skin
 * lightness measure the Monk scale is ordered by (MST 2 and 3 are not ordered by luminance). */
static gdouble
ita(const gchar *hex)
{
  const gdouble white[3] = {0.95047, 1.0, 1.08883};
  gdouble c[3], xyz[3], f[3];
  linear_rgb(hex, c);
  xyz[0] = 0.4124 * c[0] + 0.3576 * c[1] + 0.1805 * c[2];
  xyz[1] = 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  xyz[2] = 0.0193 * c[0] + 0.1192 * c[1] + 0.9505 * c[2];
  for (int i = 0; i < 3; i++) {
    gdouble t = xyz[i] / white[i];
    f[i] = t > 216.0 / 24389.0 ? cbrt(t) : (24389.0 / 27.0 * t + 16.0) / 116.0;
  }
  return atan2(116.0 * f[1] - 16.0 - 50.0, 200.0 * (f[1] - f[2])) * 180.0 / G_PI;
}

static void
test_builtin_hair_types(void)
{
  g_autoptr(SmpPresets) presets = load_builtin();
  /* The hair types the product promises (issue: black coarse, dark brown, medium brown, light
   * brown, blond, grey / salt-and-pepper, white, red; fine vs coarse / Afro-textured). */
  const gchar *required[] = {"black-coarse", "black-afro", "dark-brown", "medium-brown",
                             "light-brown",  "blond",      "grey",       "salt-and-pepper",
                             "white",        "red"};

  for (gsize i = 0; i < G_N_ELEMENTS(required); i++) {
    const SmpPreset *preset = smp_presets_lookup(presets, SMP_PRESET_HAIR_TYPE, required[i]);
    g_assert_nonnull(preset);
    g_assert_cmpstr(smp_preset_get_name(preset), ==, required[i]);
    g_assert_cmpstr(smp_preset_get_string(preset, "label"), !=, required[i]);
  }

  /* Texture: a fine variant has smaller dots and more single-hair units than the coarse one of
   * the same colour, and at least as much water. */
  {
    const SmpPreset *fine = smp_presets_lookup(presets, SMP_PRESET_HAIR_TYPE, "black-fine");
    const SmpPreset *coarse = smp_presets_lookup(presets, SMP_PRESET_HAIR_TYPE, "black-coarse");
    const SmpPreset *afro = smp_presets_lookup(presets, SMP_PRESET_HAIR_TYPE, "black-afro");
    g_assert_cmpfloat(smp_preset_get_double(fine, "dot-size"), <,
                      smp_preset_get_double(coarse, "dot-size"));
    g_assert_cmpfloat(smp_preset_get_double(fine, "hair-mix-1"), >,
                      smp_preset_get_double(coarse, "hair-mix-1"));
    g_assert_cmpfloat(smp_preset_get_double(fine, "dilution"), >=,
                      smp_preset_get_double(coarse, "dilution"));
    /* Afro-textured: larger impressions, fewer units, the darkest shade. */
    g_assert_cmpfloat(smp_preset_get_double(afro, "dot-size"), >=,
                      smp_preset_get_double(coarse, "dot-size"));
    g_assert_cmpfloat(smp_preset_get_double(afro, "density"), <,
                      smp_preset_get_double(coarse, "density"));
    g_assert_cmpfloat(smp_preset_get_double(afro, "dilution"), <=,
                      smp_preset_get_double(coarse, "dilution"));
  }

  /* Lighter hair takes more water (lighter shade): black < dark brown < medium < light brown <
   * blond, and grey < white. */
  {
    const gchar *order[] = {"black-coarse", "dark-brown", "medium-brown", "light-brown", "blond"};
    for (gsize i = 1; i < G_N_ELEMENTS(order); i++)
      g_assert_cmpfloat(
          smp_preset_get_double(smp_presets_lookup(presets, SMP_PRESET_HAIR_TYPE, order[i - 1]),
                                "dilution"),
          <,
          smp_preset_get_double(smp_presets_lookup(presets, SMP_PRESET_HAIR_TYPE, order[i]),
                                "dilution"));
    g_assert_cmpfloat(smp_preset_get_double(
                          smp_presets_lookup(presets, SMP_PRESET_HAIR_TYPE, "grey"), "dilution"),
                      <,
                      smp_preset_get_double(
                          smp_presets_lookup(presets, SMP_PRESET_HAIR_TYPE, "white"), "dilution"));
  }

  /* Salt and pepper: a strong spread of darkness between dots. */
  g_assert_cmpfloat(
      smp_preset_get_double(smp_presets_lookup(presets, SMP_PRESET_HAIR_TYPE, "salt-and-pepper"),
                            "opacity-jitter"),
      >=, 0.5);
}

static void
test_builtin_skin_tones(void)
{
  g_autoptr(SmpPresets) presets = load_builtin();
  const SmpPreset *previous = NULL;

  /* Monk 1-10: each darker (lower ITA°) than the one before, with no more water. */
  for (int monk = 1; monk <= 10; monk++) {
    gchar *name = g_strdup_printf("monk-%d", monk);
    const SmpPreset *tone = smp_presets_lookup(presets, SMP_PRESET_SKIN_TONE, name);
    g_assert_nonnull(tone);
    if (previous) {
      g_assert_cmpfloat(ita(smp_preset_get_string(tone, "skin")), <,
                        ita(smp_preset_get_string(previous, "skin")));
      g_assert_cmpfloat(smp_preset_get_double(tone, "dilution-offset"), <=,
                        smp_preset_get_double(previous, "dilution-offset"));
    }
    previous = tone;
    g_free(name);
  }
  /* Fair skin takes lighter shades than dark skin. */
  g_assert_cmpfloat(
      smp_preset_get_double(smp_presets_lookup(presets, SMP_PRESET_SKIN_TONE, "monk-1"),
                            "dilution-offset"),
      >,
      smp_preset_get_double(smp_presets_lookup(presets, SMP_PRESET_SKIN_TONE, "monk-10"),
                            "dilution-offset"));

  /* Fitzpatrick I-VI are aliases of Monk tones, in the same light-to-dark order. */
  {
    gdouble last = 90.0;
    for (int type = 1; type <= 6; type++) {
      gchar *alias = g_strdup_printf("fitzpatrick-%d", type);
      const SmpPreset *tone = smp_presets_lookup(presets, SMP_PRESET_SKIN_TONE, alias);
      gdouble y;
      g_assert_nonnull(tone);
      g_assert_true(g_str_has_prefix(smp_preset_get_name(tone), "monk-"));
      y = ita(smp_preset_get_string(tone, "skin"));
      g_assert_cmpfloat(y, <, last);
      last = y;
      g_free(alias);
    }
  }
}

static void
test_override_and_extend(void)
{
  g_autoptr(SmpPresets) presets = load_builtin();
  const SmpPreset *builtin = smp_presets_lookup(presets, SMP_PRESET_HAIR_TYPE, "dark-brown");
  gdouble density = smp_preset_get_double(builtin, "density");
  gchar *label = g_strdup(smp_preset_get_string(builtin, "label"));
  guint count = smp_presets_count(presets, SMP_PRESET_HAIR_TYPE);
  const gchar *user = "# my studio\n"
                      "[hair-type:dark-brown]\n"
                      "dot-size=0.31\n"
                      "\n"
                      "[hair-type:jet-black]\n"
                      "label=Jet black\n"
                      "label[de]=Tiefschwarz\n"
                      "dilution=4\n";
  GError *error = NULL;
  const SmpPreset *dark, *jet;

  g_assert_true(smp_presets_load_data(presets, user, -1, "user.ini", &error));
  g_assert_no_error(error);
  dark = smp_presets_lookup(presets, SMP_PRESET_HAIR_TYPE, "dark-brown");
  g_assert_cmpfloat(smp_preset_get_double(dark, "dot-size"), ==, 0.31);
  /* Keys the user did not set keep the built-in values. */
  g_assert_cmpfloat(smp_preset_get_double(dark, "density"), ==, density);
  g_assert_cmpstr(smp_preset_get_string(dark, "label"), ==, label);
  g_assert_cmpstr(smp_preset_get_source(dark), ==, "user.ini");
  /* A new name extends the list, at its end; unset keys take the kind's fallbacks. */
  g_assert_cmpuint(smp_presets_count(presets, SMP_PRESET_HAIR_TYPE), ==, count + 1);
  jet = smp_presets_nth(presets, SMP_PRESET_HAIR_TYPE, count);
  g_assert_cmpstr(smp_preset_get_name(jet), ==, "jet-black");
  g_assert_cmpstr(smp_preset_get_string(jet, "label"), ==, "Jet black");
  /* Labels follow the user's language where a translation exists. */
  g_setenv("LANGUAGE", "de", TRUE);
  g_assert_cmpstr(smp_preset_get_label(jet), ==, "Tiefschwarz");
  g_setenv("LANGUAGE", "fr", TRUE);
  g_assert_cmpstr(smp_preset_get_label(jet), ==, "Jet black");
  g_unsetenv("LANGUAGE");
  g_assert_cmpfloat(smp_preset_get_double(jet, "dilution"), ==, 4.0);
  g_assert_cmpfloat(smp_preset_get_double(jet, "dot-size"), >, 0.0);
  g_free(label);
}

typedef struct {
  const gchar *what;
  const gchar *text;
  const gchar *bad_line; /* start of the line the error must name */
  const gchar *key;      /* the key (or group) the error must name */
} Malformed;

static const Malformed malformed[] = {
    {"a number that is not one", "[hair-type:a]\nlabel=A\ndensity=lots\n", "density=", "density"},
    {"a number out of range", "[hair-type:a]\ndot-size=0.2\n\n[hair-type:b]\ndot-size=7\n",
     "dot-size=7", "dot-size"},
    {"a bad colour", "[skin-tone:pale]\nskin=pinkish\n", "skin=", "skin"},
    {"an unknown key", "[hair-type:a]\n# typo\ndot_size=0.2\n", "dot_size", "dot_size"},
    {"a key of the other kind", "[hair-type:a]\nskin=#ffffff\n", "skin=", "skin"},
    {"an unknown kind", "[hair-type:a]\ndensity=50\n[eye-colour:blue]\nlabel=Blue\n", "[eye",
     "eye-colour:blue"},
    {"a name with capitals", "[hair-type:Dark]\n", "[hair-type:Dark]", "hair-type:Dark"},
    {"a line that is no key", "[hair-type:a]\ndensity 50\n", "density 50", "density 50"},
    {"an unclosed group", "[hair-type:a\ndensity=50\n", "[hair-type:a", "hair-type:a"},
    {"a key before any group", "density=50\n[hair-type:a]\n", "density=", "density"},
    {"an alias taken by another tone", "[skin-tone:x]\naliases=monk-2\n", "aliases=", "aliases"},
    {"a localized number", "[hair-type:a]\ndensity[de]=50\n", "density[de]", "density[de]"},
    /* GKeyFile accessors that fail: each failure is an error, never a crash. */
    {"an invalid escape in a colour", "[skin-tone:pale]\nskin=\\q\n", "skin=", "skin"},
    {"an invalid escape in a text", "[hair-type:a]\nlabel=a\\qb\n", "label=", "label"},
    {"an escape at the end of a list", "[skin-tone:x]\naliases=a;b\\\n", "aliases=", "aliases"},
    {"a number with an escape", "[hair-type:a]\ndensity=5\\0\n", "density=", "density"},
    {"invalid UTF-8", "[hair-type:a]\nlabel=Caf\xe9 noir\n", "label=", "label"},
    {"invalid UTF-8 in a group", "[hair-type:\xff]\n", "[hair-type:", "not UTF-8"},
    {"a repeated group", "[hair-type:a]\ndensity=50\n[hair-type:b]\n [hair-type:a]\n",
     " [hair-type:a]", "hair-type:a"},
    {"a repeated key", "[hair-type:a]\ndensity=50\n density = 60\n", " density = 60", "density"},
    {"a group without a name", "[hair-type:a]\ndensity=50\n[]\n", "[]", "[]"},
    {"text after a group", "[hair-type:a] x\n", "[hair-type:a] x", "hair-type:a"},
    {"a key name GKeyFile refuses", "[hair-type:a]\ndensity=50\nlabel[de=x\n", "label[de",
     "label[de"},
    {"an encoding other than UTF-8", "[hair-type:a]\nEncoding=latin1\n", "Encoding", "Encoding"},
    {"an alias taken within the file",
     "[skin-tone:x]\naliases=shared\n[skin-tone:y]\naliases = shared\n", "aliases = ", "aliases"},
    {"an alias that is its own name", "[skin-tone:x]\naliases=x\n", "aliases=", "aliases"},
    {"a name that is an alias", "[skin-tone:fitzpatrick-3]\nlabel=F3\n", "[skin-tone:fitz",
     "fitzpatrick-3"},
    {"a huge number", "[hair-type:a]\ndensity=1e999\n", "density=", "density"},
    {"not a number", "[hair-type:a]\ndensity=nan\n", "density=", "density"},
};

static void
test_malformed(void)
{
  for (gsize i = 0; i < G_N_ELEMENTS(malformed); i++) {
    const Malformed *m = &malformed[i];
    g_autoptr(SmpPresets) presets = load_builtin();
    guint hair = smp_presets_count(presets, SMP_PRESET_HAIR_TYPE);
    guint skin = smp_presets_count(presets, SMP_PRESET_SKIN_TONE);
    GError *error = NULL;
    gchar *where = g_strdup_printf("broken.ini:%u", line_of(m->text, m->bad_line));

    g_test_message("%s", m->what);
    g_assert_false(smp_presets_load_data(presets, m->text, -1, "broken.ini", &error));
    g_assert_error(error, SMP_PRESETS_ERROR, error->code);
    g_test_message("  -> %s", error->message);
    g_assert_true(g_str_has_prefix(error->message, where));
    g_assert_nonnull(strstr(error->message, m->key));
    /* Nothing of the file applies, not even its valid groups. */
    g_assert_cmpuint(smp_presets_count(presets, SMP_PRESET_HAIR_TYPE), ==, hair);
    g_assert_cmpuint(smp_presets_count(presets, SMP_PRESET_SKIN_TONE), ==, skin);
    g_assert_null(smp_presets_lookup(presets, SMP_PRESET_HAIR_TYPE, "a"));
    g_clear_error(&error);
    g_free(where);
  }
}

/* Data that is not text, lines and files beyond the limits. */
static void
test_limits(void)
{
  g_autoptr(SmpPresets) presets = load_builtin();
  guint hair = smp_presets_count(presets, SMP_PRESET_HAIR_TYPE);
  const gchar nul[] = "[hair-type:a]\nlabel=a\0b\n";
  GString *text = g_string_new("[hair-type:a]\nlabel=");
  GError *error = NULL;
  gchar *huge;

  /* A NUL byte inside the data */
  g_assert_false(smp_presets_load_data(presets, nul, sizeof nul - 1, "nul.ini", &error));
  g_test_message("%s", error->message);
  g_assert_true(g_str_has_prefix(error->message, "nul.ini:2: key 'label':"));
  g_clear_error(&error);

  /* A line over the limit: the message names the key, not the megabyte. */
  for (guint i = 0; i <= SMP_PRESETS_MAX_LINE_LENGTH; i++)
    g_string_append_c(text, 'x');
  g_assert_false(smp_presets_load_data(presets, text->str, -1, "long.ini", &error));
  g_test_message("%s", error->message);
  g_assert_true(g_str_has_prefix(error->message, "long.ini:2: key 'label':"));
  g_assert_cmpuint(strlen(error->message), <, 200);
  g_clear_error(&error);

  /* Data over the file limit */
  huge = g_malloc(SMP_PRESETS_MAX_FILE_SIZE + 2);
  memset(huge, '#', SMP_PRESETS_MAX_FILE_SIZE + 1);
  huge[SMP_PRESETS_MAX_FILE_SIZE + 1] = '\0';
  g_assert_false(smp_presets_load_data(presets, huge, -1, "huge.ini", &error));
  g_assert_error(error, SMP_PRESETS_ERROR, SMP_PRESETS_ERROR_FILE);
  g_test_message("%s", error->message);
  g_clear_error(&error);
  /* ... and a comment just within it loads. */
  huge[SMP_PRESETS_MAX_FILE_SIZE] = '\0';
  huge[SMP_PRESETS_MAX_LINE_LENGTH] = '\n';
  g_assert_true(smp_presets_load_data(presets, huge, -1, "huge.ini", &error));
  g_assert_no_error(error);

  g_assert_cmpuint(smp_presets_count(presets, SMP_PRESET_HAIR_TYPE), ==, hair);
  g_free(huge);
  g_string_free(text, TRUE);
}

/* Whatever sits in the user's folder under a .ini name, each bad one is skipped with a message
 * naming it, the folder's good files and the built-ins load, and nothing blocks. */
static void
test_dir_hostile_files(void)
{
  gchar *dir = g_dir_make_tmp("smp-presets-XXXXXX", NULL);
  const gchar *names[] = {"a-folder.ini", "b-pipe.ini", "c-dangling.ini", "d-big.ini",
                          "e-unreadable.ini"};
  gchar *paths[G_N_ELEMENTS(names)];
  gchar *good = g_build_filename(dir, "z-good.ini", NULL);
  g_autoptr(SmpPresets) presets = load_builtin();
  GPtrArray *messages = g_ptr_array_new_with_free_func(g_free);
  gchar *big = g_malloc0(SMP_PRESETS_MAX_FILE_SIZE + 1);
  guint expected = G_N_ELEMENTS(names);
  gboolean as_root = geteuid() == 0;

  for (gsize i = 0; i < G_N_ELEMENTS(names); i++)
    paths[i] = g_build_filename(dir, names[i], NULL);
  g_assert_cmpint(g_mkdir(paths[0], 0700), ==, 0);
  g_assert_cmpint(mkfifo(paths[1], 0600), ==, 0);
  g_assert_cmpint(symlink("/nonexistent/smp.ini", paths[2]), ==, 0);
  memset(big, '#', SMP_PRESETS_MAX_FILE_SIZE);
  g_assert_true(g_file_set_contents(paths[3], big, SMP_PRESETS_MAX_FILE_SIZE + 1, NULL));
  g_assert_true(g_file_set_contents(paths[4], "[hair-type:dark-brown]\ndensity=44\n", -1, NULL));
  /* root reads any file: the permission case is then not testable */
  if (as_root)
    expected--;
  else
    g_assert_cmpint(g_chmod(paths[4], 0), ==, 0);
  g_assert_true(g_file_set_contents(good, "[hair-type:dark-brown]\ndensity=33\n", -1, NULL));

  g_assert_cmpuint(smp_presets_load_dir(presets, dir, messages), ==, expected);
  g_assert_cmpuint(messages->len, ==, expected);
  for (guint i = 0; i < messages->len; i++) {
    const gchar *message = g_ptr_array_index(messages, i);
    g_test_message("%s", message);
    g_assert_true(g_str_has_prefix(message, paths[i]));
    g_assert_true(g_str_has_suffix(message, "(file skipped)"));
  }
  g_assert_cmpfloat(smp_preset_get_double(
                        smp_presets_lookup(presets, SMP_PRESET_HAIR_TYPE, "dark-brown"), "density"),
                    ==, 33.0);
  g_assert_nonnull(smp_presets_lookup(presets, SMP_PRESET_SKIN_TONE, "monk-10"));

  for (gsize i = 0; i < G_N_ELEMENTS(names); i++) {
    g_assert_cmpint(i == 0 ? g_rmdir(paths[i]) : g_remove(paths[i]), ==, 0);
    g_free(paths[i]);
  }
  g_remove(good), g_rmdir(dir);
  g_free(good), g_free(dir), g_free(big);
  g_ptr_array_unref(messages);
}

/* A folder of more files than are read: the rest is skipped with one message. */
static void
test_dir_too_many_files(void)
{
  gchar *dir = g_dir_make_tmp("smp-presets-XXXXXX", NULL);
  g_autoptr(SmpPresets) presets = smp_presets_new();
  GPtrArray *messages = g_ptr_array_new_with_free_func(g_free);
  const guint extra = 3;

  for (guint i = 0; i < SMP_PRESETS_MAX_FILES + extra; i++) {
    gchar *path = g_strdup_printf("%s/%04u.ini", dir, i);
    gchar *text = g_strdup_printf("[hair-type:h%04u]\ndensity=50\n", i);
    g_assert_true(g_file_set_contents(path, text, -1, NULL));
    g_free(text);
    g_free(path);
  }
  g_assert_cmpuint(smp_presets_load_dir(presets, dir, messages), ==, extra);
  g_assert_cmpuint(messages->len, ==, 1);
  g_test_message("%s", (const gchar *)g_ptr_array_index(messages, 0));
  g_assert_cmpuint(smp_presets_count(presets, SMP_PRESET_HAIR_TYPE), ==, SMP_PRESETS_MAX_FILES);
  for (guint i = 0; i < SMP_PRESETS_MAX_FILES + extra; i++) {
    gchar *path = g_strdup_printf("%s/%04u.ini", dir, i);
    g_remove(path);
    g_free(path);
  }
  g_rmdir(dir);
  g_free(dir);
  g_ptr_array_unref(messages);
}

/* Aliases a later file changes: the old alias no longer leads to the tone, the new one does. */
static void
test_alias_override(void)
{
  g_autoptr(SmpPresets) presets = load_builtin();
  const SmpPreset *monk1 = smp_presets_lookup(presets, SMP_PRESET_SKIN_TONE, "monk-1");
  GError *error = NULL;

  g_assert_true(smp_presets_lookup(presets, SMP_PRESET_SKIN_TONE, "fitzpatrick-1") == monk1);
  g_assert_true(smp_presets_load_data(presets, "[skin-tone:monk-1]\naliases=porcelain\n", -1,
                                      "user.ini", &error));
  g_assert_no_error(error);
  g_assert_null(smp_presets_lookup(presets, SMP_PRESET_SKIN_TONE, "fitzpatrick-1"));
  g_assert_true(smp_presets_lookup(presets, SMP_PRESET_SKIN_TONE, "porcelain") == monk1);
  /* The freed alias may now name a new tone. */
  g_assert_true(smp_presets_load_data(presets, "[skin-tone:fitzpatrick-1]\nskin=#ffeedd\n", -1,
                                      "user2.ini", &error));
  g_assert_no_error(error);
  g_assert_cmpstr(
      smp_preset_get_name(smp_presets_lookup(presets, SMP_PRESET_SKIN_TONE, "fitzpatrick-1")), ==,
      "fitzpatrick-1");
}

/* A folder with a broken file: the file is skipped with a message, the others load. */
static void
test_dir_skips_broken_file(void)
{
  gchar *dir = g_dir_make_tmp("smp-presets-XXXXXX", NULL);
  gchar *good = g_build_filename(dir, "a-good.ini", NULL);
  gchar *bad = g_build_filename(dir, "b-bad.ini", NULL);
  gchar *ignored = g_build_filename(dir, "notes.txt", NULL);
  g_autoptr(SmpPresets) presets = load_builtin();
  GPtrArray *messages = g_ptr_array_new_with_free_func(g_free);
  const SmpPreset *dark;

  g_assert_true(g_file_set_contents(good, "[hair-type:dark-brown]\ndensity=33\n", -1, NULL));
  g_assert_true(g_file_set_contents(bad, "[hair-type:dark-brown]\ndensity=44\nsize=1\n", -1, NULL));
  g_assert_true(g_file_set_contents(ignored, "not a preset", -1, NULL));
  g_assert_cmpuint(smp_presets_load_dir(presets, dir, messages), ==, 1);
  g_assert_cmpuint(messages->len, ==, 1);
  g_test_message("%s", (const gchar *)g_ptr_array_index(messages, 0));
  g_assert_true(g_str_has_prefix(g_ptr_array_index(messages, 0), bad));
  g_assert_nonnull(strstr(g_ptr_array_index(messages, 0), ":3: key 'size'"));
  dark = smp_presets_lookup(presets, SMP_PRESET_HAIR_TYPE, "dark-brown");
  g_assert_cmpfloat(smp_preset_get_double(dark, "density"), ==, 33.0);
  g_assert_cmpuint(smp_presets_load_dir(presets, "/nonexistent/smp", messages), ==, 0);

  g_remove(good), g_remove(bad), g_remove(ignored), g_rmdir(dir);
  g_free(good), g_free(bad), g_free(ignored), g_free(dir);
  g_ptr_array_unref(messages);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/presets/builtin/hair-types", test_builtin_hair_types);
  g_test_add_func("/presets/builtin/skin-tones", test_builtin_skin_tones);
  g_test_add_func("/presets/override-and-extend", test_override_and_extend);
  g_test_add_func("/presets/malformed", test_malformed);
  g_test_add_func("/presets/dir-skips-broken-file", test_dir_skips_broken_file);
  g_test_add_func("/presets/limits", test_limits);
  g_test_add_func("/presets/dir-hostile-files", test_dir_hostile_files);
  g_test_add_func("/presets/dir-too-many-files", test_dir_too_many_files);
  g_test_add_func("/presets/alias-override", test_alias_override);
  return g_test_run();
}
