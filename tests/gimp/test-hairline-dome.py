"""plug-in-smp-hairline with surface dome, from Python: the hairline height is a tape length up
the forehead (docs/head-model.md), so on a front photo the rendered line sits lower than the same
number drawn flat, at the height whose tape on the head model, integrated here independently,
is that length; the op gets the procedure's surface and head-height under their own names."""
import math

from smp_test import Gimp, alpha, baked, check, check_mirrors, check_range, filter_config, finish, \
    log, make_image, run

PPI, W, H = 200.0, 900, 900
PX_PER_MM = PPI / 25.4
ORIGIN = (450.0, 800.0)
HEAD_L, HEAD_H, Z_WIDE = 195.0, 110.0, 30.0


def forehead_tape(z):
    """Tape up the midline from the glabella to height z: straight to the widest section, then the
    midline's quarter ellipse (semi-axes 0.49 x length and height - 30 mm), by the midpoint rule."""
    if z <= Z_WIDE:
        return z
    b, h = 0.49 * HEAD_L, HEAD_H - Z_WIDE
    t1, n = math.asin(min((z - Z_WIDE) / h, 1.0)), 20000
    return Z_WIDE + sum(math.hypot(b * math.sin(t), h * math.cos(t))
                        for t in ((k + 0.5) * t1 / n for k in range(n))) * t1 / n


def midline_height(layer):
    """Height (mm above the glabella) where the mask's density crosses one half at the midline."""
    plane, width = alpha(layer), layer.get_width()
    x = int(ORIGIN[0])
    for y in range(int(ORIGIN[1]), 0, -1):
        if plane[y * width + x] >= 128:
            return (ORIGIN[1] - y) / PX_PER_MM
    return None


image, photo = make_image(W, H, ppi=PPI)
heights = {}
for surface in ('flat', 'dome'):
    (layer, _, _) = run('plug-in-smp-hairline', image, [photo], view='front', surface=surface,
                        hairline_height=80.0, irregularity=0.0, origin_x=ORIGIN[0],
                        origin_y=ORIGIN[1], head_height=HEAD_H, merge=False)
    config = filter_config(layer)
    check(config.get_property('surface') == surface and
          config.get_property('head-height') == HEAD_H,
          f'{surface}: the op gets the surface and head-height')
    shown = baked(image, layer)
    heights[surface] = midline_height(shown)
    image.remove_layer(shown)
    log(f'{surface}: the line crosses the midline {heights[surface]:.2f} mm above the glabella')
check_range(heights['flat'], 79.5, 80.5, 'flat: 80 mm on the photo')
tape = forehead_tape(heights['dome'])
log(f'dome: {heights["dome"]:.2f} mm on the photo is {tape:.2f} mm of tape up the forehead')
check_range(tape, 79.5, 80.5, 'dome: 80 mm of tape up the forehead')
check(heights['dome'] < heights['flat'] - 2.0, 'a tape length is longer than its picture')
check_mirrors('plug-in-smp-hairline', 'smp:hairline-mask', photo, ['surface', 'head-height'])
check_mirrors('plug-in-smp-stencil', 'smp:hairline-mask', photo, ['surface', 'head-height'])
check_mirrors('plug-in-smp-stencil', 'smp:follicle-dots', photo, ['surface', 'head-height'])
image.delete()

finish(__file__)
