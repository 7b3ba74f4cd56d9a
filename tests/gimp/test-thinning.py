"""Women's thinning from Python on generated photos of long thinning hair (smp-photo-gen), over
several seeds, skin tones and hair colours: plug-in-smp-analyse reports how much scalp shows
through the hair; plug-in-smp-follicles with thinning puts at least 97 % of its dots' ink on the
scalp the camera sees (the generator's truth), and at least halves the luminance contrast between
patches of visible scalp and the hair around them at viewing distance (means over 5 mm windows,
the healed dots of all its sessions over the photo in linear light), with dots lighter than the
hair, so the patches stay lighter than it (docs/thinning.md). Left as effects, the sessions are
layers of a group. The photo stays byte-identical; bad input is refused with a message naming the
problem, and nothing is added."""
import os
import subprocess

from gi.repository import Gio

from smp_test import (Gimp, check, check_error, check_range, filter_config, filter_ops, finish,
                      pixels, run)

PPI = 300.0
W = H = 640
WINDOW = round(5.0 / 25.4 * PPI)  # 5 mm
OUT = os.environ['SMP_TEST_DIR']
GEN = os.path.join(os.environ['SMP_BUILD_ROOT'], 'tests', 'photo', 'smp-photo-gen')


def generate(name, *options):
    """A photo of the top of a head with long hair, and its truth: (image, photo, scalp seen, hair)."""
    path = os.path.join(OUT, name + '.png')
    subprocess.run([GEN, '-o', path, '--width', str(W), '--height', str(H), '--ppi', str(PPI),
                    '--style', 'long', '--bald', '0', '--centre-y', '20', *options], check=True)
    image = Gimp.file_load(Gimp.RunMode.NONINTERACTIVE, Gio.File.new_for_path(path))
    image.set_resolution(PPI, PPI)
    prefix = os.path.join(OUT, name)
    plane = {}
    for what in ('hair', 'scalp', 'cover'):
        mask = Gimp.file_load(Gimp.RunMode.NONINTERACTIVE,
                              Gio.File.new_for_path(f'{prefix}-{what}.png'))
        plane[what] = pixels(mask.get_layers()[0], 'Y u8')
        mask.delete()
    # the camera sees scalp where there is bald scalp (the part) or the strands cover less than half
    seen = [1 if s >= 128 or (h >= 128 and c < 128) else 0
            for s, h, c in zip(plane['scalp'], plane['hair'], plane['cover'])]
    hair = [1 if h >= 128 else 0 for h in plane['hair']]
    return image, image.get_layers()[0], seen, hair


def linear(v):
    v /= 255.0
    return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4


LINEAR = [linear(v) for v in range(256)]


def luminance(rgba, over=None):
    """Linear luminance per pixel of R'G'B'A u8 bytes, optionally with `over` composited on top."""
    out = []
    for i in range(0, len(rgba), 4):
        rgb = [LINEAR[rgba[i + c]] for c in range(3)]
        if over is not None:
            a = over[i + 3] / 255.0
            rgb = [(1 - a) * rgb[c] + a * LINEAR[over[i + c]] for c in range(3)]
        out.append(0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2])
    return out


def window_means(plane):
    """Means over WINDOW x WINDOW windows on a grid of half a window, wholly inside the picture."""
    integral = [[0.0] * (W + 1) for _ in range(H + 1)]
    for y in range(H):
        row, above, total = integral[y + 1], integral[y], 0.0
        for x in range(W):
            total += plane[y * W + x]
            row[x + 1] = above[x + 1] + total
    means = []
    for y in range(0, H - WINDOW + 1, WINDOW // 2):
        for x in range(0, W - WINDOW + 1, WINDOW // 2):
            s = (integral[y + WINDOW][x + WINDOW] - integral[y][x + WINDOW] -
                 integral[y + WINDOW][x] + integral[y][x])
            means.append(s / (WINDOW * WINDOW))
    return means


def contrast(y_plane, seen_share):
    """Mean luminance of the windows at least three quarters visible scalp (patches) minus that of
    the windows at most a tenth visible scalp (hair)."""
    means = window_means(y_plane)
    patches = [m for m, s in zip(means, seen_share) if s >= 0.75]
    hair = [m for m, s in zip(means, seen_share) if s <= 0.1]
    check(len(patches) >= 3 and len(hair) >= 3, f'{len(patches)} scalp patches and {len(hair)} '
          'windows of hair to compare')
    return sum(patches) / len(patches) - sum(hair) / len(hair)


def window_tone(y_plane, seen_share, low, high):
    """Mean luminance of the windows whose share of visible scalp is within [low, high]."""
    means = [m for m, s in zip(window_means(y_plane), seen_share) if low <= s <= high]
    return sum(means) / len(means)


# What the dots leave of the contrast, at most: half (measured 0.25-0.45, docs/thinning.md)
MAX_CONTRAST_RATIO = 0.5
CASES = [  # Monk tone, hair colour, hair type, seed, strands present, part (mm)
    (4, 'dark-brown', 'dark-brown', 1, 0.5, 6),
    (2, 'black', 'black-fine', 3, 0.4, 8),
    (7, 'black', 'black-coarse', 4, 0.5, 6),
    (4, 'brown', 'dark-brown', 9, 0.3, 10),
    (6, 'dark-brown', 'dark-brown', 12, 0.45, 7),
    (3, 'auburn', 'red', 21, 0.4, 8),
]
for monk, colour, hair_type, seed, coverage, part in CASES:
    name = f'monk{monk}-{colour}-{seed}'
    image, photo, seen, hair = generate(name, '--monk', str(monk), '--hair', colour, '--seed',
                                        str(seed), '--coverage', str(coverage), '--part', str(part))
    before = pixels(photo)

    values = run('plug-in-smp-analyse', image, [photo])
    truth = sum(1 for s, h in zip(seen, hair) if s and h) / sum(hair)
    check_range(values[4], truth - 0.12, truth + 0.12,
                f'{name}: scalp-visible (truth {truth:.3f})')
    check('thinning' in values[3].lower(), f'{name}: the report names the thinning')
    for layer in image.get_layers()[:-1]:
        image.remove_layer(layer)

    (dots,) = run('plug-in-smp-follicles', image, [photo], thinning=True, hair_type=hair_type,
                  skin_tone=f'monk-{monk}', appearance='healed', seed=seed, merge=True)
    check(pixels(photo) == before, f'{name}: the photo is byte-identical')
    check(len(image.get_layers()) == 2, f'{name}: one dot layer added')
    ink = pixels(dots, "R'G'B'A u8")
    alpha = ink[3::4]
    on_scalp = sum(a for a, s in zip(alpha, seen) if s)
    check(sum(alpha) > 0, f'{name}: dots drawn')
    check_range(on_scalp / sum(alpha), 0.97, 1.0, f'{name}: share of the ink on visible scalp')

    photo_rgba = pixels(photo, "R'G'B'A u8")
    seen_share = window_means([float(s) for s in seen])
    before_contrast = contrast(luminance(photo_rgba), seen_share)
    after_contrast = contrast(luminance(photo_rgba, ink), seen_share)
    check_range(after_contrast / before_contrast, 0.0, MAX_CONTRAST_RATIO,
                f'{name}: contrast of scalp patches against hair at 5 mm, after over before '
                f'({after_contrast:.4f} / {before_contrast:.4f})')
    # not by darkening: the dots' own colour (where their ink is dense) is lighter than the hair
    # seen at 5 mm, so the patches stay lighter than the hair (the contrast above stays positive)
    dense = [i for i, a in enumerate(alpha) if a >= 192]
    dot_tone = sum(luminance(ink[4 * i:4 * i + 4])[0] for i in dense) / len(dense)
    hair_tone = window_tone(luminance(photo_rgba), seen_share, 0.0, 0.1)
    check_range(dot_tone / hair_tone, 1.0, 100.0,
                f'{name}: the dots\' luminance over the hair\'s ({dot_tone:.4f} / {hair_tone:.4f})')
    image.delete()

# Left as effects: a group of the sessions, each a layer with the follicle dots as its effect, the
# whole showing what the baked layer shows.
image, photo, _, _ = generate('effects', '--monk', '4', '--hair', 'dark-brown', '--seed', '1',
                              '--coverage', '0.5', '--part', '6')
(baked,) = run('plug-in-smp-follicles', image, [photo], thinning=True, hair_type='dark-brown',
               skin_tone='monk-4', appearance='healed', seed=1, merge=True)
(group,) = run('plug-in-smp-follicles', image, [photo], thinning=True, hair_type='dark-brown',
               skin_tone='monk-4', appearance='healed', seed=1, merge=False)
sessions = group.get_children() if group.is_group() else []
check(2 <= len(sessions) <= 4, f'{len(sessions)} session layers in the group')
check(all(filter_ops(layer) == ['smp:follicle-dots'] for layer in sessions),
      'each session layer has the follicle dots as its effect')
check(len({filter_config(layer).get_property('seed') for layer in sessions}) == len(sessions),
      'each session places its dots anew (a seed of its own)')
shown, merged = pixels(group, "R'G'B'A u8")[3::4], pixels(baked, "R'G'B'A u8")[3::4]
check_range(sum(abs(a - b) for a, b in zip(shown, merged)) / len(merged), 0.0, 0.5,
            'the group shows the baked layer\'s dots (mean difference of alpha, of 255)')
# no dots at all: no shade to solve, and nothing added
count = len(image.get_layers())
check_error('plug-in-smp-follicles', image, [photo], ['thinning', 'cover no skin'],
            'thinning with coverage 0', thinning=True, coverage=0.0)
check(len(image.get_layers()) == count, 'nothing added by the refused call')
image.delete()

# Bad input: a message naming the problem, and nothing added.
image, photo, _, _ = generate('full', '--monk', '5', '--hair', 'dark-brown', '--seed', '6')
count = len(image.get_layers())
check_error('plug-in-smp-follicles', image, [photo], ['thinning', 'no scalp'],
            'thinning on full hair', thinning=True)
other = Gimp.Layer.new(image, 'density', W, H, Gimp.ImageType.RGBA_IMAGE, 100.0,
                       Gimp.LayerMode.NORMAL)
image.insert_layer(other, None, 0)
check_error('plug-in-smp-follicles', image, [photo], ['density-from', 'thinning'],
            'thinning with a density layer', thinning=True, density_from=other)
image.remove_layer(other)
check(len(image.get_layers()) == count, 'nothing added by the refused calls')
gray = image.duplicate()
gray.convert_grayscale()
check_error('plug-in-smp-follicles', gray, [gray.get_layers()[0]], ['thinning', 'colour'],
            'thinning on a grayscale photo', thinning=True)
gray.delete()
image.delete()

finish(__file__)
