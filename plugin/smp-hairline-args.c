#include "smp-hairline-args.h"
#include "smp-head.h"
#include "smp-procedures.h"

#define FIELD(field) G_STRUCT_OFFSET(SmpHairlineParams, field)

/* Choices are read and written through their offsets as gint. */
G_STATIC_ASSERT(sizeof(SmpHairlineView) == sizeof(gint));
G_STATIC_ASSERT(sizeof(SmpHairlineShape) == sizeof(gint));
G_STATIC_ASSERT(sizeof(SmpHairlinePattern) == sizeof(gint));
G_STATIC_ASSERT(sizeof(SmpHairlineArea) == sizeof(gint));

const SmpDoubleArgument smp_hairline_doubles[SMP_HAIRLINE_N_DOUBLES] = {
    [SMP_HAIRLINE_ARG_ANGLE] =
        {"angle", "_Angle (°)",
         "Rotation of the head in the image, degrees counter-clockwise, -180 to 180", -180.0, 180.0,
         0.0, FIELD(angle)},
    [SMP_HAIRLINE_ARG_HAIRLINE_HEIGHT] =
        {"hairline-height", "Hairline _height (mm)",
         "Height of the hairline above the glabella at the midline, 40 to "
         "140 mm",
         40.0, 140.0, 80.0, FIELD(hairline_height)},
    [SMP_HAIRLINE_ARG_TEMPLE_WIDTH] =
        {"temple-width", "_Temple width (mm)",
         "Distance between the two frontotemporal angles, 40 to 200 mm", 40.0, 200.0, 95.0,
         FIELD(temple_width)},
    [SMP_HAIRLINE_ARG_RECESSION] =
        {"recession", "Temple _recession (mm)",
         "How far the frontotemporal angles sit above the mid-frontal point, 0 to "
         "60 mm",
         0.0, 60.0, 12.0, FIELD(recession)},
    [SMP_HAIRLINE_ARG_TRANSITION] =
        {"transition", "T_ransition (mm)",
         "Width of the soft zone where density rises from 1 % to 99 %, 0 to 30 mm", 0.0, 30.0, 8.0,
         FIELD(transition)},
    [SMP_HAIRLINE_ARG_IRREGULARITY] =
        {"irregularity", "_Irregularity",
         "Undulation of the border and sparse/dense spots in the transition "
         "zone, 0 to 1",
         0.0, 1.0, 0.3, FIELD(irregularity)},
    [SMP_HAIRLINE_ARG_ASYMMETRY] =
        {"asymmetry", "As_ymmetry (mm)",
         "Mild difference between the left and right sides, -20 to 20 mm", -20.0, 20.0, 0.0,
         FIELD(asymmetry)},
    [SMP_HAIRLINE_ARG_OUTLINE_WIDTH] =
        {"outline-width", "Outline _width (mm)",
         "Stroke of the design line, 0.01 to 10 mm; zone edges are drawn half "
         "as wide",
         0.01, 10.0, 0.5, FIELD(outline_width)},
    [SMP_HAIRLINE_ARG_HEAD_WIDTH] =
        {"head-width", "Head _width (mm)",
         "Widest breadth of the head above the ears, 120 to 190 mm (adults 135-170)",
         SMP_HEAD_WIDTH_MIN, SMP_HEAD_WIDTH_MAX, SMP_HEAD_WIDTH_DEFAULT, FIELD(head_width)},
    [SMP_HAIRLINE_ARG_HEAD_LENGTH] =
        {"head-length", "Head _length (mm)",
         "Glabella to the back of the head, 160 to 230 mm (adults 165-205)", SMP_HEAD_LENGTH_MIN,
         SMP_HEAD_LENGTH_MAX, SMP_HEAD_LENGTH_DEFAULT, FIELD(head_length)},
    [SMP_HAIRLINE_ARG_WHORL_SIDE] = {"whorl-side", "Whorl _offset (mm)",
                                     "How far right of the midline the crown whorl sits, -40 to "
                                     "40 mm (most sit right of it)",
                                     -40.0, 40.0, 5.0, FIELD(whorl_side)},
    [SMP_HAIRLINE_ARG_WHORL_BEHIND] = {"whorl-behind", "Whorl _distance (mm)",
                                       "How far behind the line joining the ear canals the crown "
                                       "whorl sits, 0 to 120 mm (62.5 on average)",
                                       0.0, 120.0, 62.5, FIELD(whorl_behind)},
};

const SmpBooleanArgument smp_hairline_booleans[SMP_HAIRLINE_N_BOOLEANS] = {
    [SMP_HAIRLINE_BOOL_WHORL_CLOCKWISE] = {"whorl-clockwise", "C_lockwise whorl",
                                           "The crown whorl turns clockwise seen from above (most "
                                           "do); drawn on the top view's outline",
                                           TRUE, FIELD(whorl_clockwise)},
};

const SmpChoiceArgument smp_hairline_choices[SMP_HAIRLINE_N_CHOICES] = {
    [SMP_HAIRLINE_CHOICE_VIEW] =
        {"view",
         "_View",
         "front: a face, origin at the glabella; top: the scalp from above, face up, "
         "origin at the midline point between the ear canals; left, right: that side in "
         "profile, origin at the glabella",
         "front",
         FIELD(view),
         {{"front", SMP_HAIRLINE_VIEW_FRONT},
          {"top", SMP_HAIRLINE_VIEW_TOP},
          {"left", SMP_HAIRLINE_VIEW_LEFT},
          {"right", SMP_HAIRLINE_VIEW_RIGHT}}},
    [SMP_HAIRLINE_CHOICE_SHAPE] = {"shape",
                                   "Sha_pe",
                                   "Hairline shape",
                                   "natural",
                                   FIELD(shape),
                                   {{"natural", SMP_HAIRLINE_SHAPE_NATURAL},
                                    {"straight", SMP_HAIRLINE_SHAPE_STRAIGHT},
                                    {"rounded", SMP_HAIRLINE_SHAPE_ROUNDED},
                                    {"widow-peak", SMP_HAIRLINE_SHAPE_WIDOW_PEAK},
                                    {"m-shape", SMP_HAIRLINE_SHAPE_M_SHAPE},
                                    {"broken", SMP_HAIRLINE_SHAPE_BROKEN}}},
    [SMP_HAIRLINE_CHOICE_PATTERN] =
        {"pattern",
         "Pa_ttern",
         "The client's current hair: full (no stage), Norwood-Hamilton, Ludwig, Olsen or Sinclair",
         "full",
         FIELD(pattern),
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
          {"ludwig-3", SMP_HAIRLINE_PATTERN_LUDWIG_3},
          {"olsen", SMP_HAIRLINE_PATTERN_OLSEN},
          {"sinclair-1", SMP_HAIRLINE_PATTERN_SINCLAIR_1},
          {"sinclair-2", SMP_HAIRLINE_PATTERN_SINCLAIR_2},
          {"sinclair-3", SMP_HAIRLINE_PATTERN_SINCLAIR_3},
          {"sinclair-4", SMP_HAIRLINE_PATTERN_SINCLAIR_4},
          {"sinclair-5", SMP_HAIRLINE_PATTERN_SINCLAIR_5}}},
    [SMP_HAIRLINE_CHOICE_AREA] =
        {"area",
         "A_rea",
         "Where the optional dots go: the hair the client has at this stage "
         "(current), or the rest of the design, the area to treat (treatment)",
         "current",
         FIELD(area),
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

const gchar *
smp_choice_nick(const SmpChoiceArgument *argument, gint value)
{
  for (gint i = 0; i < (gint)G_N_ELEMENTS(argument->nicks) && argument->nicks[i].nick; i++)
    if (argument->nicks[i].value == value)
      return argument->nicks[i].nick;
  return argument->nicks[0].nick;
}

void
smp_hairline_add_choice_arguments(GimpProcedure *procedure)
{
  for (gsize i = 0; i < SMP_HAIRLINE_N_CHOICES; i++) {
    const SmpChoiceArgument *c = &smp_hairline_choices[i];
    smp_plugin_add_choice_argument(procedure, c->name, c->label, c->blurb, smp_choice_new(c),
                                   c->value);
  }
}

void
smp_hairline_add_double_arguments(GimpProcedure *procedure)
{
  for (gsize i = 0; i < SMP_HAIRLINE_N_DOUBLES; i++) {
    const SmpDoubleArgument *d = &smp_hairline_doubles[i];
    gimp_procedure_add_double_argument(procedure, d->name, d->label, d->blurb, d->min, d->max,
                                       d->value, G_PARAM_READWRITE);
  }
  for (gsize i = 0; i < SMP_HAIRLINE_N_BOOLEANS; i++) {
    const SmpBooleanArgument *b = &smp_hairline_booleans[i];
    gimp_procedure_add_boolean_argument(procedure, b->name, b->label, b->blurb, b->value,
                                        G_PARAM_READWRITE);
  }
}

static gdouble *
double_field(SmpHairlineParams *params, const SmpDoubleArgument *argument)
{
  return G_STRUCT_MEMBER_P(params, argument->offset);
}

static gint *
choice_field(SmpHairlineParams *params, const SmpChoiceArgument *argument)
{
  return G_STRUCT_MEMBER_P(params, argument->offset);
}

static gboolean *
boolean_field(SmpHairlineParams *params, const SmpBooleanArgument *argument)
{
  return G_STRUCT_MEMBER_P(params, argument->offset);
}

/* The table's values from an object with properties of the same names: a procedure's config or
 * an op filter's. */
static void
params_from_object(GObject *config, SmpHairlineParams *params)
{
  smp_hairline_params_init(params);
  for (gsize i = 0; i < SMP_HAIRLINE_N_DOUBLES; i++)
    g_object_get(config, smp_hairline_doubles[i].name,
                 double_field(params, &smp_hairline_doubles[i]), NULL);
  for (gsize i = 0; i < SMP_HAIRLINE_N_CHOICES; i++) {
    g_autofree gchar *nick = NULL;
    g_object_get(config, smp_hairline_choices[i].name, &nick, NULL);
    *choice_field(params, &smp_hairline_choices[i]) =
        smp_choice_core_value(&smp_hairline_choices[i], nick);
  }
  for (gsize i = 0; i < SMP_HAIRLINE_N_BOOLEANS; i++)
    g_object_get(config, smp_hairline_booleans[i].name,
                 boolean_field(params, &smp_hairline_booleans[i]), NULL);
}

void
smp_hairline_copy_design(GObject *from, GObject *to)
{
  const gchar *names[SMP_HAIRLINE_N_DOUBLES + SMP_HAIRLINE_N_CHOICES + SMP_HAIRLINE_N_BOOLEANS + 1];
  gsize n = 0;

  for (gsize i = 0; i < SMP_HAIRLINE_N_DOUBLES; i++)
    names[n++] = smp_hairline_doubles[i].name;
  for (gsize i = 0; i < SMP_HAIRLINE_N_CHOICES; i++)
    names[n++] = smp_hairline_choices[i].name;
  for (gsize i = 0; i < SMP_HAIRLINE_N_BOOLEANS; i++)
    names[n++] = smp_hairline_booleans[i].name;
  names[n++] = "seed";
  for (gsize i = 0; i < n; i++) {
    GParamSpec *spec = g_object_class_find_property(G_OBJECT_GET_CLASS(from), names[i]);
    g_auto(GValue) value = G_VALUE_INIT;
    if (!spec || !g_object_class_find_property(G_OBJECT_GET_CLASS(to), names[i]))
      continue;
    g_value_init(&value, spec->value_type);
    g_object_get_property(from, names[i], &value);
    g_object_set_property(to, names[i], &value);
  }
}

void
smp_hairline_params_from_config(GimpProcedureConfig *config, SmpHairlineParams *params)
{
  gint seed;

  params_from_object(G_OBJECT(config), params);
  g_object_get(config, "seed", &seed, NULL);
  params->seed = (guint32)seed;
}

gchar *
smp_hairline_warn(const SmpHairlineParams *params)
{
  g_autoptr(GPtrArray) warnings = smp_hairline_guardrails(params);

  for (guint i = 0; i < warnings->len && !smp_plugin_previewing(); i++)
    gimp_message(g_ptr_array_index(warnings, i));
  g_ptr_array_add(warnings, NULL);
  return g_strjoinv("\n", (gchar **)warnings->pdata);
}

gchar *
smp_hairline_warn_drawable(GimpDrawable *drawable)
{
  GimpDrawableFilter **filters = gimp_drawable_get_filters(drawable);
  g_autoptr(GString) all = g_string_new(NULL);

  for (gint i = 0; filters && filters[i]; i++) {
    g_autofree gchar *op = gimp_drawable_filter_get_operation_name(filters[i]);
    SmpHairlineParams params;
    if (g_strcmp0(op, "smp:hairline-mask") != 0)
      continue;
    params_from_object(G_OBJECT(gimp_drawable_filter_get_config(filters[i])), &params);
    g_autofree gchar *warnings = smp_hairline_warn(&params);
    if (*warnings)
      g_string_append_printf(all, "%s%s", all->len ? "\n" : "", warnings);
  }
  g_free(filters);
  return g_strdup(all->str);
}

gboolean
smp_filter_set(GimpDrawableFilter *filter, const gchar *name, const GValue *value, GError **error)
{
  GimpDrawableFilterConfig *config = gimp_drawable_filter_get_config(filter);

  if (!g_object_class_find_property(G_OBJECT_GET_CLASS(config), name)) {
    g_autofree gchar *op = gimp_drawable_filter_get_operation_name(filter);
    g_set_error(error, SMP_ERROR, SMP_ERROR_NOT_INSTALLED,
                "%s has no property '%s': the installed smp-ops module does not match this "
                "plug-in",
                op, name);
    return FALSE;
  }
  if (value)
    g_object_set_property(G_OBJECT(config), name, value);
  return TRUE;
}

/* The typed setters check the name, then let GObject take the value. */
#define SET_TYPED(filter, name, v, error)                                                          \
  (smp_filter_set(filter, name, NULL, error) &&                                                    \
   (g_object_set(gimp_drawable_filter_get_config(filter), name, v, NULL), TRUE))

gboolean
smp_filter_set_double(GimpDrawableFilter *filter, const gchar *name, gdouble v, GError **error)
{
  return SET_TYPED(filter, name, v, error);
}

gboolean
smp_filter_set_int(GimpDrawableFilter *filter, const gchar *name, gint v, GError **error)
{
  return SET_TYPED(filter, name, v, error);
}

gboolean
smp_filter_set_boolean(GimpDrawableFilter *filter, const gchar *name, gboolean v, GError **error)
{
  return SET_TYPED(filter, name, v, error);
}

gboolean
smp_filter_set_nick(GimpDrawableFilter *filter, const gchar *name, const gchar *nick,
                    GError **error)
{
  return SET_TYPED(filter, name, nick, error);
}

gboolean
smp_hairline_configure_filter(GimpDrawableFilter *filter, const SmpHairlineParams *params,
                              GError **error)
{
  SmpHairlineParams p = *params;
  gboolean ok;

  ok = smp_filter_set_double(filter, "ppi", p.ppi, error) &&
       smp_filter_set_double(filter, "origin-x", p.origin_x, error) &&
       smp_filter_set_double(filter, "origin-y", p.origin_y, error) &&
       smp_filter_set_int(filter, "seed", (gint)MIN(p.seed, (guint32)G_MAXINT), error) &&
       smp_filter_set_nick(filter, SMP_HAIRLINE_OUTPUT_PROPERTY,
                           p.output == SMP_HAIRLINE_OUTPUT_OUTLINE ? "outline" : "mask", error);
  for (gsize i = 0; ok && i < SMP_HAIRLINE_N_DOUBLES; i++)
    ok = smp_filter_set_double(filter, smp_hairline_doubles[i].name,
                               *double_field(&p, &smp_hairline_doubles[i]), error);
  for (gsize i = 0; ok && i < SMP_HAIRLINE_N_CHOICES; i++)
    ok = smp_filter_set_nick(
        filter, smp_hairline_choices[i].name,
        smp_choice_nick(&smp_hairline_choices[i], *choice_field(&p, &smp_hairline_choices[i])),
        error);
  for (gsize i = 0; ok && i < SMP_HAIRLINE_N_BOOLEANS; i++)
    ok = smp_filter_set_boolean(filter, smp_hairline_booleans[i].name,
                                *boolean_field(&p, &smp_hairline_booleans[i]), error);
  return ok;
}

void
smp_hairline_params_to_object(const SmpHairlineParams *params, GObject *to)
{
  SmpHairlineParams p = *params;

  for (gsize i = 0; i < SMP_HAIRLINE_N_DOUBLES; i++)
    g_object_set(to, smp_hairline_doubles[i].name, *double_field(&p, &smp_hairline_doubles[i]),
                 NULL);
  for (gsize i = 0; i < SMP_HAIRLINE_N_CHOICES; i++)
    g_object_set(
        to, smp_hairline_choices[i].name,
        smp_choice_nick(&smp_hairline_choices[i], *choice_field(&p, &smp_hairline_choices[i])),
        NULL);
  for (gsize i = 0; i < SMP_HAIRLINE_N_BOOLEANS; i++)
    g_object_set(to, smp_hairline_booleans[i].name, *boolean_field(&p, &smp_hairline_booleans[i]),
                 NULL);
  g_object_set(to, "seed", (gint)MIN(p.seed, (guint32)G_MAXINT), NULL);
}

/* The record is a key file of the op's property names: readable, and an older record missing a
 * newer property keeps that property's default. */
#define RECORD_GROUP "smp:hairline-mask"

void
smp_hairline_record_attach(GimpLayer *layer, const SmpHairlineParams *params)
{
  g_autoptr(GKeyFile) keys = g_key_file_new();
  SmpHairlineParams p = *params;
  g_autofree gchar *text = NULL;
  GimpParasite *parasite;
  gint x, y;
  gsize length;

  gimp_drawable_get_offsets(GIMP_DRAWABLE(layer), &x, &y);
  g_key_file_set_double(keys, RECORD_GROUP, "ppi", p.ppi);
  g_key_file_set_double(keys, RECORD_GROUP, "origin-x", p.origin_x - x);
  g_key_file_set_double(keys, RECORD_GROUP, "origin-y", p.origin_y - y);
  g_key_file_set_uint64(keys, RECORD_GROUP, "seed", p.seed);
  for (gsize i = 0; i < SMP_HAIRLINE_N_DOUBLES; i++)
    g_key_file_set_double(keys, RECORD_GROUP, smp_hairline_doubles[i].name,
                          *double_field(&p, &smp_hairline_doubles[i]));
  for (gsize i = 0; i < SMP_HAIRLINE_N_CHOICES; i++)
    g_key_file_set_string(
        keys, RECORD_GROUP, smp_hairline_choices[i].name,
        smp_choice_nick(&smp_hairline_choices[i], *choice_field(&p, &smp_hairline_choices[i])));
  for (gsize i = 0; i < SMP_HAIRLINE_N_BOOLEANS; i++)
    g_key_file_set_boolean(keys, RECORD_GROUP, smp_hairline_booleans[i].name,
                           *boolean_field(&p, &smp_hairline_booleans[i]));
  text = g_key_file_to_data(keys, &length, NULL);
  parasite = gimp_parasite_new(SMP_HAIRLINE_RECORD_PARASITE, GIMP_PARASITE_PERSISTENT,
                               (guint32)length + 1, text);
  gimp_item_attach_parasite(GIMP_ITEM(layer), parasite);
  gimp_parasite_free(parasite);
}

/* A key that is missing or does not parse keeps the value before. */
static void
record_double(GKeyFile *keys, const gchar *name, gdouble *value)
{
  GError *error = NULL;
  gdouble v = g_key_file_get_double(keys, RECORD_GROUP, name, &error);

  if (!error)
    *value = v;
  g_clear_error(&error);
}

gboolean
smp_hairline_record_read(GimpLayer *layer, SmpHairlineParams *params)
{
  GimpParasite *parasite = gimp_item_get_parasite(GIMP_ITEM(layer), SMP_HAIRLINE_RECORD_PARASITE);
  g_autoptr(GKeyFile) keys = g_key_file_new();
  const gchar *data;
  guint32 size = 0;
  gboolean ok;

  if (!parasite)
    return FALSE;
  data = gimp_parasite_get_data(parasite, &size);
  ok = size > 0 && g_key_file_load_from_data(keys, data, size - 1, G_KEY_FILE_NONE, NULL) &&
       g_key_file_has_group(keys, RECORD_GROUP);
  gimp_parasite_free(parasite);
  if (!ok)
    return FALSE;
  smp_hairline_params_init(params);
  record_double(keys, "ppi", &params->ppi);
  record_double(keys, "origin-x", &params->origin_x);
  record_double(keys, "origin-y", &params->origin_y);
  if (g_key_file_has_key(keys, RECORD_GROUP, "seed", NULL))
    params->seed = (guint32)g_key_file_get_uint64(keys, RECORD_GROUP, "seed", NULL);
  for (gsize i = 0; i < SMP_HAIRLINE_N_DOUBLES; i++)
    record_double(keys, smp_hairline_doubles[i].name,
                  double_field(params, &smp_hairline_doubles[i]));
  for (gsize i = 0; i < SMP_HAIRLINE_N_CHOICES; i++) {
    g_autofree gchar *nick =
        g_key_file_get_string(keys, RECORD_GROUP, smp_hairline_choices[i].name, NULL);
    if (nick)
      *choice_field(params, &smp_hairline_choices[i]) =
          smp_choice_core_value(&smp_hairline_choices[i], nick);
  }
  for (gsize i = 0; i < SMP_HAIRLINE_N_BOOLEANS; i++)
    if (g_key_file_has_key(keys, RECORD_GROUP, smp_hairline_booleans[i].name, NULL))
      *boolean_field(params, &smp_hairline_booleans[i]) =
          g_key_file_get_boolean(keys, RECORD_GROUP, smp_hairline_booleans[i].name, NULL);
  return TRUE;
}
