/* Hairline masks in the side (profile) views: evaluation of a pixel, and runs of pixels that
 * share one value. Figures and their sources: docs/hair-loss-patterns.md. */
#include "smp-hairline-private.h"

/* The top view's head half width at sv (mm ahead of the ear-canal line). */
static double
outline_half_width(const SmpHairline *h, double sv)
{
  double r = sv > 0.0 ? h->front_v : -h->back_v,
         e = sv > 0.0 ? OUTLINE_FRONT_EXPONENT : OUTLINE_BACK_EXPONENT;
  double t = MIN(fabs(sv) / r, 1.0);
  return h->half_width * pow(1.0 - pow(t, e), 1.0 / e);
}

/* The client's hair in profile at (sv, z): the front edge of the stage's line, the lower edge,
 * and the stage's areas at the scalp point the side shows. */
static double
side_client(const SmpHairline *h, const Eval *e, double sv, double z, double lower, double *front,
            double *bald, double *partial)
{
  *front = MIN(smp_profile_front_distance(&h->profile_client, sv, z), lower);
  double u = smp_profile_lateral(&h->profile, outline_half_width(h, sv), z);
  LineSample at;
  sample(h, u, 0, &at, TRUE);
  if (bald)
    smp_atlas_edges(&h->stage, u, sv, at.natural - sv, bald, partial);
  double hair = step_profile(*front, e->inv_support);
  /* No hair in front of the line: the loss cannot change that (0 x (1 - loss) is 0). */
  if (hair <= 0.0)
    return 0.0;
  return hair * (1.0 - smp_atlas_loss(&h->stage, u, sv, at.natural - sv, e->inv_support));
}

double
smp_hairline_eval_side(const SmpHairline *h, const Eval *e, double u, double v)
{
  const SmpProfileHead *head = &h->profile;
  /* View millimetres from the glabella (u towards the face in the right view) to the profile's
   * from the ear canal. */
  const double sv = h->front_v + (h->p.view == SMP_HAIRLINE_VIEW_RIGHT ? u : -u);
  const double z = v + head->glabella_z;
  const double forehead = h->front_v - setback(z - head->glabella_z);
  double bounds =
      CLAMP(smp_profile_outline_distance(head, sv, z, forehead) * e->inv_pixel + 0.5, 0.0, 1.0);
  if (bounds <= 0.0)
    return 0.0;
  const double lower = smp_profile_lower_distance(head, sv, z);
  double line = smp_profile_front_distance(&h->profile_design, sv, z);
  if (h->macro > 0.0 && line < 100.0)
    line -= h->macro * macro_noise(h->macro_key, h->detail_key, z);
  line = MIN(line, lower);
  double front, bald = -G_MAXDOUBLE, partial = -G_MAXDOUBLE;

  if (h->p.output == SMP_HAIRLINE_OUTPUT_OUTLINE) {
    double cover = stroke(e, line, e->stroke);
    if (h->p.transition > 0.0) {
      cover = MAX(cover, stroke(e, line - 0.5 * h->p.transition, e->edge_stroke));
      cover = MAX(cover, stroke(e, line + 0.5 * h->p.transition, e->edge_stroke));
    }
    if (h->pattern_on) {
      side_client(h, e, sv, z, lower, &front, &bald, &partial);
      cover = MAX(cover, stroke(e, MAX(bald, -front), e->stroke));
      cover = MAX(cover, stroke(e, partial, e->edge_stroke));
    }
    return cover * bounds;
  }

  const gboolean current = h->p.area == SMP_HAIRLINE_AREA_CURRENT;
  if (h->pattern_on && current)
    return side_client(h, e, sv, z, lower, &front, NULL, NULL) * bounds;
  double spot = 0.0;
  if (h->micro > 0.0 && fabs(line) < e->saturated)
    spot = h->micro * noise2(h->micro_key, sv * (1.0 / MICRO_SIZE), z * (1.0 / MICRO_SIZE));
  double density = step_profile(line + spot, e->inv_support) * bounds;
  if (!h->pattern_on)
    return current ? density : 0.0;
  if (density <= 0.0)
    return 0.0;
  return density * (1.0 - side_client(h, e, sv, z, lower, &front, NULL, NULL));
}

void
smp_hairline_side_init(SmpHairline *h)
{
  for (int i = 0; i <= OUTLINE_SAMPLES; i++) {
    h->outline_front[i] = outline_half_width(h, h->front_v * i / OUTLINE_SAMPLES);
    h->outline_back[i] = outline_half_width(h, h->back_v * i / OUTLINE_SAMPLES);
  }
}

/* Bounds of the head's half width at sv from the tables, on the side of sv's sign: it shrinks
 * away from sv = 0, so a sample nearer to 0 bounds it from above, one further out from below. */
static inline double
half_width_bound(const SmpHairline *h, double sv, gboolean upper)
{
  const double *table = sv > 0.0 ? h->outline_front : h->outline_back;
  double x = fabs(sv) / (sv > 0.0 ? h->front_v : -h->back_v) * OUTLINE_SAMPLES;
  /* One sample further each way: safe against rounding of the samples' positions. */
  double i = upper ? MAX(floor(x) - 1.0, 0.0) : ceil(x) + 1.0;
  if (i > OUTLINE_SAMPLES)
    return upper ? table[OUTLINE_SAMPLES] * (1.0 + 1e-12) : 0.0;
  return table[(int)i] * (upper ? 1.0 + 1e-12 : 1.0 - 1e-12);
}

/* The lateral position of the scalp over the box [sv_lo, sv_hi] x [z_lo, z_hi]: the head's half
 * width shrinks away from sv = 0 on either side, and the scalp seen from the side moves in with
 * height. */
static void
lateral_range(const SmpHairline *h, double sv_lo, double sv_hi, double z_lo, double z_hi,
              double *lo, double *hi)
{
  double nearest = sv_lo > 0.0 ? sv_lo : sv_hi < 0.0 ? sv_hi : 0.0;
  double narrowest = MIN(half_width_bound(h, sv_lo, FALSE), half_width_bound(h, sv_hi, FALSE));
  *hi = smp_profile_lateral(&h->profile, half_width_bound(h, nearest, TRUE), z_lo);
  *lo = smp_profile_lateral(&h->profile, narrowest, z_hi);
}

/* The client's hair over a run: its front edge (-1 if it varies, else 0: none, 1: full) and,
 * where it has hair, the stage's loss terms that vary over the run (the others' loss in base). */
static void
side_client_run(const SmpHairline *h, const Eval *e, double sv_lo, double sv_hi, double z_lo,
                double z_hi, double lower_lo, double lower_hi, double half, SmpSideRun *run)
{
  double lo, hi;
  smp_profile_front_range(&h->profile_client, sv_lo, sv_hi, z_lo, z_hi, &lo, &hi);
  lo = MIN(lo, lower_lo), hi = MIN(hi, lower_hi);
  run->client = hi <= -half ? 0 : lo >= half ? 1 : -1;
  run->terms = SMP_ATLAS_ALL;
  run->base = 0.0;
  if (run->client == 0)
    return;
  double u_lo, u_hi;
  lateral_range(h, sv_lo, sv_hi, z_lo, z_hi, &u_lo, &u_hi);
  const double u = 0.5 * (u_lo + u_hi), sv = 0.5 * (sv_lo + sv_hi);
  const double slack = hypot(0.5 * (u_hi - u_lo), 0.5 * (sv_hi - sv_lo)) + 1e-6;
  LineSample at;
  sample(h, u, 0, &at, TRUE);
  const double behind_slack = slack + h->slope_n_max * (slack + 2.0 * TABLE_STEP);
  run->terms = smp_atlas_classify(&h->stage, u, sv, at.natural - sv, slack, behind_slack,
                                  e->inv_support, &run->base);
}

gboolean
smp_hairline_side_run(const SmpHairline *h, const Eval *e, double u, double v, double slack,
                      float *value, SmpSideRun *run)
{
  const SmpProfileHead *head = &h->profile;
  const double sv = h->front_v + (h->p.view == SMP_HAIRLINE_VIEW_RIGHT ? u : -u);
  const double z = v + head->glabella_z;
  run->known = FALSE;
  /* Outside the cranium's ellipse, every output is empty: its norm changes by at most slack /
   * min(radii) across the run; outside, the distance along the ray is at most min(radii) (1 -
   * norm). Inside it by half a pixel or more, the same bound makes it full. */
  const double radius = MIN(head->radius_sv, head->radius_z);
  const double x = (sv - head->centre_sv) / head->radius_sv,
               y = (z - head->centre_z) / head->radius_z;
  const double norm = sqrt(x * x + y * y), edge = (0.5 * e->pixel + 1e-9) / radius;
  if (norm - slack / radius >= 1.0 + edge) {
    *value = 0.0f;
    return TRUE;
  }
  const gboolean current = h->p.area == SMP_HAIRLINE_AREA_CURRENT;
  if (h->p.output != SMP_HAIRLINE_OUTPUT_MASK)
    return FALSE;
  if (!h->pattern_on && !current) {
    *value = 0.0f;
    return TRUE;
  }
  if (norm + slack / radius > 1.0 - edge)
    return FALSE;
  /* The forehead cuts the outline above the glabella; it lies further back higher up. */
  const double sv_lo = sv - slack, sv_hi = sv + slack, z_lo = z - slack, z_hi = z + slack;
  const double gz = head->glabella_z;
  if (z_hi >= gz) {
    if (z_lo >= gz && h->front_v - setback(z_lo - gz) - sv_lo <= -0.5 * e->pixel - 1e-9) {
      *value = 0.0f;
      return TRUE;
    }
    if (h->front_v - setback(z_hi - gz) - sv_hi < 0.5 * e->pixel + 1e-9)
      return FALSE;
  }
  /* Wholly inside the head: the design's line and the client's hair. */
  const double half = 0.5 / e->inv_support * (1.0 + 1e-9) + 1e-9;
  double lower_lo, lower_hi, line_lo, line_hi;
  smp_profile_lower_range(head, sv_lo, sv_hi, z_lo, z_hi, &lower_lo, &lower_hi);
  *run = (SmpSideRun){.known = TRUE, .client = -1, .terms = SMP_ATLAS_ALL, .noise_z = NAN};
  if (!(h->pattern_on && current)) {
    smp_profile_front_range(&h->profile_design, sv_lo, sv_hi, z_lo, z_hi, &line_lo, &line_hi);
    line_lo = MIN(line_lo - h->macro, lower_lo);
    line_hi = MIN(line_hi + h->macro, lower_hi);
    if (line_hi <= -e->saturated) {
      *value = 0.0f;
      return TRUE;
    }
    run->design_full = line_lo >= e->saturated;
    if (!h->pattern_on && run->design_full) {
      *value = 1.0f;
      return TRUE;
    }
  }
  if (!h->pattern_on)
    return FALSE;
  side_client_run(h, e, sv_lo, sv_hi, z_lo, z_hi, lower_lo, lower_hi, half, run);
  if (run->client < 0 || (run->client == 1 && run->terms != 0))
    return FALSE;
  /* The client's hair is the same all over the run: as smp_hairline_eval_side computes it. */
  double client = run->client ? 1.0 * (1.0 - run->base) : 0.0;
  if (current) {
    *value = (float)(client * 1.0);
    return TRUE;
  }
  if (!run->design_full)
    return FALSE;
  *value = (float)(1.0 * (1.0 - client));
  return TRUE;
}

double
smp_hairline_side_pixel(const SmpHairline *h, const Eval *e, SmpSideRun *run, double u, double v)
{
  if (!run->known)
    return smp_hairline_eval_side(h, e, u, v);
  /* Inside the head (bounds 1): what smp_hairline_eval_side computes, skipping what the run
   * shares. */
  const SmpProfileHead *head = &h->profile;
  const double sv = h->front_v + (h->p.view == SMP_HAIRLINE_VIEW_RIGHT ? u : -u);
  const double z = v + head->glabella_z;
  const gboolean current = h->p.area == SMP_HAIRLINE_AREA_CURRENT;
  double lower = 0.0, density = 1.0;
  if (!run->design_full || run->client < 0)
    lower = smp_profile_lower_distance(head, sv, z);
  if (!(h->pattern_on && current) && !run->design_full) {
    double line = smp_profile_front_distance(&h->profile_design, sv, z);
    if (h->macro > 0.0 && line < 100.0) {
      /* The undulation depends on z alone, the same along an untilted row. */
      if (z != run->noise_z) {
        run->noise_z = z;
        run->noise = macro_noise(h->macro_key, h->detail_key, z);
      }
      line -= h->macro * run->noise;
    }
    line = MIN(line, lower);
    double spot = 0.0;
    if (h->micro > 0.0 && fabs(line) < e->saturated)
      spot = h->micro * noise2(h->micro_key, sv * (1.0 / MICRO_SIZE), z * (1.0 / MICRO_SIZE));
    density = step_profile(line + spot, e->inv_support) * 1.0;
    if (!h->pattern_on)
      return current ? density : 0.0;
    if (density <= 0.0)
      return 0.0;
  }
  double client = 0.0;
  if (run->client != 0) {
    double hair =
        run->client > 0
            ? 1.0
            : step_profile(MIN(smp_profile_front_distance(&h->profile_client, sv, z), lower),
                           e->inv_support);
    if (hair > 0.0) {
      double loss = run->base;
      if (run->terms) {
        double a = smp_profile_lateral(head, outline_half_width(h, sv), z);
        LineSample at;
        sample(h, a, 0, &at, TRUE);
        loss = smp_atlas_loss_partial(&h->stage, a, sv, at.natural - sv, e->inv_support, run->base,
                                      run->terms);
      }
      client = hair * (1.0 - loss);
    }
  }
  if (current)
    return client * 1.0;
  return density * (1.0 - client);
}
