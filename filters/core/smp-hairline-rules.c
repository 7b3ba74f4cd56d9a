/* Guardrails: combinations of a design and a client's stage that practitioners avoid. The rules
 * and their sources: docs/hair-loss-patterns.md, "Guardrails". */
#include "smp-hairline.h"

/* The lowest line practitioners draw (7 cm is the "aggressive" end of 7-10 cm; a little below
 * is tolerated). */
#define LOWEST_LINE 65.0
/* With an advanced stage the line must suit the client later: not low, and with receded
 * temples. */
#define ADVANCED_LOWEST_LINE 75.0
#define ADVANCED_LEAST_RECESSION 10.0

double
smp_hairline_lowest_height(const SmpHairlineParams *p)
{
  g_return_val_if_fail(p != NULL, 0.0);
  return p->hairline_height -
         (p->shape == SMP_HAIRLINE_SHAPE_WIDOW_PEAK ? SMP_HAIRLINE_PEAK_DEPTH : 0.0);
}

static gboolean
advanced(SmpHairlinePattern pattern)
{
  return (pattern >= SMP_HAIRLINE_PATTERN_NORWOOD_5 && pattern <= SMP_HAIRLINE_PATTERN_NORWOOD_7) ||
         pattern == SMP_HAIRLINE_PATTERN_NORWOOD_5A;
}

static const char *
pattern_name(SmpHairlinePattern pattern)
{
  static const char *const names[] = {
      "full",       "norwood-1",  "norwood-2",  "norwood-3",  "norwood-4",  "norwood-5",
      "norwood-6",  "norwood-7",  "norwood-3v", "norwood-2a", "norwood-3a", "norwood-4a",
      "norwood-5a", "ludwig-1",   "ludwig-2",   "ludwig-3",   "olsen",      "sinclair-1",
      "sinclair-2", "sinclair-3", "sinclair-4", "sinclair-5"};
  G_STATIC_ASSERT(G_N_ELEMENTS(names) == SMP_HAIRLINE_PATTERN_SINCLAIR_5 + 1);
  return (unsigned)pattern < G_N_ELEMENTS(names) ? names[pattern] : "?";
}

GPtrArray *
smp_hairline_guardrails(const SmpHairlineParams *p)
{
  g_return_val_if_fail(p != NULL, NULL);
  GPtrArray *warnings = g_ptr_array_new_with_free_func(g_free);
  double lowest = smp_hairline_lowest_height(p);

  if (lowest < LOWEST_LINE)
    g_ptr_array_add(
        warnings, g_strdup_printf("line below %.0f mm: the design's lowest point is %.0f mm above "
                                  "the glabella; practitioners place the line 70-100 mm above it",
                                  LOWEST_LINE, lowest));
  if (advanced(p->pattern)) {
    const char *stage = pattern_name(p->pattern);
    if (p->recession < ADVANCED_LEAST_RECESSION)
      g_ptr_array_add(warnings,
                      g_strdup_printf("no recession with %s: recession %.0f mm is a juvenile line; "
                                      "with an advanced stage the temples recede at least %.0f mm "
                                      "so that the line still suits the client later",
                                      stage, p->recession, ADVANCED_LEAST_RECESSION));
    if (lowest < ADVANCED_LOWEST_LINE)
      g_ptr_array_add(warnings,
                      g_strdup_printf("low line with %s: %.0f mm above the glabella; with an "
                                      "advanced stage keep the line at %.0f mm or higher",
                                      stage, lowest, ADVANCED_LOWEST_LINE));
    if (p->shape == SMP_HAIRLINE_SHAPE_STRAIGHT)
      g_ptr_array_add(warnings,
                      g_strdup_printf("straight line with %s: a straight edge-up line with "
                                      "advanced loss reads as a hairpiece; prefer a natural line",
                                      stage));
  }
  if (p->shape == SMP_HAIRLINE_SHAPE_WIDOW_PEAK && SMP_HAIRLINE_PEAK_DEPTH > p->transition)
    g_ptr_array_add(warnings,
                    g_strdup_printf("widow's peak deeper than the transition: the peak reaches "
                                    "%.0f mm below the line, the transition is %.0f mm wide; it "
                                    "shows as a hard point",
                                    SMP_HAIRLINE_PEAK_DEPTH, p->transition));
  return warnings;
}
