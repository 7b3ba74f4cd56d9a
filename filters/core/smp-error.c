/* The error domain of the core. See smp-error.h. */
#include "smp-error.h"

G_DEFINE_QUARK(smp - error - quark, smp_error)
