/* Reference hashes: every op, and smp:follicle-dots with every built-in hair-type preset, rendered
 * with fixed properties over a fixed region; the MD5 of the "RGBA float" pixels must equal the
 * reference below. Any change of output, intended or not, fails here loudly (the idea of GEGL's
 * "reference-hash" operation key); the other op tests say whether a change is right.
 *
 * Updating after an intended change of output: run
 *     meson test -C build reference-hash --print-errorlogs
 * The last test lists a line  {"case", "new hash"},  for every case whose output changed, to paste
 * over its entry in `references`; say in the commit message why the output changed. A new built-in
 * preset fails the same way until its line is added; a removed one until its line is deleted. */
#include "scar-photo.h"
#include "smp-presets.h"
#include "smp-test-gegl.h"

#include <string.h>

/* The enum property that chooses what an op writes. */
#define OUTPUT_PROPERTY "output-mode"

typedef struct {
  const char *name;
  const char *md5;
} Reference;

static const Reference references[] = {
    {"follicle-dots", "42b975441301be7e5394dfa61cd6caf1"},
    {"follicle-dots stencil", "447cd2d4ec6102bb175a6cf9c4780cc6"},
    {"follicle-dots over-input healed", "f3e847e2e2cbcc2e90240bb187591040"},
    {"hairline-mask", "2454ca2f30d0a3c4ae08c2475d40ff79"},
    {"scar-camouflage", "94e0baec427596cd11a251fd1900e78b"},
    {"scar-camouflage dots", "83ab8fe702a08e59ba996cb1045e744f"},
    {"hair-type:black-coarse", "42173004b63de14c4920eeb4e0058031"},
    {"hair-type:black-afro", "93e93bc7ba6f57f14d7d5fca123902cc"},
    {"hair-type:black-fine", "6949a84f3df0838edea24ec3305aa626"},
    {"hair-type:dark-brown", "d85a9b18fe7f1680857714e8783ff94c"},
    {"hair-type:dark-brown-coarse", "df7d5451091e4e87d5390eabd155b6cc"},
    {"hair-type:medium-brown", "23d3d707708a242df4080ea5924961ec"},
    {"hair-type:light-brown", "7fa6c7b221fcd5f0ea7d81f2bc58e79c"},
    {"hair-type:blond", "86636e37723d61203e08502c0e299c9f"},
    {"hair-type:blond-fine", "29fcfa5fbfe11f9f48f30cd64a2e5f72"},
    {"hair-type:red", "ca573a17ee63746f1cf2b4961323023a"},
    {"hair-type:salt-and-pepper", "69658750acca1f9e6a2c7a4d76adb3ab"},
    {"hair-type:grey", "34bf3d33419ed8acc4778a1ffa11b732"},
    {"hair-type:white", "8bd94ed0e01a9a6acd86960bea6c0ea7"},
};

static GHashTable *checked; /* reference names compared so far */
static GString *changes;    /* the lines to paste for every case that changed */

/* Sets an enum property by its nick, as GIMP and presets do. */
static void
set_nick(GeglNode *node, const char *property, const char *nick)
{
  GParamSpec *pspec = gegl_node_find_property(node, property);
  g_assert_nonnull(pspec);
  GEnumValue *value = g_enum_get_value_by_nick(G_PARAM_SPEC_ENUM(pspec)->enum_class, nick);
  g_assert_nonnull(value);
  gegl_node_set(node, property, value->value, NULL);
}

/* Renders `roi` of `node` and compares the pixels' MD5 with the reference `name`. */
static void
check(const char *name, GeglNode *node, const GeglRectangle *roi)
{
  float *pixels = smp_test_render(node, roi, 0, "RGBA float");
  gchar *md5 = g_compute_checksum_for_data(G_CHECKSUM_MD5, (const guchar *)pixels,
                                           (gsize)roi->width * roi->height * 4 * sizeof(float));
  g_free(pixels);
  const Reference *reference = NULL;
  for (guint i = 0; i < G_N_ELEMENTS(references); i++)
    if (!strcmp(references[i].name, name))
      reference = &references[i];
  g_hash_table_add(checked, (gpointer)name);
  if (!reference || strcmp(reference->md5, md5))
    g_string_append_printf(changes, "    {\"%s\", \"%s\"}, /* was %s */\n", name, md5,
                           reference ? reference->md5 : "not there");
  g_free(md5);
}

static void
test_follicle_dots(void)
{
  GeglRectangle roi = {-40, -30, 300, 240};
  GeglNode *graph,
      *node = smp_test_op_new(&graph, "smp:follicle-dots", "ppi", 600.0, "density", 90.0,
                              "satellites", 0.5, "anisotropy", 0.4, "seed", 11, NULL);
  set_nick(node, OUTPUT_PROPERTY, "dots");
  check("follicle-dots", node, &roi);
  set_nick(node, OUTPUT_PROPERTY, "stencil");
  check("follicle-dots stencil", node, &roi);
  g_object_unref(graph);

  /* Over a density map that is also the image drawn over. */
  graph = gegl_node_new();
  GeglNode *map = gegl_node_new_child(graph, "operation", "gegl:radial-gradient", "start-x", 100.0,
                                      "start-y", 80.0, "end-x", 300.0, "end-y", 80.0, NULL);
  GeglNode *crop = gegl_node_new_child(graph, "operation", "gegl:crop", "x", -20.0, "y", -20.0,
                                       "width", 280.0, "height", 220.0, NULL);
  node = gegl_node_new_child(graph, "operation", "smp:follicle-dots", "ppi", 600.0, "density", 80.0,
                             "seed", 12, NULL);
  set_nick(node, OUTPUT_PROPERTY, "over-input");
  set_nick(node, "density-source", "input-luminance");
  set_nick(node, "appearance", "healed");
  gegl_node_link_many(map, crop, node, NULL);
  check("follicle-dots over-input healed", node, &roi);
  g_object_unref(graph);
}

static void
test_hairline_mask(void)
{
  GeglRectangle roi = {0, 0, 320, 240};
  GeglNode *graph, *node = smp_test_op_new(&graph, "smp:hairline-mask", "ppi", 40.0, "origin-x",
                                           160.0, "origin-y", 200.0, "seed", 5, NULL);
  check("hairline-mask", node, &roi);
  g_object_unref(graph);
}

static void
test_scar_camouflage(void)
{
  ScarPhotoSpec spec;
  scar_photo_spec_init(&spec, 354, 236); /* 30 x 20 mm at 300 ppi */
  spec.shape = SCAR_PHOTO_STRIP;
  spec.strip_mm = 5.0;
  ScarPhoto *photo = scar_photo_build(&spec);
  GeglRectangle rect = {0, 0, photo->width, photo->height};
  GeglBuffer *buffer = gegl_buffer_new(&rect, babl_format("R'G'B'A float"));
  gegl_buffer_set(buffer, &rect, 0, babl_format("R'G'B'A float"), photo->rgba, GEGL_AUTO_ROWSTRIDE);
  GeglNode *graph = gegl_node_new();
  GeglNode *source =
      gegl_node_new_child(graph, "operation", "gegl:buffer-source", "buffer", buffer, NULL);
  GeglNode *node = gegl_node_new_child(graph, "operation", "smp:scar-camouflage", "ppi", spec.ppi,
                                       "seed", 7, NULL);
  gegl_node_link(source, node);
  check("scar-camouflage", node, &rect);
  set_nick(node, OUTPUT_PROPERTY, "dots");
  check("scar-camouflage dots", node, &rect);
  g_object_unref(graph);
  g_object_unref(buffer);
  scar_photo_free(photo);
}

/* Every key of the preset that names a property of the op is set from the preset. */
static void
apply_preset(GeglNode *node, const SmpPreset *preset)
{
  for (const SmpPresetKey *key = smp_preset_kind_keys(SMP_PRESET_HAIR_TYPE); key->key; key++) {
    GParamSpec *pspec = gegl_node_find_property(node, key->key);
    if (!pspec)
      continue;
    if (key->type == SMP_PRESET_VALUE_DOUBLE && pspec->value_type == G_TYPE_DOUBLE)
      gegl_node_set(node, key->key, smp_preset_get_double(preset, key->key), NULL);
    else if (key->type == SMP_PRESET_VALUE_COLOR && pspec->value_type == GEGL_TYPE_COLOR) {
      GeglColor *color = gegl_color_new(smp_preset_get_string(preset, key->key));
      gegl_node_set(node, key->key, color, NULL);
      g_object_unref(color);
    }
  }
}

static void
test_hair_type_presets(void)
{
  gchar *path = g_build_filename(g_getenv("SMP_SOURCE_ROOT"), "presets", "hair-types.ini", NULL);
  SmpPresets *presets = smp_presets_new();
  GError *error = NULL;
  g_assert_true(smp_presets_load_file(presets, path, &error));
  g_assert_no_error(error);
  guint n = smp_presets_count(presets, SMP_PRESET_HAIR_TYPE);
  g_assert_cmpuint(n, >, 0);
  GeglRectangle roi = {0, 0, 200, 160};
  for (guint i = 0; i < n; i++) {
    const SmpPreset *preset = smp_presets_nth(presets, SMP_PRESET_HAIR_TYPE, i);
    GeglNode *graph,
        *node = smp_test_op_new(&graph, "smp:follicle-dots", "ppi", 600.0, "seed", 3, NULL);
    set_nick(node, OUTPUT_PROPERTY, "dots");
    apply_preset(node, preset);
    gchar *name = g_strdup_printf("hair-type:%s", smp_preset_get_name(preset));
    check(g_intern_string(name), node, &roi);
    g_free(name);
    g_object_unref(graph);
  }
  smp_presets_free(presets);
  g_free(path);
}

/* Every case rendered its reference, and every reference belongs to a case that still exists. */
static void
test_all_match(void)
{
  for (guint i = 0; i < G_N_ELEMENTS(references); i++)
    if (!g_hash_table_contains(checked, references[i].name))
      g_string_append_printf(changes, "    reference \"%s\" has no case any more: delete it\n",
                             references[i].name);
  if (changes->len)
    g_test_message("output changed; if intended, update `references`:\n%s", changes->str);
  g_assert_cmpuint(changes->len, ==, 0);
}

int
main(int argc, char **argv)
{
  smp_test_gegl_init(&argc, &argv);
  checked = g_hash_table_new(g_str_hash, g_str_equal);
  changes = g_string_new(NULL);
  g_test_add_func("/reference-hash/follicle-dots", test_follicle_dots);
  g_test_add_func("/reference-hash/hairline-mask", test_hairline_mask);
  g_test_add_func("/reference-hash/scar-camouflage", test_scar_camouflage);
  g_test_add_func("/reference-hash/hair-type-presets", test_hair_type_presets);
  g_test_add_func("/reference-hash/all-match", test_all_match);
  int status = g_test_run();
  g_hash_table_unref(checked);
  g_string_free(changes, TRUE);
  return smp_test_gegl_exit(status);
}
