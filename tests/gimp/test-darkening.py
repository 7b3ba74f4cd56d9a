"""The healed darkening the session plan reports is what the dots really do to the skin: dots
rendered by plug-in-smp-follicles over skin of the same tone, averaged in linear light as the eye
averages them from a distance, darken it by the reported L*, in an sRGB image and in an image whose
colour profile is Adobe RGB, where the op mixes and tints the colours in other primaries."""
import math
import re
import struct

import gi

gi.require_version('Gimp', '3.0')
gi.require_version('Gegl', '0.4')
from gi.repository import Gegl, Gimp  # noqa: E402

from smp_test import check, check_range, log, run  # noqa: E402

SIZE, PPI = 600, 300.0
HAIR, SKIN, SKIN_HEX = 'dark-brown', 'monk-4', '#eadaba'


def lightness(rgb):
    """CIE L* of linear sRGB (D65; Y relative to white)."""
    y = 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2]
    f = y ** (1.0 / 3.0) if y > 216.0 / 24389.0 else (24389.0 / 27.0 * y + 16.0) / 116.0
    return 116.0 * f - 16.0


def mean_linear(drawable):
    """The mean colour of the drawable in linear light, as linear sRGB."""
    buffer = drawable.get_buffer()
    w, h = drawable.get_width(), drawable.get_height()
    data = buffer.get(Gegl.Rectangle.new(0, 0, w, h), 1.0, 'RGB float', Gegl.AbyssPolicy.NONE)
    values = struct.unpack(f'{3 * w * h}f', bytes(data))
    return [math.fsum(values[c::3]) / (w * h) for c in range(3)]


def skin_image(profile):
    image = Gimp.Image.new(SIZE, SIZE, Gimp.ImageBaseType.RGB)
    if profile is not None:
        image.set_color_profile(profile)
    image.set_resolution(PPI, PPI)
    layer = Gimp.Layer.new(image, 'skin', SIZE, SIZE, Gimp.ImageType.RGB_IMAGE, 100.0,
                           Gimp.LayerMode.NORMAL)
    image.insert_layer(layer, None, 0)
    skin = Gegl.Color.new(SKIN_HEX)
    Gimp.context_set_foreground(skin)
    layer.edit_fill(Gimp.FillType.FOREGROUND)
    return image, layer


def reported_darkening(image, layer):
    values = run('plug-in-smp-sessions', image, [layer], coverages='1', hair_type=HAIR,
                 skin_tone=SKIN, appearance='healed', years=0.0)
    report = values[6]
    found = re.search(r'healed darkening \(([0-9.]+) L\*\)', report)
    check(found is not None, f'the report gives the healed darkening: {report!r}')
    image.remove_layer(values[7])
    return float(found.group(1))


def rendered_darkening(image, layer):
    skin = lightness(mean_linear(layer))
    run('plug-in-smp-follicles', image, [layer], hair_type=HAIR, skin_tone=SKIN,
        appearance='healed', years=0.0, merge=True)
    seen = image.merge_visible_layers(Gimp.MergeType.CLIP_TO_IMAGE)
    return skin - lightness(mean_linear(seen))


spaces = {'sRGB': None, 'Adobe RGB': Gimp.ColorProfile.new_rgb_adobe()}
for name, profile in spaces.items():
    image, layer = skin_image(profile)
    reported = reported_darkening(image, layer)
    rendered = rendered_darkening(image, layer)
    log(f'{name}: reported {reported:.2f} L*, rendered {rendered:.2f} L*')
    check_range(reported, 0.9 * rendered, 1.1 * rendered,
                f'{name}: the reported healed darkening against the rendered {rendered:.2f} L*')
    image.delete()
