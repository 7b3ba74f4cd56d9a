"""plug-in-smp-hairline from Python: the hairline mask where the arguments put it (image
coordinates and mm through the image resolution, also on a layer with offsets), the dot fill that
follows the mask as a second effect on the design layer and follows edits of the design, the
outline, byte-identical originals, and arguments that mirror the op."""
from smp_test import (Gimp, alpha, baked, blobs, check, check_error, check_mirrors, check_range,
                      filter_config, filter_ops, finish, make_image, pixels, run)

PPI = 127.0  # 5 px per mm
PX_PER_MM = PPI / 25.4
W, H = 700, 600
GLABELLA = (350.0, 560.0)
HEIGHT_MM = 80.0

image, photo = make_image(W, H, ppi=PPI)
original = pixels(photo)


def crossing(plane, width, x, y_from, y_to):
    """First y going up from y_from where alpha reaches half (linear interpolation)."""
    previous = plane[y_from * width + x]
    for y in range(y_from - 1, y_to, -1):
        value = plane[y * width + x]
        if previous < 128 <= value:
            return y + (value - 128) / (value - previous) if value != previous else y
        previous = value
    return None


hairline, dots, warnings = run('plug-in-smp-hairline', image, [photo], view='front', origin_x=GLABELLA[0],
                     origin_y=GLABELLA[1], hairline_height=HEIGHT_MM, transition=8.0,
                     irregularity=0.0, asymmetry=0.0, shape='straight', seed=4)
check(dots is None, 'no dot layer without fill-dots')
check(warnings == '', f'a plausible design breaks no guardrail ({warnings!r})')
check(image.get_layers()[0] == hairline, 'the hairline layer is above the photo')
check(filter_ops(hairline) == ['smp:hairline-mask'], 'the hairline is an effect')
config = filter_config(hairline)
check(abs(config.get_property('ppi') - PPI) < 1e-9, 'the effect works at the image resolution')
check(config.get_property('output-mode') == 'mask', 'mask output by default')
mask = baked(image, hairline)
a = alpha(mask)
y = crossing(a, W, int(GLABELLA[0]), H - 1, 0)
want = GLABELLA[1] - HEIGHT_MM * PX_PER_MM
check(y is not None, 'the mask rises above the forehead')
check_range(y, want - 0.5 * PX_PER_MM - 1, want + 0.5 * PX_PER_MM + 1,
            f'the midline 50 % crossing sits {HEIGHT_MM} mm above the glabella (y {want:.1f})')
image.remove_layer(mask)
check(pixels(photo) == original, 'photo pixels byte-identical')

# On a layer with offsets (a selection's bounds), origin-x and origin-y stay image coordinates.
image.select_rectangle(Gimp.ChannelOps.REPLACE, 100, 40, 500, 540)
shifted, _, _ = run('plug-in-smp-hairline', image, [photo], origin_x=GLABELLA[0],
                 origin_y=GLABELLA[1], hairline_height=HEIGHT_MM, transition=8.0,
                 irregularity=0.0, asymmetry=0.0, shape='straight', seed=4)
Gimp.Selection.none(image)
check(shifted.get_offsets()[1:] == (100, 40), 'the layer starts at the selection')
config = filter_config(shifted)
check((config.get_property('origin-x'), config.get_property('origin-y')) ==
      (GLABELLA[0] - 100, GLABELLA[1] - 40), 'the op gets the origin in layer coordinates')
mask = baked(image, shifted)
a = alpha(mask)
y = crossing(a, 500, int(GLABELLA[0]) - 100, 539, 0)
check_range(y + 40, want - 0.5 * PX_PER_MM - 1, want + 0.5 * PX_PER_MM + 1,
            'the crossing stays put in the image')
image.remove_layer(mask)
image.remove_layer(shifted)

# Filled with dots: one layer, the design then the dots reading its alpha; dots above the line at
# the hair type's density, none on the forehead.
fill = dict(origin_x=GLABELLA[0], origin_y=GLABELLA[1], hairline_height=HEIGHT_MM, transition=4.0,
            irregularity=0.0, shape='straight', fill_dots=True, hair_type='dark-brown',
            skin_tone='monk-6', density=60.0, dot_size=0.3, appearance='fresh', seed=3)
count = len(image.get_layers())
hairline, dots, _ = run('plug-in-smp-hairline', image, [photo], **fill)
check(dots == hairline and len(image.get_layers()) == count + 1 and
      image.get_item_position(hairline) == image.get_item_position(photo) - 1,
      'the dots are on the hairline layer itself, the one new layer, above the photo')
# Effects are listed top (last applied) first.
check(filter_ops(hairline) == ['smp:follicle-dots', 'smp:hairline-mask'],
      'the dots are an effect stacked on the design')
dot_config = filter_config(hairline, 0)
check(dot_config.get_property('density-source') == 'input-alpha' and
      dot_config.get_property('output-mode') == 'dots', 'the dots read the design\'s alpha')
d = alpha(baked(image, hairline))
image.remove_layer(image.get_layers()[0])
merged, _, _ = run('plug-in-smp-hairline', image, [photo], merge=True, **fill)
check(filter_ops(merged) == [], 'merge bakes both effects')
image.remove_layer(hairline)
# Baked, the mask's alpha is 8-bit when the dots read it: a unit whose density sits at a rounding
# step may come or go, nothing more.
differ = sum(1 for a, b in zip(alpha(merged), d) if (a >= 128) != (b >= 128))
inked = sum(1 for a in d if a >= 128)
check(differ <= 0.02 * inked, f'merged, the dots the effects show ({differ} of {inked} inked pixels '
      'differ)')
image.remove_layer(merged)
line = int(want)
band = int(6 * PX_PER_MM)
# The forehead: below the line, between the temples (the sides hold temple hair).
half = int(30 * PX_PER_MM)
centre = int(GLABELLA[0])
forehead = sum(1 for y in range(line + band, H) for x in range(centre - half, centre + half)
               if d[y * W + x] >= 128)
check(forehead == 0, f'no dots on the forehead ({forehead} inked pixels)')
top = bytes(d[: (line - band) * W])
found = blobs(top, W, line - band)
expected = 60.0 * W * (line - band) / (PX_PER_MM * 10) ** 2
check_range(found, 0.75 * expected, 1.15 * expected,
            f'dots above the hairline at 60/cm² (expected {expected:.0f})')
check(pixels(photo) == original, 'photo pixels byte-identical after the dot fill')

# Editing the design moves its dots: the hairline filter's pattern and height changed on the layer
# give the dots of a layer made with those values in the first place.
for key, before, after in (('pattern', 'norwood-5', 'norwood-3'), ('hairline-height', 70.0, 90.0)):
    made = dict(fill, **{key.replace('-', '_'): before})
    edited, _, _ = run('plug-in-smp-hairline', image, [photo], **made)
    old = alpha(baked(image, edited))
    image.remove_layer(image.get_layers()[0])
    design = edited.get_filters()[1]
    design.get_config().set_property(key, after)
    design.update()
    new = alpha(baked(image, edited))
    image.remove_layer(image.get_layers()[0])
    fresh, _, _ = run('plug-in-smp-hairline', image, [photo], **dict(fill, **{key.replace('-', '_'): after}))
    wanted = alpha(baked(image, fresh))
    for layer in (image.get_layers()[0], fresh, edited):
        image.remove_layer(layer)
    changed = sum(1 for a, b in zip(old, new) if (a >= 128) != (b >= 128))
    check(changed > 200, f'{key} {before} -> {after}: the dots moved ({changed} pixels changed)')
    check(new == wanted, f'{key} {before} -> {after}: the dots are those of a new {after} design')

check_error('plug-in-smp-hairline', image, [photo], ['output-mode', 'mask', 'fill-dots'],
            'fill-dots with the outline', fill_dots=True, output_mode='outline')
check(len(image.get_layers()) == count, 'a refused call adds no layer')

# The outline: a thin line, far less ink than the mask.
outline, _, _ = run('plug-in-smp-hairline', image, [photo], origin_x=GLABELLA[0],
                 origin_y=GLABELLA[1], output_mode='outline', merge=True)
inked = sum(1 for v in alpha(outline) if v >= 128)
check_range(inked, 1, 0.1 * W * H, 'the outline is a thin line')

# Guardrails: an implausible design is still made, with warnings naming the rules it breaks.
layer, _, warnings = run('plug-in-smp-hairline', image, [photo], origin_x=GLABELLA[0],
                         origin_y=GLABELLA[1], hairline_height=62.0, recession=0.0,
                         pattern='norwood-6', shape='natural', merge=True)
check(layer is not None, 'the design is made despite the warnings')
for rule in ('line below 65 mm', 'no recession with norwood-6', 'low line with norwood-6'):
    check(rule in warnings, f'the warning names the rule "{rule}" ({warnings!r})')
image.remove_layer(layer)

# Every new view and stage reaches the op.
for view, pattern in (('left', 'norwood-4'), ('right', 'olsen'), ('top', 'sinclair-3')):
    layer, _, _ = run('plug-in-smp-hairline', image, [photo], view=view, pattern=pattern,
                      origin_x=GLABELLA[0], origin_y=GLABELLA[1], whorl_clockwise=False)
    config = filter_config(layer)
    check((config.get_property('view'), config.get_property('pattern'),
           config.get_property('whorl-clockwise')) == (view, pattern, False),
          f'{view} view, {pattern}: the op gets them')
    image.remove_layer(layer)

check_mirrors('plug-in-smp-hairline', 'smp:hairline-mask', photo,
              ['view', 'angle', 'hairline-height', 'temple-width', 'recession', 'shape',
               'pattern', 'area', 'transition', 'irregularity', 'asymmetry', 'output-mode',
               'outline-width', 'head-width', 'head-length', 'whorl-side', 'whorl-behind'])

finish(__file__)
