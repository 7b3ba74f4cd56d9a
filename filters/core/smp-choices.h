/* The words of the smp ops' enum properties, one list per property: (C constant, nick, label).
 *
 * The ops' chant enum blocks expand a list with enum_value, and the plug-in builds the choices of
 * the PDB arguments that pass these properties on from the same list, so a procedure dialog, a
 * script and GIMP's filter dialog use the same nicks, ids (the position in the list) and labels. */
#ifndef SMP_CHOICES_H
#define SMP_CHOICES_H

#ifndef N_
#define N_(text) text
#endif

/* clang-format off */

/* Where an op's sizes lie, flat on the picture or on the head's skin (both ops that have a
 * surface), the C constants named PREFIX_FLAT and PREFIX_DOME. */
#define SMP_HEAD_SURFACES(X, PREFIX) \
  X (PREFIX##_FLAT, "flat", N_("Flat (picture plane)")) \
  X (PREFIX##_DOME, "dome", N_("Dome (on the head's skin)"))

/* smp:follicle-dots */
#define SMP_DOTS_DENSITY_SOURCES(X) \
  X (SMP_DOTS_DENSITY_UNIFORM, "uniform", N_("Uniform")) \
  X (SMP_DOTS_DENSITY_INPUT_ALPHA, "input-alpha", N_("Input alpha")) \
  X (SMP_DOTS_DENSITY_INPUT_LUMINANCE, "input-luminance", N_("Input luminance"))

#define SMP_DOTS_OUTPUT_MODES(X) \
  X (SMP_DOTS_OUTPUT_DOTS, "dots", N_("Dots on transparent")) \
  X (SMP_DOTS_OUTPUT_OVER_INPUT, "over-input", N_("Dots over input")) \
  X (SMP_DOTS_OUTPUT_STENCIL, "stencil", N_("Stencil (black on white)"))

#define SMP_DOTS_SURFACES(X) SMP_HEAD_SURFACES (X, SMP_DOTS_SURFACE)

/* The order follows the core's SmpHeadView, which the op casts to; the words are the hairline's. */
#define SMP_DOTS_VIEWS(X) \
  X (SMP_DOTS_VIEW_FRONT, "front", N_("Front (face)")) \
  X (SMP_DOTS_VIEW_TOP, "top", N_("Top (scalp from above)")) \
  X (SMP_DOTS_VIEW_RIGHT, "right", N_("Right side (profile)")) \
  X (SMP_DOTS_VIEW_LEFT, "left", N_("Left side (profile)"))

#define SMP_DOTS_APPEARANCES(X) \
  X (SMP_DOTS_APPEARANCE_FRESH, "fresh", N_("Fresh (as deposited)")) \
  X (SMP_DOTS_APPEARANCE_HEALED, "healed", N_("Healed"))

/* smp:hairline-mask */
#define SMP_HAIRLINE_MASK_VIEWS(X) \
  X (SMP_HAIRLINE_MASK_VIEW_FRONT, "front", N_("Front (face)")) \
  X (SMP_HAIRLINE_MASK_VIEW_TOP, "top", N_("Top (scalp from above)")) \
  X (SMP_HAIRLINE_MASK_VIEW_LEFT, "left", N_("Left side (profile)")) \
  X (SMP_HAIRLINE_MASK_VIEW_RIGHT, "right", N_("Right side (profile)"))

#define SMP_HAIRLINE_MASK_SHAPES(X) \
  X (SMP_HAIRLINE_MASK_SHAPE_NATURAL, "natural", N_("Natural")) \
  X (SMP_HAIRLINE_MASK_SHAPE_STRAIGHT, "straight", N_("Straight (edge-up)")) \
  X (SMP_HAIRLINE_MASK_SHAPE_ROUNDED, "rounded", N_("Rounded")) \
  X (SMP_HAIRLINE_MASK_SHAPE_WIDOW_PEAK, "widow-peak", N_("Widow's peak")) \
  X (SMP_HAIRLINE_MASK_SHAPE_M_SHAPE, "m-shape", N_("M-shape")) \
  X (SMP_HAIRLINE_MASK_SHAPE_BROKEN, "broken", N_("Broken (soft)"))

#define SMP_HAIRLINE_MASK_PATTERNS(X) \
  X (SMP_HAIRLINE_MASK_PATTERN_FULL, "full", N_("Full (no loss)")) \
  X (SMP_HAIRLINE_MASK_PATTERN_NORWOOD_1, "norwood-1", N_("Norwood 1")) \
  X (SMP_HAIRLINE_MASK_PATTERN_NORWOOD_2, "norwood-2", N_("Norwood 2")) \
  X (SMP_HAIRLINE_MASK_PATTERN_NORWOOD_3, "norwood-3", N_("Norwood 3")) \
  X (SMP_HAIRLINE_MASK_PATTERN_NORWOOD_4, "norwood-4", N_("Norwood 4")) \
  X (SMP_HAIRLINE_MASK_PATTERN_NORWOOD_5, "norwood-5", N_("Norwood 5")) \
  X (SMP_HAIRLINE_MASK_PATTERN_NORWOOD_6, "norwood-6", N_("Norwood 6")) \
  X (SMP_HAIRLINE_MASK_PATTERN_NORWOOD_7, "norwood-7", N_("Norwood 7")) \
  X (SMP_HAIRLINE_MASK_PATTERN_NORWOOD_3V, "norwood-3v", N_("Norwood 3 vertex")) \
  X (SMP_HAIRLINE_MASK_PATTERN_NORWOOD_2A, "norwood-2a", N_("Norwood 2a")) \
  X (SMP_HAIRLINE_MASK_PATTERN_NORWOOD_3A, "norwood-3a", N_("Norwood 3a")) \
  X (SMP_HAIRLINE_MASK_PATTERN_NORWOOD_4A, "norwood-4a", N_("Norwood 4a")) \
  X (SMP_HAIRLINE_MASK_PATTERN_NORWOOD_5A, "norwood-5a", N_("Norwood 5a")) \
  X (SMP_HAIRLINE_MASK_PATTERN_LUDWIG_1, "ludwig-1", N_("Ludwig 1")) \
  X (SMP_HAIRLINE_MASK_PATTERN_LUDWIG_2, "ludwig-2", N_("Ludwig 2")) \
  X (SMP_HAIRLINE_MASK_PATTERN_LUDWIG_3, "ludwig-3", N_("Ludwig 3")) \
  X (SMP_HAIRLINE_MASK_PATTERN_OLSEN, "olsen", N_("Olsen frontal accentuation")) \
  X (SMP_HAIRLINE_MASK_PATTERN_SINCLAIR_1, "sinclair-1", N_("Sinclair 1")) \
  X (SMP_HAIRLINE_MASK_PATTERN_SINCLAIR_2, "sinclair-2", N_("Sinclair 2")) \
  X (SMP_HAIRLINE_MASK_PATTERN_SINCLAIR_3, "sinclair-3", N_("Sinclair 3")) \
  X (SMP_HAIRLINE_MASK_PATTERN_SINCLAIR_4, "sinclair-4", N_("Sinclair 4")) \
  X (SMP_HAIRLINE_MASK_PATTERN_SINCLAIR_5, "sinclair-5", N_("Sinclair 5"))

#define SMP_HAIRLINE_MASK_AREAS(X) \
  X (SMP_HAIRLINE_MASK_AREA_CURRENT, "current", N_("Current hair")) \
  X (SMP_HAIRLINE_MASK_AREA_TREATMENT, "treatment", N_("Area to treat"))

#define SMP_HAIRLINE_MASK_OUTPUT_MODES(X) \
  X (SMP_HAIRLINE_MASK_OUTPUT_MASK, "mask", N_("Mask (white, alpha = density)")) \
  X (SMP_HAIRLINE_MASK_OUTPUT_OUTLINE, "outline", N_("Outline (stencil lines)"))

/* The words of smp:follicle-dots' surface: the procedures pass one argument to both ops. */
#define SMP_HAIRLINE_MASK_SURFACES(X) SMP_HEAD_SURFACES (X, SMP_HAIRLINE_MASK_SURFACE)

/* smp:scar-camouflage */
#define SMP_SCAR_CAMOUFLAGE_DETECTS(X) \
  X (SMP_SCAR_CAMOUFLAGE_DETECT_AUTO, "auto", N_("Lighter, smoother tissue")) \
  X (SMP_SCAR_CAMOUFLAGE_DETECT_WHOLE_AREA, "whole-area", N_("Whole area"))

#define SMP_SCAR_CAMOUFLAGE_OUTPUT_MODES(X) \
  X (SMP_SCAR_CAMOUFLAGE_OUTPUT_OVER_INPUT, "over-input", N_("Dots over input")) \
  X (SMP_SCAR_CAMOUFLAGE_OUTPUT_DOTS, "dots", N_("Dots on transparent"))

/* clang-format on */

#endif /* SMP_CHOICES_H */
