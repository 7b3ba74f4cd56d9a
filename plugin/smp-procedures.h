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
#include <libgimp/gimpui.h>

#include "smp-error.h"
#include "smp-presets.h"

G_BEGIN_DECLS

/* Executable and folder name, also passed to gimp_ui_init. */
#define SMP_PLUGIN_BINARY "smp-studio"
/* Every procedure's menu; the GEGL ops use the same path in their "gimp:menu-path" key. The
 * procedures, which add layers, are labelled "... Layer..."; the ops, filters on the active layer,
 * "... Filter...". */
#define SMP_MENU_PATH "<Image>/Filters/Render/Scalp Micropigmentation"
/* The resolution Exif records when the real one is unknown, so phone and camera photos carry it:
 * an image at this ppi has no real scale. GIMP 3.0.4 itself gives an image without a resolution
 * 300 ppi, which the plug-in cannot tell from a real 300 ppi (docs/gimp-gegl-notes.md, Images and
 * resolution). */
#define SMP_UNSCALED_PPI 72.0

typedef GimpProcedure *(*SmpProcedureCreate)(GimpPlugIn *plug_in);

/* A procedure that adds layers to an RGB or grayscale image, with or without selected drawables,
 * in the smp-studio menu under `menu_label`; the caller adds documentation and arguments. */
GimpProcedure *smp_plugin_layer_procedure_new(GimpPlugIn *plug_in, const gchar *name,
                                              GimpRunImageFunc run_func, const gchar *menu_label);

typedef struct {
  const gchar *name;         /* PDB name, e.g. "plug-in-smp-follicles" */
  SmpProcedureCreate create; /* builds the procedure for that name */
} SmpProcedureEntry;

GimpProcedure *smp_follicles_create(GimpPlugIn *plug_in);
GimpProcedure *smp_hairline_create(GimpPlugIn *plug_in);
GimpProcedure *smp_scar_camouflage_create(GimpPlugIn *plug_in);
GimpProcedure *smp_sessions_create(GimpPlugIn *plug_in);
GimpProcedure *smp_presets_create(GimpPlugIn *plug_in);
GimpProcedure *smp_calibrate_create(GimpPlugIn *plug_in);
GimpProcedure *smp_stencil_create(GimpPlugIn *plug_in);
GimpProcedure *smp_analyse_create(GimpPlugIn *plug_in);
GimpProcedure *smp_correction_create(GimpPlugIn *plug_in);

/* Shared by the procedures (plugin/smp-studio.c). ------------------------------------------ */

/* The presets: built-ins in the "presets" folder next to the executable, then the user's own in
 * <GIMP profile>/smp-studio/presets, which override and extend them. Loaded once per run; while
 * GIMP queries the plug-in at its start, the built-ins only, so no user file can delay GIMP. */
SmpPresets *smp_plugin_presets(void);
gchar *smp_plugin_builtin_presets_dir(void);
gchar *smp_plugin_user_presets_dir(void);
/* Messages about skipped preset files ("file:line: key '...': problem (file skipped)"). */
const GPtrArray *smp_plugin_preset_problems(void);
void smp_plugin_report_preset_problems(void);
/* A choice of the presets of a kind, for the dialog: each by its label (a skin tone's aliases in
 * its label). */
GimpChoice *smp_plugin_preset_choice(SmpPresetKind kind);
/* "Fitzpatrick 3" for the alias "fitzpatrick-3". */
gchar *smp_plugin_alias_label(const gchar *alias);
/* A choice of words as a string argument `name`, so that a script's unknown word reaches the
 * plug-in, which refuses it naming the valid ones (smp_plugin_check_arguments; a choice argument
 * would get the default instead, unseen), plus an aux choice "<name>-choice" that the dialogs
 * show (smp_plugin_sync_choices). */
void smp_plugin_add_choice_argument(GimpProcedure *procedure, const gchar *name, const gchar *label,
                                    const gchar *blurb, GimpChoice *choice,
                                    const gchar *default_nick);
/* The same for an op's enum property: the op's nicks, values and labels (core/smp-choices.h, the
 * one source of the words), without `omit` (may be NULL). */
void smp_plugin_add_op_choice_argument(GimpProcedure *procedure, const gchar *name,
                                       const gchar *label, const gchar *blurb,
                                       const gchar *operation, const gchar *default_nick,
                                       const gchar *omit);
/* Copies each string argument that has a choice to its dialog choice (to_choice; a preset alias
 * as its preset) or back; smp_dialog_new and smp_dialog_run do it for their dialogs. */
void smp_plugin_sync_choices(GimpProcedureConfig *config, gboolean to_choice);
GimpChoice *smp_plugin_op_choice(const gchar *operation, const gchar *property,
                                 const gchar *default_nick, const gchar *omit);
/* "black-coarse, dark-brown, ...": every name a script may pass. */
gchar *smp_plugin_preset_names(SmpPresetKind kind);
/* A preset argument named like the kind ("hair-type", "skin-tone"): a string, so that any name
 * reaches the plug-in and an unknown one gets an error listing the known ones, plus an aux choice
 * "<kind>-choice" that the dialogs show instead. */
void smp_plugin_add_preset_argument(GimpProcedure *procedure, SmpPresetKind kind,
                                    const gchar *label, const gchar *blurb, const gchar *preferred);
/* `preferred` if such a preset exists, else the first one. */
const gchar *smp_plugin_default_preset(SmpPresetKind kind, const gchar *preferred);
/* The preset chosen in the argument named like the kind. */
const SmpPreset *smp_plugin_config_preset(GimpProcedureConfig *config, SmpPresetKind kind,
                                          GError **error);
GeglColor *smp_plugin_preset_color(const SmpPreset *preset, const gchar *key);

/* Refuses indexed images with a message saying so. */
gboolean smp_plugin_check_image(GimpImage *image, GError **error);
/* Refuses what the PDB lets through: a number argument that is NaN (GLib's range check passes it),
 * a word that is not one of its argument's choices, and drawables of another image. `image` and
 * `drawables` may be NULL. */
gboolean smp_plugin_check_arguments(GimpImage *image, GimpDrawable **drawables,
                                    GimpProcedureConfig *config, GError **error);
/* The babl space of the image's colour profile (its built-in one without a profile), in which the
 * ops get their colours. */
const Babl *smp_plugin_image_space(GimpImage *image);
/* Pixels per millimetre at `ppi`, through GIMP's millimetre unit. */
gdouble smp_plugin_px_per_mm(gdouble ppi);
/* A photo of w x h px at `ppi` at least `min_side_mm` on each side and at most `max_megapixels`;
 * the messages say "too small <purpose>" and "crop it to <crop_to>". */
gboolean smp_plugin_check_photo_size(gint w, gint h, gdouble ppi, gdouble min_side_mm,
                                     gdouble max_megapixels, const gchar *purpose,
                                     const gchar *crop_to, GError **error);
/* Exports a flattened copy of `image` to the PDF `file` with GIMP's file-pdf-export. */
gboolean smp_plugin_export_pdf(GimpImage *image, GFile *file, GError **error);
/* TRUE when the image is at SMP_UNSCALED_PPI. */
gboolean smp_plugin_image_unscaled(GimpImage *image);
/* The scale to work at: `ppi_argument` when > 0, else the image resolution. An unscaled image is
 * an error outside interactive mode and a warning inside it. */
gboolean smp_plugin_image_ppi(GimpImage *image, gdouble ppi_argument, GimpRunMode run_mode,
                              gdouble *ppi, GError **error);

/* Where new output goes: the selection's bounds, else the drawable's area (else the image), in
 * image coordinates, above the drawable's layer (or its mask's layer) in the same group. */
typedef struct {
  GimpImage *image;
  GimpLayer *anchor;      /* NULL: on top of `parent` */
  GimpGroupLayer *parent; /* with no anchor: the group to add to; NULL = the image's top level */
  gint x, y, width, height;
  gboolean has_selection;
} SmpTarget;

void smp_plugin_target_area(GimpImage *image, GimpDrawable *drawable, SmpTarget *target);
/* A new transparent layer (RGBA or GRAYA like the image) covering the target, inserted above the
 * anchor. */
GimpLayer *smp_plugin_add_layer(const SmpTarget *target, const gchar *name);
void smp_plugin_insert_layer(const SmpTarget *target, GimpLayer *layer);
/* The pixels of a drawable as R'G'B'A u8 (g_free), and in *selection the selection's mask over it
 * (Y u8, g_free; NULL without a selection), for the analyses in the core. */
guint8 *smp_plugin_read_pixels(GimpImage *image, GimpDrawable *drawable, guint8 **selection);
/* A new RGBA layer over the target, at `opacity` (0..100), holding `pixels` (R'G'B'A u8 of the
 * target's size), inserted above the anchor. */
GimpLayer *smp_plugin_add_pixel_layer(const SmpTarget *target, const gchar *name, gdouble opacity,
                                      const guint8 *pixels);
/* The selected part of a drawable in px² (all of it without a selection), weighted by the
 * drawable's alpha when `by_alpha`. */
gdouble smp_plugin_weighted_area(GimpDrawable *drawable, gboolean by_alpha);
/* With a selection, gives the layer a mask of the selection's shape (applied when `apply`). */
void smp_plugin_mask_to_selection(const SmpTarget *target, GimpLayer *layer, gboolean apply);

/* A filter of an smp op on a drawable; NULL with a clear error when the op is not installed. */
GimpDrawableFilter *smp_plugin_new_filter(GimpDrawable *drawable, const gchar *operation,
                                          const gchar *title, GError **error);
/* Non-destructive (appended to the layer's effects) or baked when `merge`. */
void smp_plugin_finish_filter(GimpDrawable *drawable, GimpDrawableFilter *filter, gboolean merge);

/* Dialogs (plugin/smp-dialog.c): a GimpProcedureDialog with a note about non-destructive
 * effects and, on an unscaled image, a warning; smp_dialog_run fills it with the NULL-terminated
 * argument names (a preset argument shows as its choice), runs it and destroys it. */
GtkWidget *smp_dialog_new(GimpProcedure *procedure, GimpProcedureConfig *config, GimpImage *image,
                          const gchar *title);
gboolean smp_dialog_run(GtkWidget *dialog, GimpImage *image, const gchar *first_argument,
                        ...) G_GNUC_NULL_TERMINATED;
/* A live preview on the canvas while the dialog is open: `run`, the procedure's own run function,
 * called non-interactively with a copy of the dialog's arguments after each change, its layers
 * removed at the next change and before smp_dialog_run returns, outside the undo history. Needs
 * the aux argument of smp_add_preview_argument, the dialog's "Preview" switch. */
void smp_dialog_add_preview(GtkWidget *dialog, GimpImage *image, GimpDrawable **drawables,
                            GimpRunImageFunc run);
void smp_add_preview_argument(GimpProcedure *procedure);
/* TRUE while a preview runs a procedure: messages are left out. */
gboolean smp_plugin_previewing(void);

/* The head's surface (plugin/smp-surface-args.c), for procedures that draw follicle dots. ---- */

/* The arguments that configure smp:follicle-dots' surface mode (docs/head-model.md), under the
 * op's property names: surface, head-height and, unless the procedure has them already from the
 * hairline (`with_placement` FALSE), view, origin-x, origin-y, angle, head-width, head-length. */
void smp_surface_add_arguments(GimpProcedure *procedure, gboolean with_placement);

typedef struct {
  gboolean dome;
  gint view;                                    /* SmpHeadView, the op's view choice id */
  gdouble origin_x, origin_y;                   /* image pixels; < 0: the middle of the target */
  gdouble angle;                                /* degrees */
  gdouble head_width, head_length, head_height; /* mm */
  gint layer_x, layer_y;                        /* where the dot layer starts in the image */
} SmpSurfaceRequest;

void smp_surface_request_init(SmpSurfaceRequest *surface);
/* Reads those of the arguments the config has; the rest keep the op's defaults. */
void smp_surface_from_config(SmpSurfaceRequest *surface, GimpProcedureConfig *config);
/* Places a negative origin in the middle of the target, whose origin the dot layer takes. */
void smp_surface_place(SmpSurfaceRequest *surface, const SmpTarget *target);
/* Sets the op's surface properties of a smp:follicle-dots filter on a layer placed at the target.
 */
/* The same for a smp:hairline-mask filter: its surface and head-height (the rest of the head is
 * the design's). */
gboolean smp_surface_configure_hairline(const SmpSurfaceRequest *surface,
                                        GimpDrawableFilter *filter, GError **error);
gboolean smp_surface_configure(const SmpSurfaceRequest *surface, GimpDrawableFilter *filter,
                               GError **error);
/* The skin area (cm²) under a target at `ppi`: the selected part of it (all of it without a
 * selection), weighted by the alpha of `weights` (a layer at the target; NULL: 1) — on the dome
 * the skin the pixels show, flat the picture's area. */
gdouble smp_surface_skin_area(const SmpSurfaceRequest *surface, gdouble ppi,
                              const SmpTarget *target, GimpDrawable *weights, GError **error);

/* Dots (plugin/proc-follicles.c), shared by every procedure that draws follicle dots. ------- */

/* The arguments hair-type, skin-tone, density, dot-size, dilution, coverage (unless a procedure
 * plans its own coverages), seed, appearance, years, graded-zone. */
void smp_add_dots_arguments(GimpProcedure *procedure, gboolean with_coverage);
/* The arguments density-from and density-source: a layer whose alpha or luminance scales the
 * density. */
void smp_add_density_from_arguments(GimpProcedure *procedure);
/* The arguments merge and ppi. */
void smp_add_common_arguments(GimpProcedure *procedure);

typedef struct {
  const SmpPreset *hair, *skin;
  gdouble ppi;
  gdouble density;  /* impressions/cm²; 0 = the hair type's */
  gdouble dot_size; /* mm; 0 = the hair type's */
  gdouble coverage; /* 0..1 */
  guint seed;
  const gchar *appearance;     /* "fresh" or "healed" */
  gdouble years;               /* healed appearance this many years after treatment, 0..10 */
  GimpDrawable *density_from;  /* owned; NULL = uniform (unless density_from_input) */
  gboolean density_from_input; /* the layer's own pixels (or effects) are the density map */
  const gchar *density_source; /* "input-alpha" or "input-luminance" */
  gboolean graded_zone;        /* a hairline's transition graded: single-hair units in front */
  gdouble dilution;            /* parts of water per part of pigment; < 0 = the presets' */
  gdouble extra_water;         /* parts of water added to the shade (lighter early sessions) */
  const Babl *space;           /* the image's colour space (smp_plugin_image_space); NULL = sRGB */
  gchar *appearance_owned, *density_source_owned;
  SmpSurfaceRequest surface; /* flat, or the head's dome */
  /* Fringe matching (plugin/smp-match-args.c): when `matched`, the density, dot size, pigment, skin
   * and dilution come from the client's fringe instead of the presets (explicit density, dot-size
   * and dilution arguments still win; the shade is solved for them). Colours are linear RGB. */
  gboolean matched;
  gdouble match_density, match_dot_size, match_dilution;
  gdouble match_pigment[3], match_skin[3];
  gboolean match_reached; /* FALSE: the nearest shade, the fringe being darker than dots reach */
  /* The client's current hair (plugin/smp-match-args.c): removed from the density map. Owned. */
  GimpDrawable *client_hair;
} SmpDotsRequest;

/* Upper bound of the dilution (parts of water per part of pigment), as smp:follicle-dots'. */
#define SMP_DILUTION_MAX 40.0

/* The dilution smp:follicle-dots gets: the request's, or the hair type's plus the skin tone's
 * dilution-offset, plus extra_water; within 0..SMP_DILUTION_MAX. */
gdouble smp_dots_request_dilution(const SmpDotsRequest *request);

/* The dot colour of a hair type on a skin tone as deposited (the presets' dilution and
 * `extra_water`, over that skin), for smp:scar-camouflage's dot-color. */
GeglColor *smp_dots_dot_color(const SmpPreset *hair, const SmpPreset *skin, gdouble extra_water);

void smp_dots_request_init(SmpDotsRequest *request);
/* Reads the arguments of smp_add_dots_arguments. */
gboolean smp_dots_request_from_config(SmpDotsRequest *request, GimpProcedureConfig *config,
                                      GError **error);
/* Reads the arguments of smp_add_density_from_arguments; a layer of another image is refused. */
gboolean smp_dots_request_density_from_config(SmpDotsRequest *request, GimpProcedureConfig *config,
                                              GimpImage *image, GError **error);
void smp_dots_request_clear(SmpDotsRequest *request);
/* g_auto(SmpDotsRequest) request = {0}: cleared when it goes out of scope. */
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(SmpDotsRequest, smp_dots_request_clear)
gdouble smp_dots_request_density(const SmpDotsRequest *request);
gdouble smp_dots_request_dot_size(const SmpDotsRequest *request);
/* CIE L* by which the request's dots, healed `years` after the treatment, darken its skin tone as
 * seen from a distance (the core's dot model, docs/healed-appearance.md), with the colours in the
 * request's space as the op has them there, and L* from babl: no rendering. */
gdouble smp_dots_request_darkening(const SmpDotsRequest *request, gdouble years);
/* Sets every smp:follicle-dots property of a filter from the request. */
void smp_dots_request_configure(const SmpDotsRequest *request, GimpDrawableFilter *filter);
/* A new layer over the target with the dots as an effect (baked when `merge`), inside the
 * caller's undo group. `area_px` (may be NULL) receives the area the dots may cover in px²: the
 * selected part of the target, weighted by the density map's alpha when there is one. */
GimpLayer *smp_dots_request_add_layer(const SmpDotsRequest *request, const SmpTarget *target,
                                      const gchar *name, gboolean merge, gdouble *area_px,
                                      GError **error);
/* "<what> (<hair label>, <skin label>)" */
gchar *smp_dots_request_layer_name(const SmpDotsRequest *request, const gchar *what);

/* The pixels of a photo layer as R'G'B'A u8, and of the selection over it (NULL without one):
 * for the analyses of the core (plugin/smp-thinning-layer.c). */
guint8 *smp_plugin_read_photo(GimpImage *image, GimpDrawable *drawable, guint8 **selection);
/* Women's thinning: a new layer over the photo whose follicle dots (an effect, baked when `merge`)
 * lie only on the scalp showing between its long strands, at a density following how much shows,
 * in a lighter shade (docs/thinning.md); inside the caller's undo group. `scalp_visible` (may be
 * NULL) receives the share of the long hair's area where the scalp shows. NULL and `error` when
 * the photo shows no such scalp. */
GimpLayer *smp_thinning_add_layer(const SmpDotsRequest *request, GimpDrawable *photo,
                                  const gchar *name, gboolean merge, gdouble *scalp_visible,
                                  GError **error);

/* The return values of a successful run (the caller sets its values from index 1), the displays
 * updated unless the run is non-interactive. A failed run returns
 * gimp_procedure_new_return_values(procedure, status, error) and shows no message of its own:
 * GIMP shows the error of a procedure run from its menus (docs/gimp-gegl-notes.md, Errors). */
GimpValueArray *smp_plugin_success(GimpProcedure *procedure, GimpRunMode run_mode);
/* A run whose result is one new layer (the first return value), or NULL with `error` set. */
GimpValueArray *smp_plugin_layer_result(GimpProcedure *procedure, GimpRunMode run_mode,
                                        GimpLayer *layer, GError *error);

G_END_DECLS

#endif /* SMP_PROCEDURES_H */
