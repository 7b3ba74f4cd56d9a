"""The graded hairline zone (smp:follicle-dots' graded-zone) as a PDB argument of the procedures
that draw follicle dots: on by default; the filter they add carries the value given; measured on
rendered dots, where a density map thins the units to a fifth the units are single-hair and
smaller with it on, and keep the hair type's mix and sizes with it off (as tests/gegl's
follicle-dots-zone measures the op)."""
import math

from smp_test import (Gimp, alpha, baked, check, check_range, filter_config, finish, log, make_image,
                      pixels, run)

PPI = 1200.0
PX_PER_MM = PPI / 25.4
# A density map at a fifth on the left (14 mm), full on the right (8 mm), 14 mm tall.
LOW_W, FULL_W, H = round(14 * PX_PER_MM), round(8 * PX_PER_MM), round(14 * PX_PER_MM)
W = LOW_W + FULL_W
LOW_ALPHA = 51
# Without jitter, a single-hair unit's dot peaks at 0.78, a 2-hair one at 0.90.
SINGLE_HAIR_PEAK = 0.84 * 255
OP = 'smp:follicle-dots'
PROCEDURES = ('plug-in-smp-follicles', 'plug-in-smp-hairline', 'plug-in-smp-sessions')
FORMAT = "R'G'B'A u8"


def measure_blobs(plane):
    """Dots as connected groups (8-neighbourhood) of alpha > 2: (centre x, centre y, peak,
    diameter of a disc of that peak holding the blob's ink, touches the edge)."""
    seen = bytearray(W * H)
    found = []
    for start in range(W * H):
        if seen[start] or plane[start] <= 2:
            continue
        seen[start] = 1
        stack, mass, sx, sy, peak, edge = [start], 0, 0.0, 0.0, 0, False
        while stack:
            i = stack.pop()
            y, x = divmod(i, W)
            a = plane[i]
            mass += a
            sx += a * x
            sy += a * y
            peak = max(peak, a)
            edge = edge or x in (0, W - 1) or y in (0, H - 1)
            for j in (i - W - 1, i - W, i - W + 1, i - 1, i + 1, i + W - 1, i + W, i + W + 1):
                if 0 <= j < W * H and abs(j % W - x) <= 1 and not seen[j] and plane[j] > 2:
                    seen[j] = 1
                    stack.append(j)
        found.append((sx / mass, sy / mass, peak, 2.0 * math.sqrt(mass / (peak * math.pi)), edge))
    return found


def bands(plane):
    """The units well inside the thinned part and the full part: (units, single-hair share, mean
    diameter in px) of each."""
    margin = 0.5 * PX_PER_MM
    low, full = [], []
    for x, y, peak, diameter, edge in measure_blobs(plane):
        if edge:
            continue
        if x < LOW_W - margin:
            low.append((peak, diameter))
        elif x > LOW_W + margin:
            full.append((peak, diameter))
    return [(len(b), sum(1 for p, _ in b if p < SINGLE_HAIR_PEAK) / len(b),
             sum(d for _, d in b) / len(b)) for b in (low, full)]


image, photo = make_image(W, H, ppi=PPI)
mask = Gimp.Layer.new(image, 'density', W, H, Gimp.ImageType.RGBA_IMAGE, 100.0, Gimp.LayerMode.NORMAL)
image.insert_layer(mask, None, 0)
# Filled white at a fifth of full opacity on the left (edit_fill takes the context's opacity).
for x, width, opacity in ((0, LOW_W, 100.0 * LOW_ALPHA / 255), (LOW_W, FULL_W, 100.0)):
    image.select_rectangle(Gimp.ChannelOps.REPLACE, x, 0, width, H)
    Gimp.context_set_opacity(opacity)
    mask.edit_fill(Gimp.FillType.WHITE)
Gimp.context_set_opacity(100.0)
Gimp.Selection.none(image)
a = alpha(mask)
check(abs(a[H // 2 * W + LOW_W // 2] - LOW_ALPHA) <= 1 and a[H // 2 * W + LOW_W + FULL_W // 2] == 255,
      f'the density map: {a[H // 2 * W + LOW_W // 2]} on the left, 255 on the right')

# The argument: boolean, on by default like the op's property, in every procedure that draws dots.
probe = Gimp.DrawableFilter.new(photo, OP, '')
op_default = probe.get_config().find_property('graded-zone').get_default_value()
probe.delete()
check(op_default is True, 'the op grades the zone by default')
for name in PROCEDURES:
    spec = {s.name: s for s in Gimp.get_pdb().lookup_procedure(name).get_arguments()}.get('graded-zone')
    check(spec is not None and spec.value_type.name == 'gboolean' and spec.get_default_value() is True,
          f'{name} has the boolean argument graded-zone, on by default')

dots = dict(hair_type='steady', skin_tone='monk-4', appearance='fresh', density_from=mask)
measured = {}
for graded in (None, True, False):
    given = {} if graded is None else {'graded_zone': graded}
    (layer,) = run('plug-in-smp-follicles', image, [photo], seed=7, **dots, **given)
    check(filter_config(layer).get_property('graded-zone') == (graded is not False),
          f'graded-zone {graded}: the filter carries it')
    shown = baked(image, layer)
    measured[graded] = alpha(shown)
    image.remove_layer(shown)
    image.remove_layer(layer)
check(measured[None] == measured[True], 'graded-zone on by default: the same dots')
(low_on, full_on), (low_off, full_off) = bands(measured[True]), bands(measured[False])
for what, (units, single, diameter) in (('on, a fifth', low_on), ('on, full', full_on),
                                        ('off, a fifth', low_off), ('off, full', full_off)):
    log(f'graded-zone {what}: {units} units, {100 * single:.0f} % single-hair, '
        f'diameter {diameter / PX_PER_MM:.3f} mm')
check(low_on[0] >= 40 and full_on[0] >= 100, 'enough units to measure')
check(full_on == full_off, 'the full part is the same either way')
check(low_on[1] >= 0.7, 'on: the thinned units are single-hair')
check(low_off[1] < 0.4, 'off: the thinned units keep the mix')
check(low_on[1] - low_off[1] >= 0.4, 'off, the single-hair share of the thinned part drops')
check(low_on[2] / full_on[2] <= 0.8, 'on: the thinned units are smaller than the full ones')
check_range(low_off[2] / full_off[2], 0.9, 1.1, 'off: the thinned units as large as the full ones')

# The procedures that fill a hairline design or plan sessions pass it to their dots the same way.
others = {
    'plug-in-smp-hairline': dict(fill_dots=True, hair_type='steady', appearance='fresh', seed=7),
    'plug-in-smp-sessions': dict(coverages='1', **dots),
}
for name, arguments in others.items():
    for graded in (True, False):
        before = image.get_layers()
        run(name, image, [photo], graded_zone=graded, **arguments)
        added = [layer for layer in image.get_layers() if layer not in before]
        check(len(added) == 1, f'{name}: one new layer or group')
        layers = added[0].get_children() if added[0].is_group() else added
        configs = [f.get_config() for layer in layers for f in layer.get_filters()
                   if f.get_operation_name() == OP]
        check(configs and all(c.get_property('graded-zone') == graded for c in configs),
              f'{name}: its {len(configs)} dot filter(s) carry graded-zone {graded}')
        image.remove_layer(added[0])

# The stencil prints the dots of a design layer as they are: graded, the zone's dots are smaller.
design_image, design_photo = make_image(600, 500, ppi=127.0)
inked = {}
for graded in (True, False):
    design = run('plug-in-smp-hairline', design_image, [design_photo], fill_dots=True,
                 hair_type='steady', view='front', shape='straight', pattern='norwood-3',
                 hairline_height=85.0, transition=12.0, seed=5, graded_zone=graded)[0]
    page = run('plug-in-smp-stencil', None, None, design=design, width=120.0, height=100.0,
               ppi=300.0, dots=True)[0]
    printed = [layer for layer in page.get_layers() if layer.get_name() == 'Dots']
    check(len(printed) == 1, 'the stencil has its dots')
    rgba = pixels(printed[0], FORMAT)
    inked[graded] = sum(1 for i in range(0, len(rgba), 4) if rgba[i] < 128)
    page.delete()
    design_image.remove_layer(design)
log(f'stencil dots: {inked[True]} px inked from a graded design, {inked[False]} px not graded')
check(0 < inked[True] < inked[False], 'the stencil prints the graded zone\'s smaller dots')
design_image.delete()
finish(__file__)
