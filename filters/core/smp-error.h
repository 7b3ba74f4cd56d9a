/* The error domain of the core: errors of the parameters handed to it. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SMP_ERROR (smp_error_quark())
GQuark smp_error_quark(void);

typedef enum {
  SMP_ERROR_BAD_VALUE, /* a parameter outside its range; the message names it and the range */
} SmpError;

G_END_DECLS
