/* The stencil's two extra pages (plugin/smp-marking-plan.c): the marking plan (the landmarks to
 * mark on the head and the tape lengths between them along the skin, a diagram and a table) and
 * the hairline band template, flattened from the head's surface at true skin scale. The geometry
 * is the core's (filters/core/smp-head-plan.h, smp-head-band.h; docs/head-model.md). */
#ifndef SMP_MARKING_PLAN_H
#define SMP_MARKING_PLAN_H

#include <libgimp/gimp.h>

#include "smp-hairline.h"

G_BEGIN_DECLS

typedef struct {
  GimpImage *plan; /* the marking plan page (A4 portrait) */
  GimpImage *band; /* the band template page, at true scale */
  gdouble band_length_mm, band_distortion_mm;
} SmpMarkingPages;

/* Both pages for a design (its head sizes, stage, shape and whorl) on a head `head_height` mm
 * high, with text in `font` (NULL: none). New images without history; FALSE with `error` set
 * (naming what does not fit) and no image left behind otherwise. */
gboolean smp_marking_pages_new(const SmpHairlineParams *design, gdouble head_height, GimpFont *font,
                               SmpMarkingPages *pages, GError **error);

/* Exports the pages next to the stencil's PDF: <name>-marking-plan.pdf, <name>-band.pdf. */
gboolean smp_marking_pages_export(const SmpMarkingPages *pages, GFile *stencil_file,
                                  GError **error);

/* The stencil's legend, top right: what each line and zone is, the client's left and right as the
 * view shows them, and `session` (the session and its shade; may be NULL). Text layers in
 * `labels`, on paper that hides the design under them. */
void smp_stencil_legend(GimpImage *image, GimpLayer *labels, GimpFont *font, gdouble px_per_mm,
                        const SmpHairlineParams *design, gboolean dots, const gchar *session);

/* The arguments session, hair-type and skin-tone of the stencil, and the line they print:
 * "Session 2, shade: Dark brown on Monk 4, 12.0 parts of water". */
void smp_stencil_add_session_arguments(GimpProcedure *procedure);
gchar *smp_stencil_session_text(GimpProcedureConfig *config, GError **error);

G_END_DECLS

#endif /* SMP_MARKING_PLAN_H */
