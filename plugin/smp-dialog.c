/* The procedures' dialogs: a GimpProcedureDialog with a note about non-destructive effects and,
 * on an image without a real resolution, a warning; filled with the procedure's arguments (a
 * preset or word argument shown as its choice), run and destroyed. The live preview is
 * plugin/smp-preview.c.
 */
#include <stdarg.h>

#include <libgimp/gimp.h>
#include <libgimp/gimpui.h>

#include "smp-procedures.h"

/* A note wraps, or its one long line would set the width of the whole dialog. */
static void
wrap_note(GtkWidget *label)
{
  gtk_label_set_line_wrap(GTK_LABEL(label), TRUE);
  gtk_label_set_max_width_chars(GTK_LABEL(label), 60);
  gtk_label_set_xalign(GTK_LABEL(label), 0.0);
}

GtkWidget *
smp_dialog_new(GimpProcedure *procedure, GimpProcedureConfig *config, GimpImage *image,
               const gchar *title)
{
  GtkWidget *dialog;

  gimp_ui_init(SMP_PLUGIN_BINARY);
  dialog = gimp_procedure_dialog_new(procedure, config, title);
  smp_plugin_sync_choices(config, TRUE);
  wrap_note(gimp_procedure_dialog_get_label(
      GIMP_PROCEDURE_DIALOG(dialog), "nde-note",
      "Unless merged, the result is an editable effect on a new layer; an XCF opened where the "
      "smp-ops module is not installed drops such effects.",
      FALSE, FALSE));
  if (smp_plugin_image_unscaled(image))
    wrap_note(gimp_procedure_dialog_get_label(
        GIMP_PROCEDURE_DIALOG(dialog), "scale-warning",
        "<b>This image has 72 ppi, what cameras record when they do not know the real "
        "resolution.</b> Calibrate it first (Calibrate Scale...) or give its real resolution in "
        "ppi, or sizes in mm will be wrong.",
        TRUE, FALSE));
  return dialog;
}

gboolean
smp_dialog_run(GtkWidget *dialog, GimpImage *image, const gchar *first_argument, ...)
{
  GimpProcedureConfig *config = NULL;
  GList *names = NULL;
  const gchar *name = first_argument;
  va_list args;
  gboolean run;

  g_object_get(dialog, "config", &config, NULL);
  if (smp_plugin_image_unscaled(image))
    names = g_list_append(names, (gpointer) "scale-warning");
  va_start(args, first_argument);
  for (; name; name = va_arg(args, const gchar *)) {
    /* A preset argument shows as its choice. */
    g_autofree gchar *choice = g_strconcat(name, "-choice", NULL);
    if (g_object_class_find_property(G_OBJECT_GET_CLASS(config), choice))
      name = g_intern_string(choice);
    names = g_list_append(names, (gpointer)name);
  }
  va_end(args);
  names = g_list_append(names, (gpointer) "nde-note");
  if (g_object_get_data(G_OBJECT(dialog), "smp-preview"))
    names = g_list_append(names, (gpointer) "preview");
  gimp_procedure_dialog_fill_list(GIMP_PROCEDURE_DIALOG(dialog), names);
  g_list_free(names);
  run = gimp_procedure_dialog_run(GIMP_PROCEDURE_DIALOG(dialog));
  /* The preview's layers go before the procedure makes its own, with their undo step. */
  g_object_set_data(G_OBJECT(dialog), "smp-preview", NULL);
  if (run)
    smp_plugin_sync_choices(config, FALSE);
  gtk_widget_destroy(dialog);
  g_object_unref(config);
  return run;
}
