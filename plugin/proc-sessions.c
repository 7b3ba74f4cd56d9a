/* plug-in-smp-sessions: a treatment plan of several sessions (rounds), one layer per session.
 *
 * SMP is applied in 2-4 sessions that build density (e.g. 30 %, 70 %, 100 %), lighter shades
 * first (docs/dots-and-density.md, Treatment rounds). smp:follicle-dots gives nested subsets for
 * growing coverages, so session k shows the dots of coverage c_k minus those of c_(k-1): a group
 * holding the dots at c_k with the dots at c_(k-1) above it in Erase mode, which cuts out the
 * earlier sessions' dots without touching pixels. The plan's report (impressions per session,
 * treated area, time at a practitioner's pace plus the setting up of each session, and when the
 * healed result will want a touch-up) is returned to scripts and shown live in the dialog; its
 * model and its agreement with published session lengths: docs/impression-model.md.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <libgimp/gimp.h>
#include <libgimp/gimpui.h>

#include "smp-hairline-args.h"
#include "smp-match-args.h"
#include "smp-color.h"
#include "smp-procedures.h"

#define SESSIONS_PROC "plug-in-smp-sessions"
#define MAX_SESSIONS 6
/* Hours of a session spent other than needling (docs/impression-model.md): the first session
 * marks the design on the scalp and agrees it with the client; later ones prepare and numb. */
#define FIRST_SESSION_SETUP_HOURS 1.0
#define LATER_SESSION_SETUP_HOURS 0.5
/* A touch-up is due when the healed treatment darkens the scalp by less than this share of what
 * it did when healed (docs/healed-appearance.md, Touch-ups). */
#define TOUCH_UP_THRESHOLD 0.75
#define TOUCH_UP_YEAR_STEP 0.1

typedef struct {
  gint n;
  gdouble coverage[MAX_SESSIONS]; /* cumulative, increasing, in (0, 1] */
} CoveragePlan;

/* The plan's dot counts are returned as 32-bit integers ('session-dots', 'total-dots'): a plan of
 * more dots is refused. A real scalp takes a few hundred thousand. */
#define MAX_PLAN_DOTS G_MAXINT32

typedef struct {
  CoveragePlan plan;
  gdouble area_cm2;            /* treated area in the picture, weighted by the density map */
  gdouble skin_cm2;            /* the skin it shows: on the dome more than in the picture */
  gint32 dots[MAX_SESSIONS];   /* new dots per session */
  gdouble hours[MAX_SESSIONS]; /* at the pace */
  gint32 total_dots;
  gdouble total_hours;
  /* Touch-up advice (no touch-up within SMP_YEARS_MAX years: touch_up_year 0). */
  gdouble healed_darkening;  /* L* the finished, healed treatment darkens the scalp by */
  gdouble touch_up_year;     /* when that falls below TOUCH_UP_THRESHOLD of it */
  gdouble touch_up_fraction; /* share of the dots to re-impress */
  gint32 touch_up_dots;
  gdouble touch_up_hours;
  gdouble touch_up_water; /* the touch-up's shade: parts of water (the final session's) */
} SessionReport;

/* "0.3 0.7 1" (spaces, commas, slashes or semicolons between): growing fractions up to 1. */
static gboolean
parse_coverages(const gchar *text, CoveragePlan *plan, GError **error)
{
  g_autofree gchar *stripped = g_strstrip(g_strdup(text ? text : ""));
  g_auto(GStrv) parts = g_regex_split_simple("[\\s,;/]+", stripped, 0, 0);
  gboolean ok = TRUE;

  plan->n = 0;
  for (guint i = 0; ok && parts[i]; i++) {
    gchar *end = NULL;
    gdouble value;
    if (parts[i][0] == '\0')
      continue;
    value = g_ascii_strtod(parts[i], &end);
    if (*end != '\0' || !(value > 0.0 && value <= 1.0)) {
      g_set_error(error, SMP_ERROR, SMP_ERROR_BAD_VALUE,
                  "coverages: '%s' is not a coverage; give each session's cumulative coverage "
                  "as a fraction above 0 and at most 1, e.g. \"0.3 0.7 1\"",
                  parts[i]);
      ok = FALSE;
    } else if (plan->n == MAX_SESSIONS) {
      g_set_error(error, SMP_ERROR, SMP_ERROR_BAD_VALUE,
                  "coverages: at most %d sessions (SMP takes 2-4), got more in \"%s\"",
                  MAX_SESSIONS, text);
      ok = FALSE;
    } else if (plan->n > 0 && value <= plan->coverage[plan->n - 1]) {
      g_set_error(error, SMP_ERROR, SMP_ERROR_BAD_VALUE,
                  "coverages: %g after %g; each session adds dots, so the cumulative coverages "
                  "must grow, e.g. \"0.3 0.7 1\"",
                  value, plan->coverage[plan->n - 1]);
      ok = FALSE;
    } else {
      plan->coverage[plan->n++] = value;
    }
  }
  if (ok && plan->n == 0) {
    g_set_error(error, SMP_ERROR, SMP_ERROR_BAD_VALUE,
                "coverages: no session given; give 1 to %d growing fractions, e.g. \"0.3 0.7 1\"",
                MAX_SESSIONS);
    ok = FALSE;
  }
  return ok;
}

/* The dots a plan places on an area (px²) at full coverage, refused beyond MAX_PLAN_DOTS. In
 * double: the largest image GIMP allows at its lowest resolution holds about 10^19 dots. */
static gboolean
check_plan_size(gdouble density, gdouble area_px, gdouble ppi, GError **error)
{
  gdouble px_per_cm = 10.0 * smp_plugin_px_per_mm(ppi);
  gdouble area_cm2 = area_px / (px_per_cm * px_per_cm);
  gdouble dots = density * area_cm2;

  if (dots <= MAX_PLAN_DOTS)
    return TRUE;
  g_set_error(error, SMP_ERROR, SMP_ERROR_BAD_VALUE,
              "ppi: %.4g cm² at %g ppi and %g dots per cm² would be %.3g dots, more than the "
              "%d a plan can count; check the resolution (ppi) or plan a smaller area",
              area_cm2, ppi, density, dots, MAX_PLAN_DOTS);
  return FALSE;
}

/* Fills the report of a plan whose size check_plan_size accepted (its area may only be smaller).
 * The impressions follow the skin area (`skin_cm2`; < 0: the picture's area, a flat patch), as
 * smp:follicle-dots places them at `density` per cm² of skin. */
static void
compute_report(SessionReport *report, const CoveragePlan *plan, gdouble density, gdouble area_px,
               gdouble skin_cm2, gdouble ppi, gdouble pace)
{
  gdouble px_per_cm = 10.0 * smp_plugin_px_per_mm(ppi);
  gdouble total = 0.0;

  report->plan = *plan;
  report->area_cm2 = area_px / (px_per_cm * px_per_cm);
  report->skin_cm2 = skin_cm2 >= 0.0 ? skin_cm2 : report->area_cm2;
  report->total_hours = 0.0;
  for (gint k = 0; k < plan->n; k++) {
    gdouble added = plan->coverage[k] - (k > 0 ? plan->coverage[k - 1] : 0.0);
    gdouble dots = CLAMP(floor(density * added * report->skin_cm2 + 0.5), 0.0, MAX_PLAN_DOTS);
    report->dots[k] = (gint32)dots;
    report->hours[k] =
        dots / pace + (k == 0 ? FIRST_SESSION_SETUP_HOURS : LATER_SESSION_SETUP_HOURS);
    report->total_hours += report->hours[k];
    total += dots;
  }
  /* Rounding each session may add up to one dot per session beyond the checked total. */
  report->total_dots = (gint32)MIN(total, (gdouble)MAX_PLAN_DOTS);
  /* No advice until advise_touch_up gives it. */
  report->healed_darkening = 0.0;
  report->touch_up_year = 0.0;
}

/* When the finished treatment (the request at the plan's last coverage and shade) will want a
 * touch-up, and what restores it: re-impressing a dot adds fresh pigment to what is left of it, so
 * re-impressing the share of the dots that has faded, spread evenly over the area (the pattern's
 * lowest coverage of that share), with the final session's shade brings back the healed darkening
 * (docs/healed-appearance.md, Touch-ups). */
static void
advise_touch_up(SessionReport *report, SmpDotsRequest *request, gdouble pace)
{
  const CoveragePlan *plan = &report->plan;
  gdouble saved_coverage = request->coverage, saved_water = request->extra_water;

  request->coverage = plan->coverage[plan->n - 1];
  request->extra_water = 0.0;
  report->healed_darkening = smp_dots_request_darkening(request, 0.0);
  report->touch_up_year = 0.0;
  for (gdouble year = TOUCH_UP_YEAR_STEP;
       year <= SMP_YEARS_MAX + 1e-9 && report->healed_darkening > 0.0; year += TOUCH_UP_YEAR_STEP) {
    gdouble darkening = smp_dots_request_darkening(request, year);
    if (darkening < TOUCH_UP_THRESHOLD * report->healed_darkening) {
      SmpAgeing ageing;
      smp_color_ageing(year, &ageing);
      report->touch_up_year = year;
      report->touch_up_fraction = CLAMP(1.0 - ageing.ink, 0.0, 1.0);
      report->touch_up_dots = (gint32)CLAMP(
          floor(report->touch_up_fraction * report->total_dots + 0.5), 0.0, (gdouble)MAX_PLAN_DOTS);
      report->touch_up_hours = report->touch_up_dots / pace + LATER_SESSION_SETUP_HOURS;
      report->touch_up_water = smp_dots_request_dilution(request);
      break;
    }
  }
  request->coverage = saved_coverage;
  request->extra_water = saved_water;
}

/* "2 h 05 min" */
static gchar *
duration_text(gdouble hours)
{
  gint64 minutes = (gint64)(hours * 60.0 + 0.5);
  return g_strdup_printf("%" G_GINT64_FORMAT " h %02d min", minutes / 60, (gint)(minutes % 60));
}

static gchar *
report_text(const SessionReport *report)
{
  GString *text = g_string_new(NULL);
  g_autofree gchar *total = duration_text(report->total_hours);

  if (report->skin_cm2 != report->area_cm2)
    g_string_append_printf(text, "Treated skin: %.1f cm² (%.1f cm² in the picture, ×%.2f)\n",
                           report->skin_cm2, report->area_cm2,
                           report->area_cm2 > 0.0 ? report->skin_cm2 / report->area_cm2 : 1.0);
  else
    g_string_append_printf(text, "Treated area: %.1f cm²\n", report->area_cm2);
  for (gint k = 0; k < report->plan.n; k++) {
    g_autofree gchar *duration = duration_text(report->hours[k]);
    g_string_append_printf(text, "Session %d (to %.0f %%): %d impressions, about %s\n", k + 1,
                           100.0 * report->plan.coverage[k], report->dots[k], duration);
  }
  g_string_append_printf(text, "Total: %d impressions, about %s", report->total_dots, total);
  if (report->touch_up_year > 0.0) {
    g_autofree gchar *duration = duration_text(report->touch_up_hours);
    g_string_append_printf(
        text,
        "\nTouch-up: after about %.1f years the healed darkening (%.1f L*) falls below %.0f %% "
        "(%.1f L*); re-impress %d impressions (%.0f %% of the pattern, spread evenly: its "
        "coverage 0-%.0f %%) in the final shade (%.1f parts of water), about %s",
        report->touch_up_year, report->healed_darkening, 100.0 * TOUCH_UP_THRESHOLD,
        TOUCH_UP_THRESHOLD * report->healed_darkening, report->touch_up_dots,
        100.0 * report->touch_up_fraction, 100.0 * report->touch_up_fraction,
        report->touch_up_water, duration);
  } else if (report->healed_darkening > 0.0) {
    g_string_append_printf(text,
                           "\nTouch-up: the healed darkening (%.1f L*) stays above %.0f %% for "
                           "%.0f years",
                           report->healed_darkening, 100.0 * TOUCH_UP_THRESHOLD, SMP_YEARS_MAX);
  }
  return g_string_free(text, FALSE);
}

/* The dialog ------------------------------------------------------------------------------- */

typedef struct {
  GimpImage *image;
  SmpTarget target;
  GtkWidget *label;
} DialogReport;

/* The skin under the dialog's target on the dome (-1 when flat), weighted by the density layer's
 * mean alpha: before any layer exists, the density map's own shape is not yet cut to the target. */
static gdouble
dialog_skin_area(GimpProcedureConfig *config, const DialogReport *dr, gdouble ppi)
{
  SmpSurfaceRequest surface;
  GimpDrawable *density_from = NULL;
  gdouble skin;

  smp_surface_from_config(&surface, config);
  if (!surface.dome)
    return -1.0;
  smp_surface_place(&surface, &dr->target);
  skin = smp_surface_skin_area(&surface, ppi, &dr->target, NULL, NULL);
  g_object_get(config, "density-from", &density_from, NULL);
  if (density_from) {
    gdouble all = smp_plugin_weighted_area(density_from, FALSE);
    skin *= all > 0.0 ? smp_plugin_weighted_area(density_from, TRUE) / all : 0.0;
  }
  g_clear_object(&density_from);
  return MAX(skin, 0.0);
}

/* The plan for the dialog's current values, before any layer exists. */
static void
update_dialog_report(GimpProcedureConfig *config, GParamSpec *pspec, DialogReport *dr)
{
  CoveragePlan plan;
  SessionReport report;
  g_autoptr(GimpDrawable) density_from = NULL;
  g_autofree gchar *coverages = NULL, *hair_name = NULL, *text = NULL;
  gdouble density, ppi_argument, pace, area_px, ppi, yres;
  const SmpPreset *hair;
  g_autoptr(GError) error = NULL;

  g_object_get(config, "coverages", &coverages, "density", &density, "ppi", &ppi_argument, "pace",
               &pace, "density-from", &density_from, "hair-type-choice", &hair_name, NULL);
  hair = smp_presets_lookup(smp_plugin_presets(), SMP_PRESET_HAIR_TYPE, hair_name);
  if (density <= 0.0 && hair)
    density = smp_preset_get_double(hair, "density");
  ppi = ppi_argument;
  /* libgimp writes both resolutions: neither pointer may be NULL. */
  if (ppi <= 0.0)
    gimp_image_get_resolution(dr->image, &ppi, &yres);

  if (dr->target.has_selection)
    area_px = smp_plugin_weighted_area(GIMP_DRAWABLE(gimp_image_get_selection(dr->image)), FALSE);
  else
    area_px = (gdouble)dr->target.width * dr->target.height;
  if (density_from) {
    gdouble all = smp_plugin_weighted_area(density_from, FALSE);
    area_px *= all > 0.0 ? smp_plugin_weighted_area(density_from, TRUE) / all : 0.0;
  }

  if (parse_coverages(coverages, &plan, &error) && check_plan_size(density, area_px, ppi, &error)) {
    g_auto(SmpDotsRequest) request = {0};
    compute_report(&report, &plan, density, area_px, dialog_skin_area(config, dr, ppi), ppi, pace);
    if (smp_dots_request_from_config(&request, config, NULL)) {
      request.space = smp_plugin_image_space(dr->image);
      advise_touch_up(&report, &request, pace);
    }
    text = report_text(&report);
  }
  gtk_label_set_text(GTK_LABEL(dr->label), text ? text : error->message);
}

static GimpValueArray *sessions_run(GimpProcedure *procedure, GimpRunMode run_mode,
                                    GimpImage *image, GimpDrawable **drawables,
                                    GimpProcedureConfig *config, gpointer run_data);

static gboolean
sessions_dialog(GimpProcedure *procedure, GimpProcedureConfig *config, GimpImage *image,
                GimpDrawable **drawables, const SmpTarget *target)
{
  GtkWidget *dialog = smp_dialog_new(procedure, config, image, "Session Plan");
  DialogReport dr = {image, *target, NULL};
  gulong handler;
  gboolean run;

  dr.label =
      gimp_procedure_dialog_get_label(GIMP_PROCEDURE_DIALOG(dialog), "report", "", FALSE, FALSE);
  gtk_label_set_xalign(GTK_LABEL(dr.label), 0.0);
  handler = g_signal_connect(config, "notify", G_CALLBACK(update_dialog_report), &dr);
  update_dialog_report(config, NULL, &dr);
  smp_dialog_add_preview(dialog, image, drawables, sessions_run);
  run = smp_dialog_run(dialog, image, "coverages", "hair-type", "skin-tone", "dilution",
                       "dilution-step", "density", "dot-size", "appearance", "years",
                       "density-from", "density-source", "graded-zone", "match-from", "client-hair",
                       "pace", "seed", "surface", "view", "origin-x", "origin-y", "angle",
                       "head-width", "head-length", "head-height", "report", "merge", "ppi", NULL);
  g_signal_handler_disconnect(config, handler);
  return run;
}

/* The procedure ---------------------------------------------------------------------------- */

/* The dots of session k: coverage c_k, lightened for every session still to come. */
static GimpLayer *
session_dots(SmpDotsRequest *request, const SmpTarget *target, const CoveragePlan *plan, gint k,
             gdouble dilution_step, const gchar *name, gdouble *area_px, GError **error)
{
  request->coverage = plan->coverage[k];
  request->extra_water = dilution_step * (plan->n - 1 - k);
  return smp_dots_request_add_layer(request, target, name, FALSE, area_px, error);
}

/* The session layers inside the plan group, the first session's dots at the bottom; on an error
 * the layers made so far stay for the caller to remove with the group. */
static gboolean
add_session_layers(SmpDotsRequest *request, const SmpTarget *inner, const CoveragePlan *plan,
                   gdouble dilution_step, GimpLayer **session_layers, gdouble *area_px,
                   GError **error)
{
  for (gint k = 0; k < plan->n; k++) {
    g_autofree gchar *name = g_strdup_printf("Session %d", k + 1);

    if (k == 0) {
      session_layers[k] =
          session_dots(request, inner, plan, k, dilution_step, name, area_px, error);
    } else {
      GimpGroupLayer *session = gimp_group_layer_new(inner->image, name);
      SmpTarget in_session = *inner;

      smp_plugin_insert_layer(inner, GIMP_LAYER(session));
      in_session.parent = session;
      if (session_dots(request, &in_session, plan, k, dilution_step, "new dots", NULL, error)) {
        GimpLayer *earlier = session_dots(request, &in_session, plan, k - 1, dilution_step,
                                          "earlier sessions (erased)", NULL, error);
        if (earlier)
          gimp_layer_set_mode(earlier, GIMP_LAYER_MODE_ERASE);
      }
      session_layers[k] = GIMP_LAYER(session);
    }
    if (!session_layers[k] || (error && *error))
      return FALSE;
  }
  return TRUE;
}

/* Names each session layer after its share of the plan, bakes it with `merge`, and gives it the
 * selection's mask; session_layers[k] becomes the baked layer. */
static void
finish_session_layers(const SessionReport *report, const SmpTarget *target, gboolean merge,
                      GimpLayer **session_layers)
{
  const CoveragePlan *plan = &report->plan;

  for (gint k = 0; k < plan->n; k++) {
    g_autofree gchar *name = g_strdup_printf("Session %d: %.0f-%.0f %% (%d dots)", k + 1,
                                             k > 0 ? 100.0 * plan->coverage[k - 1] : 0.0,
                                             100.0 * plan->coverage[k], report->dots[k]);
    if (merge) {
      if (GIMP_IS_GROUP_LAYER(session_layers[k]))
        session_layers[k] = gimp_group_layer_merge(GIMP_GROUP_LAYER(session_layers[k]));
      else
        gimp_drawable_merge_filters(GIMP_DRAWABLE(session_layers[k]));
    }
    gimp_item_set_name(GIMP_ITEM(session_layers[k]), name);
    /* The first session's dots got the selection's mask with their layer. */
    if (!gimp_layer_get_mask(session_layers[k]))
      smp_plugin_mask_to_selection(target, session_layers[k], merge);
    else if (merge)
      gimp_layer_remove_mask(session_layers[k], GIMP_MASK_APPLY);
  }
}

/* The plan group over the target with one layer per session, in one undo step; NULL on an error,
 * with nothing left in the image. */
static GimpGroupLayer *
add_plan(SmpDotsRequest *request, const SmpTarget *target, const CoveragePlan *plan,
         gdouble dilution_step, gdouble pace, gboolean merge, GimpLayer **session_layers,
         SessionReport *report, GError **error)
{
  GimpImage *image = target->image;
  GimpGroupLayer *group;
  g_autofree gchar *name = smp_dots_request_layer_name(request, "SMP session plan");
  SmpTarget inner;
  gdouble area_px = 0.0, skin_cm2 = -1.0;
  gboolean ok;

  gimp_image_undo_group_start(image);
  group = gimp_group_layer_new(image, name);
  smp_plugin_insert_layer(target, GIMP_LAYER(group));
  /* Inside the plan group, each new session goes on top. The selection's mask goes on each
   * session layer once the plan is complete, not on the layers inside a session. */
  inner = *target;
  inner.anchor = NULL;
  inner.parent = group;
  inner.has_selection = FALSE;

  ok = add_session_layers(request, &inner, plan, dilution_step, session_layers, &area_px, error);
  /* On the dome the dots follow the skin that the first session's layer shows (its alpha the
   * density map, before anything is baked). */
  if (ok && request->surface.dome) {
    SmpSurfaceRequest placed = request->surface;
    const gboolean weighted = request->density_from || request->client_hair;
    smp_surface_place(&placed, target);
    skin_cm2 = smp_surface_skin_area(&placed, request->ppi, target,
                                     weighted ? GIMP_DRAWABLE(session_layers[0]) : NULL, error);
    ok = skin_cm2 >= 0.0;
  }
  if (ok) {
    compute_report(report, plan, smp_dots_request_density(request), area_px, skin_cm2, request->ppi,
                   pace);
    advise_touch_up(report, request, pace);
    finish_session_layers(report, target, merge, session_layers);
  } else {
    gimp_image_remove_layer(image, GIMP_LAYER(group));
  }
  gimp_image_undo_group_end(image);
  return ok ? group : NULL;
}

static GimpValueArray *
sessions_run(GimpProcedure *procedure, GimpRunMode run_mode, GimpImage *image,
             GimpDrawable **drawables, GimpProcedureConfig *config, gpointer run_data)
{
  GimpDrawable *drawable = drawables && drawables[0] ? drawables[0] : NULL;
  GimpLayer *session_layers[MAX_SESSIONS + 1] = {NULL};
  g_auto(SmpDotsRequest) request = {0};
  SessionReport report;
  CoveragePlan plan;
  GError *error = NULL;
  SmpTarget target;
  GimpGroupLayer *group;
  g_autofree gchar *coverages = NULL, *match_report = NULL;
  gchar *text;
  gdouble ppi_argument, dilution_step, pace;
  gboolean merge;
  GimpValueArray *values;
  gint32 dots[MAX_SESSIONS];
  gdouble hours[MAX_SESSIONS];

  if (!smp_plugin_check_image(image, &error) ||
      !smp_plugin_check_arguments(image, drawables, config, &error))
    return gimp_procedure_new_return_values(procedure, GIMP_PDB_CALLING_ERROR, error);
  smp_plugin_target_area(image, drawable, &target);
  if (run_mode == GIMP_RUN_INTERACTIVE &&
      !sessions_dialog(procedure, config, image, drawables, &target))
    return gimp_procedure_new_return_values(procedure, GIMP_PDB_CANCEL, NULL);
  smp_plugin_report_preset_problems();

  if (!smp_dots_request_from_config(&request, config, &error))
    return gimp_procedure_new_return_values(procedure, GIMP_PDB_CALLING_ERROR, error);
  request.space = smp_plugin_image_space(image);
  g_object_get(config, "coverages", &coverages, "dilution-step", &dilution_step, "pace", &pace,
               "merge", &merge, "ppi", &ppi_argument, NULL);
  if (!parse_coverages(coverages, &plan, &error) ||
      !smp_plugin_image_ppi(image, ppi_argument, run_mode, &request.ppi, &error) ||
      !check_plan_size(smp_dots_request_density(&request), (gdouble)target.width * target.height,
                       request.ppi, &error) ||
      !smp_dots_request_density_from_config(&request, config, image, &error) ||
      !smp_match_request_from_config(&request, config, image, drawable, &target, &match_report,
                                     &error))
    return gimp_procedure_new_return_values(procedure, GIMP_PDB_CALLING_ERROR, error);
  /* A hairline design as the density layer: its guardrail warnings. */
  if (request.density_from)
    g_free(smp_hairline_warn_drawable(request.density_from));

  group = add_plan(&request, &target, &plan, dilution_step, pace, merge, session_layers, &report,
                   &error);
  if (!group)
    return gimp_procedure_new_return_values(procedure, GIMP_PDB_EXECUTION_ERROR, error);
  smp_match_note(&request, GIMP_LAYER(group), match_report, run_mode);
  for (gint k = 0; k < plan.n; k++) {
    dots[k] = report.dots[k];
    hours[k] = report.hours[k];
  }
  text = report_text(&report);
  if (run_mode == GIMP_RUN_INTERACTIVE)
    gimp_message(text);

  values = smp_plugin_success(procedure, run_mode);
  GIMP_VALUES_SET_CORE_OBJECT_ARRAY(values, 1, (GObject **)session_layers);
  GIMP_VALUES_SET_INT32_ARRAY(values, 2, dots, plan.n);
  GIMP_VALUES_SET_DOUBLE_ARRAY(values, 3, hours, plan.n);
  GIMP_VALUES_SET_DOUBLE(values, 4, report.area_cm2);
  GIMP_VALUES_SET_INT(values, 5, report.total_dots);
  GIMP_VALUES_SET_DOUBLE(values, 6, report.total_hours);
  GIMP_VALUES_TAKE_STRING(values, 7, text);
  GIMP_VALUES_SET_GROUP_LAYER(values, 8, group);
  GIMP_VALUES_SET_DOUBLE(values, 9, report.skin_cm2);
  return values;
}

GimpProcedure *
smp_sessions_create(GimpPlugIn *plug_in)
{
  GimpProcedure *procedure =
      smp_plugin_layer_procedure_new(plug_in, SESSIONS_PROC, sessions_run, "Session _Plan...");

  gimp_procedure_set_documentation(
      procedure, "Plan the treatment sessions: one dot layer per session",
      "Adds a group of session layers above the active layer, covering it or the selection: "
      "session k holds the dots that session adds, from the cumulative coverage of the session "
      "before to its own ('coverages', e.g. \"0.3 0.7 1\"), as nested subsets of one pattern, "
      "with lighter shades in the earlier sessions ('dilution-step' parts of water per session "
      "still "
      "to come, added to 'dilution' or, at -1, to the hair type's and skin tone's dilution). "
      "Returns the session layers, the impressions per session, the hours per session at "
      "'pace' impressions per hour of needling plus each session's setting up, the treated area "
      "in cm², the total impressions and hours, and the report as text (also shown in the "
      "dialog), which also says when a touch-up is due and which impressions it re-impresses in "
      "which shade. The dots are editable effects unless 'merge' bakes "
      "them. Existing pixels are never changed; one undo step removes everything.",
      SESSIONS_PROC);

  gimp_procedure_add_string_argument(procedure, "coverages", "Co_verages",
                                     "Cumulative coverage after each session, growing fractions "
                                     "up to 1, e.g. \"0.3 0.7 1\" (1 to 6 sessions)",
                                     "0.3 0.7 1", G_PARAM_READWRITE);
  smp_add_dots_arguments(procedure, FALSE);
  gimp_procedure_add_double_argument(procedure, "dilution-step", "Dilution s_tep (parts of water)",
                                     "Parts of water added to a session's shade for every "
                                     "session still to come, 0 to 20 (lighter shades first)",
                                     0.0, 20.0, 4.0, G_PARAM_READWRITE);
  gimp_procedure_add_double_argument(procedure, "pace", "_Needling pace (impressions/h)",
                                     "Impressions a practitioner places per hour of needling, 100 "
                                     "to 50000 (about 14,000 in a 4-hour session: 3500); each "
                                     "session adds its setting up (1 h the first, 0.5 h later)",
                                     100.0, 50000.0, 3500.0, G_PARAM_READWRITE);
  smp_add_density_from_arguments(procedure);
  smp_add_common_arguments(procedure);
  smp_surface_add_arguments(procedure, TRUE);
  smp_add_preview_argument(procedure);
  smp_match_add_arguments(procedure, TRUE);

  gimp_procedure_add_core_object_array_return_value(
      procedure, "session-layers", "Session layers",
      "One layer per session (a group of the session's dots and the earlier ones erased, or one "
      "baked layer with merge)",
      GIMP_TYPE_LAYER, G_PARAM_READWRITE);
  gimp_procedure_add_int32_array_return_value(procedure, "session-dots", "Dots per session",
                                              "Impressions (dots) each session adds",
                                              G_PARAM_READWRITE);
  gimp_procedure_add_double_array_return_value(procedure, "session-hours", "Hours per session",
                                               "Estimated hours of each session: needling at "
                                               "the pace plus setting up",
                                               G_PARAM_READWRITE);
  gimp_procedure_add_double_return_value(procedure, "area", "Treated area (cm²)",
                                         "Area the dots cover, weighted by the density map", 0.0,
                                         G_MAXDOUBLE, 0.0, G_PARAM_READWRITE);
  gimp_procedure_add_int_return_value(procedure, "total-dots", "Total dots", "Dots of all sessions",
                                      0, G_MAXINT, 0, G_PARAM_READWRITE);
  gimp_procedure_add_double_return_value(procedure, "total-hours", "Total hours",
                                         "Estimated hours of all sessions", 0.0, G_MAXDOUBLE, 0.0,
                                         G_PARAM_READWRITE);
  gimp_procedure_add_string_return_value(procedure, "report", "Report",
                                         "The plan as text, one line per session", NULL,
                                         G_PARAM_READWRITE);
  gimp_procedure_add_group_layer_return_value(procedure, "plan-group", "Plan group",
                                              "The group holding the session layers", FALSE,
                                              G_PARAM_READWRITE);
  gimp_procedure_add_double_return_value(
      procedure, "skin-area", "Treated skin (cm²)",
      "Skin the dots cover, weighted by the density map, on which the impressions are counted: "
      "with surface dome the skin of the head model (more than the picture shows where the "
      "scalp slopes away), flat the area",
      0.0, G_MAXDOUBLE, 0.0, G_PARAM_READWRITE);
  return procedure;
}
