/* Photos in and pages out, shared by the procedures: whether a photo's size is one the analyses
 * can measure and hold, and the PDF export of a page (the stencil, the marking plan, the band
 * template). */
#include <libgimp/gimp.h>
#include "smp-procedures.h"

gboolean
smp_plugin_check_photo_size(gint w, gint h, gdouble ppi, gdouble min_side_mm,
                            gdouble max_megapixels, const gchar *purpose, const gchar *crop_to,
                            GError **error)
{
  const gdouble w_mm = gimp_pixels_to_units(w, gimp_unit_mm(), ppi);
  const gdouble h_mm = gimp_pixels_to_units(h, gimp_unit_mm(), ppi);

  if (MIN(w_mm, h_mm) < min_side_mm) {
    g_set_error(error, SMP_ERROR, SMP_ERROR_BAD_IMAGE,
                "drawable: the photo is too small %s: %d x %d px at %g ppi is %.1f x %.1f mm; it "
                "needs at least %.0f mm on each side",
                purpose, w, h, ppi, w_mm, h_mm, min_side_mm);
    return FALSE;
  }
  if ((gdouble)w * h > max_megapixels * 1e6) {
    g_set_error(error, SMP_ERROR, SMP_ERROR_BAD_IMAGE,
                "drawable: the photo is too large %s at once: %d x %d px is %.0f megapixels, the "
                "limit is %.0f; crop it to %s or scale it down (and give the new ppi)",
                purpose, w, h, (gdouble)w * h / 1e6, max_megapixels, crop_to);
    return FALSE;
  }
  return TRUE;
}

gboolean
smp_plugin_export_pdf(GimpImage *image, GFile *file, GError **error)
{
  GimpProcedure *export = gimp_pdb_lookup_procedure(gimp_get_pdb(), "file-pdf-export");
  GimpImage *flat;
  GimpValueArray *result;
  gboolean ok;

  if (!export) {
    g_set_error(error, SMP_ERROR, SMP_ERROR_NOT_INSTALLED,
                "file: GIMP's PDF export (file-pdf-export) is not installed");
    return FALSE;
  }
  /* The PDF exporter ignores layer modes; a flattened copy prints what the canvas shows. */
  flat = gimp_image_duplicate(image);
  gimp_image_flatten(flat);
  result = gimp_procedure_run(export, "run-mode", GIMP_RUN_NONINTERACTIVE, "image", flat, "file",
                              file, NULL);
  ok = GIMP_VALUES_GET_ENUM(result, 0) == GIMP_PDB_SUCCESS;
  if (!ok) {
    const gchar *why = gimp_pdb_get_last_error(gimp_get_pdb());
    g_autofree gchar *name = g_file_get_parse_name(file);
    g_set_error(error, SMP_ERROR, SMP_ERROR_FAILED, "file: exporting '%s' failed: %s", name,
                why ? why : "unknown error");
  }
  gimp_value_array_unref(result);
  gimp_image_delete(flat);
  return ok;
}
