/* Live previews in the procedure dialogs (plugin/smp-procedures.h, smp_dialog_add_preview).
 *
 * The preview is the procedure's own result: its run function, called with a copy of the dialog's
 * arguments, makes its layers on the canvas, and they are removed at the next change and when the
 * dialog closes. GIMP renders them for the display's zoom only, so a preview of a large photo
 * costs what the screen shows. The undo history is frozen meanwhile, so that nothing of the
 * preview is in it; the layer selection and the image's clean state are put back afterwards
 * (docs/gimp-gegl-notes.md, Previews in procedure dialogs).
 */
#include <libgimp/gimp.h>
#include <libgimp/gimpui.h>

#include "smp-procedures.h"

/* TRUE while a preview runs a procedure: its messages would repeat at every change. */
static gboolean previewing;

gboolean
smp_plugin_previewing(void)
{
  return previewing;
}

typedef struct {
  GimpProcedure *procedure;
  GimpProcedureConfig *config; /* the dialog's */
  GimpImage *image;
  GimpDrawable **drawables; /* NULL-terminated copy */
  GimpRunImageFunc run;
  GList *layers;        /* the preview's layers */
  GimpLayer **selected; /* the image's selected layers before the preview */
  gboolean was_dirty;
  guint timeout;
  gulong handler;
} SmpPreview;

/* Every layer of the image, groups and their children included, by id. */
static void
collect_layers(GimpLayer **layers, GHashTable *into)
{
  for (gint i = 0; layers && layers[i]; i++) {
    g_hash_table_add(into, GINT_TO_POINTER(gimp_item_get_id(GIMP_ITEM(layers[i]))));
    if (gimp_item_is_group(GIMP_ITEM(layers[i]))) {
      GimpItem **children = gimp_item_get_children(GIMP_ITEM(layers[i]));
      collect_layers((GimpLayer **)children, into);
      g_free(children);
    }
  }
}

static GHashTable *
layer_ids(GimpImage *image)
{
  GHashTable *ids = g_hash_table_new(NULL, NULL);
  GimpLayer **layers = gimp_image_get_layers(image);
  collect_layers(layers, ids);
  g_free(layers);
  return ids;
}

static void
preview_clear(SmpPreview *preview)
{
  for (GList *l = preview->layers; l; l = l->next)
    if (gimp_item_is_valid(l->data))
      gimp_image_remove_layer(preview->image, l->data);
  g_list_free_full(preview->layers, g_object_unref);
  preview->layers = NULL;
  gimp_image_set_selected_layers(preview->image, (const GimpLayer **)preview->selected);
}

static GimpProcedureConfig *
config_copy(SmpPreview *preview)
{
  GimpProcedureConfig *copy = gimp_procedure_create_config(preview->procedure);
  guint n = 0;
  GParamSpec **specs = g_object_class_list_properties(G_OBJECT_GET_CLASS(preview->config), &n);

  for (guint i = 0; i < n; i++) {
    g_auto(GValue) value = G_VALUE_INIT;
    if (!(specs[i]->flags & G_PARAM_WRITABLE) || (specs[i]->flags & G_PARAM_CONSTRUCT_ONLY))
      continue;
    g_value_init(&value, specs[i]->value_type);
    g_object_get_property(G_OBJECT(preview->config), specs[i]->name, &value);
    g_object_set_property(G_OBJECT(copy), specs[i]->name, &value);
  }
  g_free(specs);
  smp_plugin_sync_choices(copy, FALSE);
  return copy;
}

static gboolean
preview_update(gpointer data)
{
  SmpPreview *preview = data;
  gboolean enabled = FALSE;

  preview->timeout = 0;
  preview_clear(preview);
  g_object_get(preview->config, "preview", &enabled, NULL);
  if (enabled) {
    GHashTable *before = layer_ids(preview->image), *after;
    GimpProcedureConfig *copy = config_copy(preview);
    GHashTableIter iter;
    gpointer id;

    previewing = TRUE;
    gimp_value_array_unref(preview->run(preview->procedure, GIMP_RUN_NONINTERACTIVE, preview->image,
                                        preview->drawables, copy, NULL));
    previewing = FALSE;
    g_object_unref(copy);
    after = layer_ids(preview->image);
    g_hash_table_iter_init(&iter, after);
    while (g_hash_table_iter_next(&iter, &id, NULL))
      if (!g_hash_table_contains(before, id)) {
        GimpLayer *layer = gimp_layer_get_by_id(GPOINTER_TO_INT(id));
        /* Removing a group removes what it holds: only the outermost new layers are kept. */
        GimpItem *parent = gimp_item_get_parent(GIMP_ITEM(layer));
        if (!parent || g_hash_table_contains(before, GINT_TO_POINTER(gimp_item_get_id(parent))))
          preview->layers = g_list_prepend(preview->layers, g_object_ref(layer));
      }
    g_hash_table_unref(before);
    g_hash_table_unref(after);
    /* The procedure selected its new layers; the preview leaves the selection as it was. */
    gimp_image_set_selected_layers(preview->image, (const GimpLayer **)preview->selected);
  }
  gimp_displays_flush();
  return G_SOURCE_REMOVE;
}

/* A change waits for the next one a moment, so that dragging a slider renders once. */
static void
preview_schedule(GimpProcedureConfig *config, GParamSpec *pspec, SmpPreview *preview)
{
  if (preview->timeout)
    g_source_remove(preview->timeout);
  preview->timeout = g_timeout_add(300, preview_update, preview);
}

static void
preview_free(SmpPreview *preview)
{
  if (preview->timeout)
    g_source_remove(preview->timeout);
  g_signal_handler_disconnect(preview->config, preview->handler);
  preview_clear(preview);
  gimp_image_undo_thaw(preview->image);
  if (!preview->was_dirty)
    gimp_image_clean_all(preview->image);
  gimp_displays_flush();
  g_free(preview->drawables);
  g_free(preview->selected);
  g_free(preview);
}

void
smp_add_preview_argument(GimpProcedure *procedure)
{
  gimp_procedure_add_boolean_aux_argument(procedure, "preview", "_Preview",
                                          "Show the result on the canvas while the dialog is open",
                                          TRUE, G_PARAM_READWRITE);
}

void
smp_dialog_add_preview(GtkWidget *dialog, GimpImage *image, GimpDrawable **drawables,
                       GimpRunImageFunc run)
{
  SmpPreview *preview = g_new0(SmpPreview, 1);
  gint n = 0;

  g_object_get(dialog, "procedure", &preview->procedure, "config", &preview->config, NULL);
  /* The dialog holds both for as long as the preview lives. */
  g_object_unref(preview->procedure);
  g_object_unref(preview->config);
  preview->image = image;
  preview->run = run;
  while (drawables && drawables[n])
    n++;
  preview->drawables = g_new0(GimpDrawable *, n + 1);
  for (gint i = 0; i < n; i++)
    preview->drawables[i] = drawables[i];
  preview->selected = gimp_image_get_selected_layers(image);
  preview->was_dirty = gimp_image_is_dirty(image);
  gimp_image_undo_freeze(image);
  preview->handler =
      g_signal_connect(preview->config, "notify", G_CALLBACK(preview_schedule), preview);
  preview_schedule(preview->config, NULL, preview);
  g_object_set_data_full(G_OBJECT(dialog), "smp-preview", preview, (GDestroyNotify)preview_free);
}
