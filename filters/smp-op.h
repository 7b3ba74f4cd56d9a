/* smp-op: what every smp op shares, whatever it draws. */
#pragma once

#include <gegl.h>
#include <gegl-plugin.h>

G_BEGIN_DECLS

/* The end of an op's finalize: frees the GeglRandom that gegl-op.h allocates for a seed property
 * (`&o->rand`) but whose destroy notify does not free (GEGL 0.4.62: without this every instance of
 * an op with a seed leaks it), then chains up to `parent_class`. */
void smp_op_finalize(GObject *object, GeglRandom **rand, GObjectClass *parent_class);

G_END_DECLS
