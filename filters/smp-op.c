/* smp-op: what every smp op shares (smp-op.h). */
#include "smp-op.h"

void
smp_op_finalize(GObject *object, GeglRandom **rand, GObjectClass *parent_class)
{
  g_clear_pointer(rand, gegl_random_free);
  parent_class->finalize(object);
}
