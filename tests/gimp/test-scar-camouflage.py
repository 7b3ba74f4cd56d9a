"""plug-in-smp-scar-camouflage from Python: a scalp with SMP dots and a lighter, dot-free scar; the
selection around it gets a new layer whose dots fill the scar at about the density around it, and
every existing layer stays byte-identical."""
import math

from smp_test import (Gimp, Gegl, alpha, baked, blobs, check, check_error, check_mirrors,
                      check_range, finish, pixels, run)

PPI = 300.0
W, H = 420, 300
DENSITY = 55.0
SCAR = (110, 115, 200, 70)  # x, y, width, height of the elliptic scar
AREA = (60, 60, 300, 180)   # the selection: the scar and a rim of the scalp

image = Gimp.Image.new(W, H, Gimp.ImageBaseType.RGB)
image.set_resolution(PPI, PPI)
photo = Gimp.Layer.new(image, 'scalp', W, H, Gimp.ImageType.RGB_IMAGE, 100.0,
                       Gimp.LayerMode.NORMAL)
image.insert_layer(photo, None, 0)
skin = Gegl.Color.new('#c9a883')
Gimp.context_set_foreground(skin)
photo.edit_fill(Gimp.FillType.FOREGROUND)

# The existing SMP: dots over the whole scalp.
(dots,) = run('plug-in-smp-follicles', image, [photo], hair_type='dark-brown',
              skin_tone='monk-5', density=DENSITY, dot_size=0.3, appearance='fresh', seed=2,
              merge=True)
# The scar: lighter, smooth tissue without dots.
scar = Gimp.Layer.new(image, 'scar', W, H, Gimp.ImageType.RGBA_IMAGE, 100.0,
                      Gimp.LayerMode.NORMAL)
image.insert_layer(scar, None, 0)
image.select_ellipse(Gimp.ChannelOps.REPLACE, *SCAR)
Gimp.context_set_foreground(Gegl.Color.new('#e8d3bd'))
scar.edit_fill(Gimp.FillType.FOREGROUND)
originals = {layer.get_name(): pixels(layer) for layer in (photo, dots, scar)}

Gimp.Selection.none(image)
check_error('plug-in-smp-scar-camouflage', image, [scar], ['selection'],
            'no selection: the area is unknown')

image.select_rectangle(Gimp.ChannelOps.REPLACE, *AREA)
(layer,) = run('plug-in-smp-scar-camouflage', image, [scar], seed=4, merge=True)
check(image.get_layers()[0] == layer, 'the camouflage layer is on top, above the active layer')
check((layer.get_offsets()[1:], layer.get_width(), layer.get_height()) ==
      ((AREA[0], AREA[1]), AREA[2], AREA[3]), 'the layer covers the selection')
for each in (photo, dots, scar):
    check(pixels(each) == originals[each.get_name()], f'layer "{each.get_name()}" byte-identical')

# Dots in the scar, well inside its edge, against the density around it.
a = alpha(layer)
sx, sy, sw, sh = SCAR
cx, cy = sx + sw / 2, sy + sh / 2
inner = [(x, y) for y in range(AREA[1], AREA[1] + AREA[3]) for x in range(AREA[0], AREA[0] + AREA[2])
         if ((x + 0.5 - cx) / (sw / 2 - 8)) ** 2 + ((y + 0.5 - cy) / (sh / 2 - 8)) ** 2 <= 1]
plane = bytearray(AREA[2] * AREA[3])
for x, y in inner:
    i = (y - AREA[1]) * AREA[2] + (x - AREA[0])
    plane[i] = a[i]
found = blobs(bytes(plane), AREA[2], AREA[3])
px_per_cm = PPI / 2.54
want = DENSITY * len(inner) / px_per_cm ** 2
check_range(found, 0.6 * want, 1.4 * want,
            f'new dots inside the scar at the density around it (expected {want:.0f})')

# Outside the scar and its feather band (4 mm = 47 px) no new dots appear.
band = 4.0 / 25.4 * PPI + 6
far = sum(1 for y in range(AREA[3]) for x in range(AREA[2])
          if a[y * AREA[2] + x] >= 128 and
          math.hypot(max(0.0, abs(x + AREA[0] + 0.5 - cx) - sw / 2),
                     max(0.0, abs(y + AREA[1] + 0.5 - cy) - sh / 2)) > band)
check(far == 0, f'no new dots beyond the feather band ({far} inked pixels)')

# Not merged: an editable effect that draws the new dots alone (output-mode is a name GIMP's filter
# editor keeps, so editing the effect keeps this look: tests/gimp/test-filter-config.py).
image.select_rectangle(Gimp.ChannelOps.REPLACE, *AREA)
(live,) = run('plug-in-smp-scar-camouflage', image, [scar], seed=4)
Gimp.Selection.none(image)
check(live.get_filters()[0].get_config().get_property('output-mode') == 'dots',
      'the effect draws the new dots alone')
shown = alpha(baked(image, live))
covered = sum(1 for v in shown if v > 0) / len(shown)
check_range(covered, 0.001, 0.3, 'share of the effect layer with any ink: dots, not the photo')

check_mirrors('plug-in-smp-scar-camouflage', 'smp:scar-camouflage', photo,
              ['density', 'density-multiplier', 'dot-size', 'feather', 'shade-offset',
               'scar-detect'])

finish(__file__)
