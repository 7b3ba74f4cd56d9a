/* The procedures of the smp-studio plug-in.
 *
 * One executable registers every smp-studio PDB procedure. Each procedure lives in its own
 * plugin/proc-<name>.c and exports one create function, which builds the GimpProcedure (arguments,
 * menu, documentation) and binds its own static run function. plugin/smp-studio.c lists them in
 * its procedure table; query_procedures and create_procedure dispatch through that table.
 */
#ifndef SMP_PROCEDURES_H
#define SMP_PROCEDURES_H

#include <libgimp/gimp.h>

G_BEGIN_DECLS

/* Executable and folder name, also passed to gimp_ui_init. */
#define SMP_PLUGIN_BINARY "smp-studio"
/* Every procedure's menu; the GEGL ops use the same path in their "gimp:menu-path" key. */
#define SMP_MENU_PATH "<Image>/Filters/Render/Scalp Micropigmentation"
/* GIMP's default resolution: an image at this ppi carries no real scale. */
#define SMP_UNSCALED_PPI 72.0
#define SMP_MM_PER_INCH 25.4

typedef GimpProcedure *(*SmpProcedureCreate) (GimpPlugIn *plug_in);

typedef struct {
  const gchar *name;         /* PDB name, e.g. "plug-in-smp-follicles" */
  SmpProcedureCreate create; /* builds the procedure for that name */
} SmpProcedureEntry;

GimpProcedure *smp_follicles_create (GimpPlugIn *plug_in);
GimpProcedure *smp_hairline_create (GimpPlugIn *plug_in);
GimpProcedure *smp_scar_camouflage_create (GimpPlugIn *plug_in);
GimpProcedure *smp_sessions_create (GimpPlugIn *plug_in);
GimpProcedure *smp_presets_create (GimpPlugIn *plug_in);
GimpProcedure *smp_calibrate_create (GimpPlugIn *plug_in);
GimpProcedure *smp_stencil_create (GimpPlugIn *plug_in);

G_END_DECLS

#endif /* SMP_PROCEDURES_H */
