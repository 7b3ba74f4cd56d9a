/* The error domain of smp-studio, shared by the core and the plug-in. The code says what kind of
 * problem it is; the message names the parameter or argument at fault and how to fix it. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SMP_ERROR (smp_error_quark())
GQuark smp_error_quark(void);

typedef enum {
  SMP_ERROR_BAD_VALUE,     /* a parameter or argument outside its range, or malformed */
  SMP_ERROR_BAD_IMAGE,     /* an image the procedure cannot work on as it is */
  SMP_ERROR_NOT_INSTALLED, /* a part smp-studio needs is missing or does not match */
  SMP_ERROR_FAILED,        /* a step that should have worked did not (e.g. an export) */
} SmpError;

G_END_DECLS
