"""The client's hair from the photo (client-hair) in GIMP, on generated head photos: the area to
treat is the design minus the analysed hair, blended into its edge. Measured on rendered output:
no dot on the client's hair beyond the blend zone (7 mm in from its analysed edge), and no seam along the edge: the tone across
it, in 0.5 mm strips parallel to it, goes no more than 1.5 L* beyond the tones on either side
(no lighter gap, no darker overlap). plug-in-smp-hairline and plug-in-smp-sessions both take it; a template stage as well is
refused, and nothing is added."""
import array
import os
import subprocess

from gi.repository import Gio

from smp_test import (Gegl, Gimp, alpha, check, check_error, check_range, client_hair, eroded,
                      filter_ops, finish, log, run)

PPI = 300.0
PX_PER_MM = PPI / 25.4
W, H = 900, 640
OUT = os.environ['SMP_TEST_DIR']
GEN = os.path.join(os.environ['SMP_BUILD_ROOT'], 'tests', 'photo', 'smp-photo-gen')
ROWS = range(120, 520)  # rows across which the edge runs from top to bottom


def generate(name, *options):
    path = os.path.join(OUT, name + '.png')
    subprocess.run([GEN, '-o', path, '--width', str(W), '--height', str(H), '--ppi', str(PPI),
                    *options], check=True)
    image = Gimp.file_load(Gimp.RunMode.NONINTERACTIVE, Gio.File.new_for_path(path))
    image.set_resolution(PPI, PPI)
    return image, image.get_layers()[0]


def lightness_plane(drawable):
    data = drawable.get_buffer().get(Gegl.Rectangle.new(0, 0, W, H), 1.0, 'Y float',
                                     Gegl.AbyssPolicy.NONE)
    return [116 * (y ** (1 / 3) if y > 216 / 24389 else (24389 / 27 * y + 16) / 116) - 16
            for y in array.array('f', bytes(data))]


def edge_profile(plane, hair):
    """Mean L* in 0.5 mm strips at signed distances (mm, + into the hair) from the hair's edge,
    along each row of ROWS: (offsets, means)."""
    step = PX_PER_MM / 2
    offsets = [k * 0.5 for k in range(-16, 21)]
    sums = [0.0] * len(offsets)
    counts = [0] * len(offsets)
    for y in ROWS:
        edge = next((x for x in range(W) if hair[y * W + x]), None)
        if edge is None:
            continue
        for k, mm in enumerate(offsets):
            x0 = edge + round(mm * PX_PER_MM - step / 2)
            for x in range(max(0, x0), min(W, x0 + round(step))):
                sums[k] += plane[y * W + x]
                counts[k] += 1
    return offsets, [s / c for s, c in zip(sums, counts)]


def seam(offsets, means):
    """How far (L*) the strips from 3 mm outside the analysed edge to 6 mm inside it (where the
    hair's true edge and the blend zone lie) go beyond the tones on either side (6-8 mm out, 7-10
    mm in): a band lighter or darker than both sides. A step between the sides is no seam."""
    left = [m for o, m in zip(offsets, means) if -8 <= o <= -6]
    right = [m for o, m in zip(offsets, means) if 7 <= o <= 10]
    a, b = sum(left) / len(left), sum(right) / len(right)
    band = [m for o, m in zip(offsets, means) if -3 <= o <= 6]
    return max(0.0, max(band) - max(a, b), min(a, b) - min(band))


def white_layer(image, name):
    layer = Gimp.Layer.new(image, name, W, H, Gimp.ImageType.RGBA_IMAGE, 100.0,
                           Gimp.LayerMode.NORMAL)
    image.insert_layer(layer, None, 0)
    layer.edit_fill(Gimp.FillType.WHITE)
    layer.set_visible(False)
    return layer


figures = []
# An even light (a ring light): the tone across the edge is measured, not the match's model of light
# (docs/fringe-matching.md, Light).
for monk, hair_colour, seed in [(4, 'dark-brown', 21), (7, 'black', 22), (2, 'grey', 23)]:
    name = f'monk{monk}-{hair_colour}'
    image, photo = generate(name, '--centre-x', '55', '--centre-y', '-25', '--bald', '30',
                            '--style', 'shaved', '--monk', str(monk), '--hair', hair_colour,
                            '--density', '120', '--even-light', '--seed', str(seed))
    run('plug-in-smp-analyse', image, [photo])
    stubble = client_hair(image)
    for layer in image.get_layers():
        layer.set_visible(layer == photo)
    design = white_layer(image, 'design')
    hair = bytes(1 if a >= 128 else 0 for a in alpha(stubble))
    before = lightness_plane(photo)

    # Sessions over the whole design, the client's hair taken out, matched to its fringe.
    values = run('plug-in-smp-sessions', image, [photo], coverages='1', density_from=design,
                 client_hair=stubble, match_from=stubble, appearance='healed', seed=5, merge=True)
    group = values[7]  # plan-group
    dots = group.get_children()[0]
    ink = alpha(dots)
    # The blend zone reaches 1.75 mm (the analysis's window radius) plus 3 mm into the analysed
    # hair, and its Gaussian edge a little beyond: past 7 mm, the client's hair is left alone.
    deep = eroded(hair, W, H, round(7 * PX_PER_MM))
    check(sum(deep) > 0.05 * W * H, f'{name}: the client\'s hair, 7 mm in, covers 5 % of the photo')
    on_hair = sum(a for a, d in zip(ink, deep) if d)
    total = sum(ink)
    check(total > 0, f'{name}: dots were drawn')
    check(on_hair == 0, f'{name}: no dot ink 7 mm or more inside the client\'s hair '
          f'({on_hair} of {total})')
    seen = Gimp.Layer.new_from_visible(image, image, 'seen')
    image.insert_layer(seen, None, 0)
    offsets, after = edge_profile(lightness_plane(seen), hair)
    _, untreated = edge_profile(before, hair)
    worst = seam(offsets, after)
    log(f'{name}: L* across the edge (mm: before -> after): ' + ', '.join(
        f'{o:+.1f}: {b:.1f}->{a:.1f}' for o, b, a in zip(offsets, untreated, after)))
    log(f'{name}: seam {worst:.2f} L* (untreated {seam(offsets, untreated):.2f})')
    figures.append((name, worst, seam(offsets, untreated)))
    check_range(worst, 0.0, 1.5, f'{name}: seam across the edge (L* beyond either side)')

    # The hairline: the area to treat on its layer and its dots, none on the client's hair.
    image.remove_layer(seen)
    # a front-view design whose line (80 mm above the glabella) crosses the picture's middle
    layer, dots_layer, _ = run('plug-in-smp-hairline', image, [photo], client_hair=stubble,
                               fill_dots=True, merge=True, view='front', origin_x=W / 2,
                               origin_y=H / 2 + 80 * PX_PER_MM)
    area = alpha(layer)
    check(sum(area) > 0 and sum(alpha(dots_layer)) > 0, f'{name}: the design has an area to treat')
    check(sum(a for a, d in zip(area, deep) if d) == 0,
          f'{name}: the hairline layer\'s area to treat leaves the client\'s hair out')
    check(sum(a for a, d in zip(alpha(dots_layer), deep) if d) == 0,
          f'{name}: no hairline dot on the client\'s hair')
    # Editable: the area to treat is baked (it comes from the photo), the dots stay an effect.
    count = len(image.get_layers())
    layer, dots_layer, _ = run('plug-in-smp-hairline', image, [photo], client_hair=stubble,
                               fill_dots=True, view='front', origin_x=W / 2,
                               origin_y=H / 2 + 80 * PX_PER_MM)
    check(len(image.get_layers()) == count + 1 and layer == dots_layer,
          f'{name}: editable: one layer, the design and its dots, no helper left')
    check(filter_ops(dots_layer) == ['smp:follicle-dots'],
          f'{name}: editable: the dots an effect over the baked area to treat')
    check(sum(a for a, d in zip(alpha(dots_layer), deep) if d) == 0,
          f'{name}: editable: no dot on the client\'s hair')
    count = len(image.get_layers())
    check_error('plug-in-smp-hairline', image, [photo], ['client-hair', 'pattern'],
                'client-hair with a template stage', client_hair=stubble, pattern='norwood-3')
    check(len(image.get_layers()) == count, 'client-hair with a stage: nothing added')
    image.delete()

for name, worst, untreated in figures:
    log(f'figures {name}: seam {worst:.2f} L* (untreated photo {untreated:.2f})')
finish(__file__)
