"""plug-in-smp-stencil with client-hair, on a generated head photo: the designer analyses the
photo, makes the hairline with the client's hair on it, then the stencil from that design layer
with the same client's hair. Measured at the stencil's 1:1 scale (400 ppi from a 300 ppi photo):
no dot and no area to treat 7 mm or more inside the client's hair where the analysis is sure of it
(and at most 1 % of the ink 4-7 mm in), the dots of the bald area 2 mm or more from it as without client-hair, and the stencil's
area to treat the hairline layer's area on the photo carried onto the page (mean difference at
most 0.5 % of full alpha, 99 % of pixels within 3 %, all within 8 %). The design
comes from the layer Hairline Layer baked; nothing of the photo's image changes; client-hair without
a design layer, from another image, or with a template stage is refused and no image is made."""
import hashlib
import os
import subprocess

from gi.repository import Gio

from smp_test import Gimp, alpha, check, check_error, check_range, client_hair, eroded, \
    filter_ops, finish, log, make_image, pixels, run

PPI, STENCIL_PPI = 300.0, 400.0
PX_PER_MM, STENCIL_PX_PER_MM = PPI / 25.4, STENCIL_PPI / 25.4
W, H = 900, 640
OUT = os.environ['SMP_TEST_DIR']
GEN = os.path.join(os.environ['SMP_BUILD_ROOT'], 'tests', 'photo', 'smp-photo-gen')
PROC = 'plug-in-smp-stencil'
# The design on the photo: a front view whose line (80 mm above the glabella) crosses the
# picture's middle, turned a little; on the page, the glabella 50 mm from the left, 125 mm down.
PHOTO_ORIGIN = (W / 2, H / 2 + 80 * PX_PER_MM)
PAGE = dict(width=100.0, height=130.0, ppi=STENCIL_PPI, dots=True,
            origin_x=50 * STENCIL_PX_PER_MM, origin_y=125 * STENCIL_PX_PER_MM)
PAGE_ORIGIN = (PAGE['origin_x'], PAGE['origin_y'])
SCALE = STENCIL_PPI / PPI  # stencil pixels per photo pixel


def page_pixels():
    """(stencil index, photo index) of every stencil pixel whose centre falls on the photo 1 mm
    or more from its edges (beyond them the photo shows no hair, and the dots there may reach
    over the edge): the photo's nearest pixel under it, at 1:1 in mm."""
    pairs, edge = [], round(PX_PER_MM)
    for sy in range(stencil_height):
        py = round(PHOTO_ORIGIN[1] + (sy + 0.5 - PAGE_ORIGIN[1]) / SCALE - 0.5)
        if not edge <= py < H - edge:
            continue
        for sx in range(stencil_width):
            px = round(PHOTO_ORIGIN[0] + (sx + 0.5 - PAGE_ORIGIN[0]) / SCALE - 0.5)
            if edge <= px < W - edge:
                pairs.append((sy * stencil_width + sx, py * W + px))
    return pairs


def layer_named(image, name):
    found = [layer for layer in image.get_layers() if layer.get_name().startswith(name)]
    check(len(found) == 1, f"the stencil has a layer '{name}'")
    return found[0]


def ink(image):
    """1 where the stencil's dot layer has ink."""
    rgba = pixels(layer_named(image, 'Dots'), "R'G'B'A u8")
    return bytes(1 if r < 128 else 0 for r in rgba[0::4])


def state(image):
    """What the user has in the photo's image: its layers, their pixels and effects."""
    return [(layer.get_name(), layer.get_offsets()[1:], filter_ops(layer),
             hashlib.sha1(pixels(layer)).hexdigest()) for layer in image.get_layers()]


# The photo, analysed: the client's hair is wherever it shows no bald scalp.
path = os.path.join(OUT, 'stencil-hair.png')
subprocess.run([GEN, '-o', path, '--width', str(W), '--height', str(H), '--ppi', str(PPI),
                '--centre-x', '55', '--centre-y', '-25', '--bald', '30', '--style', 'shaved',
                '--monk', '4', '--hair', 'dark-brown', '--density', '120', '--light-elevation',
                '90', '--seed', '21'], check=True)
image = Gimp.file_load(Gimp.RunMode.NONINTERACTIVE, Gio.File.new_for_path(path))
image.set_resolution(PPI, PPI)
photo = image.get_layers()[0]
run('plug-in-smp-analyse', image, [photo])
hair_layer = client_hair(image)
# The analysis's classes are soft: where it is sure of the hair (alpha at least 250), the area to
# treat keeps nothing of the design; where it is unsure, dst-out keeps the rest of the design.
hair_alpha = alpha(hair_layer)
hair = bytes(1 if a >= 128 else 0 for a in hair_alpha)
sure_hair = bytes(1 if a >= 250 else 0 for a in hair_alpha)

# The hairline with the client's hair: its area to treat baked, its dots an effect.
design = dict(view='front', angle=8.0)
layer = run('plug-in-smp-hairline', image, [photo], client_hair=hair_layer, fill_dots=True,
            origin_x=PHOTO_ORIGIN[0], origin_y=PHOTO_ORIGIN[1], **design)[0]
check(filter_ops(layer) == ['smp:follicle-dots'],
      'the hairline layer\'s design is baked (no smp:hairline-mask effect left to read)')
hairline_area = alpha(layer)
before, images_before = state(image), len(Gimp.get_images())

with_hair = run(PROC, None, None, design=layer, client_hair=hair_layer, **PAGE)[0]
without = run(PROC, None, None, design=layer, **PAGE)[0]
by_arguments = run(PROC, None, None, **design, **PAGE)[0]
check(state(image) == before, 'the photo\'s image is as it was: layers, pixels, effects')
check(len(Gimp.get_images()) == images_before + 3, 'each stencil is one new image')
stencil_width, stencil_height = with_hair.get_width(), with_hair.get_height()
check(pixels(layer_named(with_hair, 'Hairline outline')) ==
      pixels(layer_named(by_arguments, 'Hairline outline')),
      'the baked design layer gives the design it was made with')
area_layer = layer_named(with_hair, 'Area to treat')
check(not area_layer.get_visible(), 'the area to treat is a hidden layer (not printed)')
check('Area to treat' not in [lay.get_name()[:13] for lay in without.get_layers()],
      'without client-hair, no area layer')

pairs = page_pixels()
check(len(pairs) > 0.9 * (W - 2 * PX_PER_MM) * (H - 2 * PX_PER_MM) * SCALE ** 2, 'the whole photo lies on the page')
dots, dots_without, area = ink(with_hair), ink(without), alpha(area_layer)

# No dot and no area to treat on the client's hair, 7 mm in from its edge (as for the hairline);
# by how much the dots thin, in bands from the edge, for the log.
deep = eroded(sure_hair, W, H, round(7 * PX_PER_MM))
check(sum(deep) > 0.05 * W * H, 'the client\'s sure hair, 7 mm in, covers 5 % of the photo')
on_deep = [(dots[s], area[s]) for s, p in pairs if deep[p]]
check(sum(d for d, _ in on_deep) == 0,
      f'no dot 7 mm or more inside the client\'s hair ({len(on_deep)} stencil pixels there)')
check(max(a for _, a in on_deep) == 0, 'no area to treat 7 mm or more inside the client\'s hair')
bands = [(mm, eroded(sure_hair, W, H, round(mm * PX_PER_MM))) for mm in (0, 2, 4)]
for (mm, inner), (next_mm, deeper) in zip(bands, bands[1:] + [(7, deep)]):
    share = [(dots[s], dots_without[s]) for s, p in pairs if inner[p] and not deeper[p]]
    kept = sum(d for d, _ in share) / max(1, sum(w for _, w in share))
    log(f'dots {mm}-{next_mm} mm inside the client\'s hair: {100 * kept:.1f} % of the ink '
        'without client-hair')
check_range(kept, 0.0, 0.01, 'ink 4-7 mm inside the client\'s hair, share of that without it')

# The bald area of the design, 2 mm and more from the client's hair: its dots, as without it.
bald = eroded(bytes(1 - h for h in hair), W, H, round(2 * PX_PER_MM))
on_bald = [(dots[s], dots_without[s]) for s, p in pairs if bald[p] and area[s] > 0]
check(len(on_bald) > 100 * STENCIL_PX_PER_MM ** 2,
      f'the design covers {len(on_bald) / STENCIL_PX_PER_MM ** 2:.0f} mm² of bald scalp')
inked = sum(d for d, _ in on_bald)
same = sum(1 for d, w in on_bald if d == w) / len(on_bald)
check(inked > 0, f'dots on the bald scalp ({inked} px of ink)')
check_range(same, 0.99, 1.0, 'share of the bald area\'s stencil pixels as without client-hair')

# The area to treat is the hairline's on the photo, carried onto the page.
diffs = sorted(abs(area[s] - hairline_area[p]) for s, p in pairs)
mean = sum(diffs) / len(diffs) / 255
p99 = diffs[int(0.99 * (len(diffs) - 1))] / 255
log(f'area to treat, stencil vs hairline on the photo: mean |difference| {100 * mean:.2f} %, '
    f'99th percentile {100 * p99:.1f} %, largest {100 * diffs[-1] / 255:.1f} % of full alpha')
check_range(mean, 0.0, 0.005, 'mean |area difference| (share of full alpha)')
check_range(p99, 0.0, 0.03, '99th percentile of |area difference|')
check_range(diffs[-1] / 255, 0.0, 0.08, 'largest |area difference|')
for stencil_image in (with_hair, without, by_arguments):
    stencil_image.delete()

# Bad input: refused, naming the problem; no image made.
other, other_layer = make_image(64, 64)
staged = run('plug-in-smp-hairline', image, [photo], pattern='norwood-3',
             origin_x=PHOTO_ORIGIN[0], origin_y=PHOTO_ORIGIN[1])[0]
count = len(Gimp.get_images())
check_error(PROC, None, None, ['client-hair', 'design'], 'client-hair without a design layer',
            client_hair=hair_layer, **PAGE)
check_error(PROC, None, None, ['client-hair', 'does not belong', 'design layer'],
            'client-hair from another image than the design layer\'s', design=layer,
            client_hair=other_layer, **PAGE)
check_error(PROC, None, None, ['client-hair', 'pattern'], 'client-hair with a template stage',
            design=staged, client_hair=hair_layer, **PAGE)
check(len(Gimp.get_images()) == count, 'refused: no stencil image left behind')

# The client's hair as a layer group (what it shows) or a saved selection (a channel's value):
# the same area to treat as from the layer.
group = Gimp.GroupLayer.new(image, 'hair group')
image.insert_layer(group, None, 0)
image.insert_layer(hair_layer.copy(), group, 0)
image.select_item(Gimp.ChannelOps.REPLACE, hair_layer)
channel = Gimp.Selection.save(image)
Gimp.Selection.none(image)
for what, drawable in (('a layer group', group), ('a channel', channel)):
    made = run(PROC, None, None, design=layer, client_hair=drawable, **PAGE)[0]
    other_area = alpha(layer_named(made, 'Area to treat'))
    check(max(abs(x - y) for x, y in zip(other_area, area)) <= 1,
          f'the client\'s hair as {what}: the area to treat as from the layer')
    made.delete()
other.delete()
image.delete()
finish(__file__)
