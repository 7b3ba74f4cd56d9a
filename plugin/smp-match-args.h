/* Fringe matching and the client's hair from the photo, for the procedures that draw dots
 * (plugin/smp-match-args.c; docs/fringe-matching.md). */
#ifndef SMP_MATCH_ARGS_H
#define SMP_MATCH_ARGS_H

#include "smp-dots.h"
#include "smp-procedures.h"

G_BEGIN_DECLS

/* The dots core's parameters of a request (density, dot size, coverage, the hair type's jitters
 * and hair mix, appearance, years; the skin's reflectance left at its default). */
void smp_dots_request_params(const SmpDotsRequest *request, SmpDotsParams *params);

/* The argument "match-from" (a drawable whose alpha marks a sample of the client's fringe on the
 * photo) and, with `client_hair`, "client-hair" (a drawable whose alpha is the client's current
 * hair, e.g. the analysis's hair or stubble layer). */
void smp_match_add_arguments(GimpProcedure *procedure, gboolean client_hair);
/* "client-hair" alone (the stencil, which matches no fringe). */
void smp_match_add_client_hair_argument(GimpProcedure *procedure);

/* Reads match-from and client-hair (those the procedure has) into a request whose ppi is set:
 * with a sample, the photo (`photo`, the drawable the procedure runs on) is analysed there and
 * over `target`, and the density, dot size and shade are solved (smp-match.h). FALSE with an
 * error naming the argument when the sample shows no fringe, the photo is not a colour layer,
 * or a drawable belongs to another image. `report` (may be NULL) receives a line on the match. */
gboolean smp_match_request_from_config(SmpDotsRequest *request, GimpProcedureConfig *config,
                                       GimpImage *image, GimpDrawable *photo,
                                       const SmpTarget *target, gchar **report, GError **error);

/* The name of the parasite that holds the match's report on the dot layers it made. */
#define SMP_MATCH_PARASITE "smp-match"

/* After a matched run: the report as a parasite of `layer` (may be NULL), and as a message in
 * interactive mode or when the fringe's shade could not be reached. */
void smp_match_note(const SmpDotsRequest *request, GimpLayer *layer, const gchar *report,
                    GimpRunMode run_mode);

/* The matched pigment and skin into the colours given to smp:follicle-dots. */
void smp_match_request_colors(const SmpDotsRequest *request, GeglColor *pigment, GeglColor *skin);

/* Takes the client's hair out of `drawable`'s alpha (a density map; its effects so far are baked
 * first): the area to treat, blended into the fringe's edge (docs/fringe-matching.md). Does
 * nothing without request->client_hair. */
gboolean smp_match_subtract_client_hair(const SmpDotsRequest *request, GimpDrawable *drawable,
                                        GError **error);

/* The parts of smp_match_subtract_client_hair, for a drawable in another image or at another
 * scale than the client's hair (the stencil): a hidden layer in `image` holding the client-hair
 * drawable eased at `ppi` (its image's), cut to `needed` (rectangle in the client-hair image's
 * pixels; NULL: all of it) and what the easing reads around it, at its own image position; NULL
 * without an error when `needed` holds none of it. The caller may move and scale it, then... */
GimpLayer *smp_match_eased_client_hair(GimpDrawable *client_hair, gdouble ppi, GimpImage *image,
                                       const GeglRectangle *needed, GError **error);
/* ...takes it out of `drawable`'s alpha (its effects so far baked first) and removes it. */
gboolean smp_match_take_out_client_hair(GimpDrawable *drawable, GimpLayer *eased, GError **error);

G_END_DECLS

#endif /* SMP_MATCH_ARGS_H */
