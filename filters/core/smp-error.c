/* The error domain of smp-studio. See smp-error.h. */
#include "smp-error.h"

/* clang-format would space the dashes of the quark's name, and the name is a string. */
/* clang-format off */
G_DEFINE_QUARK(smp-error-quark, smp_error)
/* clang-format on */
