"""Opens one smp-studio procedure's dialog in a running GIMP, for scripts/dialog-images.

SMP_DIALOG names the procedure (follicles, hairline, scar-camouflage, sessions, stencil); the
procedure runs interactively on a 300 ppi photo-like image, so its dialog stays open until the
calling script has captured it and ended GIMP."""
import os

import gi

gi.require_version('Gimp', '3.0')
from gi.repository import Gegl, Gimp  # noqa: E402

name = os.environ['SMP_DIALOG']
image = Gimp.Image.new(640, 480, Gimp.ImageBaseType.RGB)
image.set_resolution(300.0, 300.0)
photo = Gimp.Layer.new(image, 'photo', 640, 480, Gimp.ImageType.RGB_IMAGE, 100.0,
                       Gimp.LayerMode.NORMAL)
image.insert_layer(photo, None, 0)
Gimp.context_set_foreground(Gegl.Color.new('#c9a883'))
photo.edit_fill(Gimp.FillType.FOREGROUND)
# The scar's area; for the session plan, its live report then measures the selection.
if name in ('scar-camouflage', 'sessions'):
    image.select_ellipse(Gimp.ChannelOps.REPLACE, 200, 160, 240, 160)

procedure = Gimp.get_pdb().lookup_procedure(f'plug-in-smp-{name}')
config = procedure.create_config()
config.set_property('run-mode', Gimp.RunMode.INTERACTIVE)
if name != 'stencil':
    config.set_property('image', image)
    config.set_core_object_array('drawables', [photo])
procedure.run(config)
