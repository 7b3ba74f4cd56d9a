#include "smp-hairline-args.h"
#include "smp-procedures.h"

const SmpDoubleArgument smp_hairline_doubles[SMP_HAIRLINE_N_DOUBLES] = {
    [SMP_HAIRLINE_ARG_ANGLE] =
        {"angle", "_Angle (°)",
         "Rotation of the head in the image, degrees counter-clockwise, -180 to 180", -180.0, 180.0,
         0.0},
    [SMP_HAIRLINE_ARG_HAIRLINE_HEIGHT] =
        {"hairline-height", "Hairline _height (mm)",
         "Height of the hairline above the glabella at the midline, 40 to "
         "140 mm",
         40.0, 140.0, 80.0},
    [SMP_HAIRLINE_ARG_TEMPLE_WIDTH] = {"temple-width", "_Temple width (mm)",
                                       "Distance between the two temple points, 40 to 200 mm", 40.0,
                                       200.0, 95.0},
    [SMP_HAIRLINE_ARG_RECESSION] =
        {"recession", "Temple _recession (mm)",
         "How far the frontotemporal angles sit above the mid-frontal point, 0 to "
         "60 mm",
         0.0, 60.0, 12.0},
    [SMP_HAIRLINE_ARG_TRANSITION] =
        {"transition", "T_ransition (mm)",
         "Width of the soft zone where density rises from 1 % to 99 %, 0 to 30 mm", 0.0, 30.0, 8.0},
    [SMP_HAIRLINE_ARG_IRREGULARITY] =
        {"irregularity", "_Irregularity",
         "Undulation of the border and sparse/dense spots in the transition "
         "zone, 0 to 1",
         0.0, 1.0, 0.3},
    [SMP_HAIRLINE_ARG_ASYMMETRY] =
        {"asymmetry", "As_ymmetry (mm)",
         "Mild difference between the left and right sides, -20 to 20 mm", -20.0, 20.0, 0.0},
    [SMP_HAIRLINE_ARG_OUTLINE_WIDTH] =
        {"outline-width", "Outline _width (mm)",
         "Stroke of the design line, 0.01 to 10 mm; zone edges are drawn half "
         "as wide",
         0.01, 10.0, 0.5},
    [SMP_HAIRLINE_ARG_HEAD_WIDTH] =
        {"head-width", "Head _width (mm)",
         "Widest breadth of the head, 100 to 220 mm (150-180 in adults)", 100.0, 220.0, 155.0},
    [SMP_HAIRLINE_ARG_HEAD_LENGTH] =
        {"head-length", "Head _length (mm)",
         "Glabella to the back of the head, 140 to 260 mm (200-230 in adults)", 140.0, 260.0,
         195.0},
};

const SmpChoiceArgument smp_hairline_choices[SMP_HAIRLINE_N_CHOICES] = {
    [SMP_HAIRLINE_CHOICE_VIEW] =
        {"view",
         "_View",
         "front: a face, origin at the glabella; top: the scalp from above, face up, "
         "origin at the midline point between the ear canals",
         "front",
         {{"front", SMP_HAIRLINE_VIEW_FRONT}, {"top", SMP_HAIRLINE_VIEW_TOP}}},
    [SMP_HAIRLINE_CHOICE_SHAPE] = {"shape",
                                   "Sha_pe",
                                   "Hairline shape",
                                   "natural",
                                   {{"natural", SMP_HAIRLINE_SHAPE_NATURAL},
                                    {"straight", SMP_HAIRLINE_SHAPE_STRAIGHT},
                                    {"rounded", SMP_HAIRLINE_SHAPE_ROUNDED},
                                    {"widow-peak", SMP_HAIRLINE_SHAPE_WIDOW_PEAK},
                                    {"m-shape", SMP_HAIRLINE_SHAPE_M_SHAPE},
                                    {"broken", SMP_HAIRLINE_SHAPE_BROKEN}}},
    [SMP_HAIRLINE_CHOICE_PATTERN] =
        {"pattern",
         "Pa_ttern",
         "Hair-loss pattern: full (no loss), Norwood-Hamilton or Ludwig stages",
         "full",
         {{"full", SMP_HAIRLINE_PATTERN_FULL},
          {"norwood-1", SMP_HAIRLINE_PATTERN_NORWOOD_1},
          {"norwood-2", SMP_HAIRLINE_PATTERN_NORWOOD_2},
          {"norwood-3", SMP_HAIRLINE_PATTERN_NORWOOD_3},
          {"norwood-3v", SMP_HAIRLINE_PATTERN_NORWOOD_3V},
          {"norwood-4", SMP_HAIRLINE_PATTERN_NORWOOD_4},
          {"norwood-5", SMP_HAIRLINE_PATTERN_NORWOOD_5},
          {"norwood-6", SMP_HAIRLINE_PATTERN_NORWOOD_6},
          {"norwood-7", SMP_HAIRLINE_PATTERN_NORWOOD_7},
          {"norwood-2a", SMP_HAIRLINE_PATTERN_NORWOOD_2A},
          {"norwood-3a", SMP_HAIRLINE_PATTERN_NORWOOD_3A},
          {"norwood-4a", SMP_HAIRLINE_PATTERN_NORWOOD_4A},
          {"norwood-5a", SMP_HAIRLINE_PATTERN_NORWOOD_5A},
          {"ludwig-1", SMP_HAIRLINE_PATTERN_LUDWIG_1},
          {"ludwig-2", SMP_HAIRLINE_PATTERN_LUDWIG_2},
          {"ludwig-3", SMP_HAIRLINE_PATTERN_LUDWIG_3}}},
    [SMP_HAIRLINE_CHOICE_AREA] =
        {"area",
         "A_rea",
         "Where the optional dots go: the hair the client has at this stage "
         "(current), or the rest of the design, the area to treat (treatment)",
         "current",
         {{"current", SMP_HAIRLINE_AREA_CURRENT}, {"treatment", SMP_HAIRLINE_AREA_TREATMENT}}},
};

GimpChoice *
smp_choice_new(const SmpChoiceArgument *argument)
{
  return smp_plugin_op_choice("smp:hairline-mask", argument->name, argument->value, NULL);
}

gint
smp_choice_core_value(const SmpChoiceArgument *argument, const gchar *nick)
{
  for (gint i = 0; i < (gint)G_N_ELEMENTS(argument->nicks) && argument->nicks[i].nick; i++)
    if (g_strcmp0(argument->nicks[i].nick, nick) == 0)
      return argument->nicks[i].value;
  return argument->nicks[0].value;
}
