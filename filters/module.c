/* smp-ops: the GEGL module that bundles every smp: operation. */
#include <gegl.h>
#include <gegl-plugin.h>

void gegl_op_smp_follicle_dots_register_type(GTypeModule *module);
void gegl_op_smp_scar_camouflage_register_type(GTypeModule *module);
void gegl_op_smp_hairline_mask_register_type(GTypeModule *module);

G_MODULE_EXPORT const GeglModuleInfo *gegl_module_query(GTypeModule *module);
G_MODULE_EXPORT gboolean gegl_module_register(GTypeModule *module);

static const GeglModuleInfo module_info = {GEGL_MODULE_ABI_VERSION};

G_MODULE_EXPORT const GeglModuleInfo *
gegl_module_query(GTypeModule *module)
{
  return &module_info;
}

G_MODULE_EXPORT gboolean
gegl_module_register(GTypeModule *module)
{
  gegl_op_smp_follicle_dots_register_type(module);
  gegl_op_smp_scar_camouflage_register_type(module);
  gegl_op_smp_hairline_mask_register_type(module);
  return TRUE;
}
