"""Fringe matching in GIMP on generated head photos (smp-photo-gen) over seeds and Monk tones:
plug-in-smp-analyse finds the stubble, plug-in-smp-follicles with match-from puts healed dots on
bald scalp, and the rendered result is measured: its mean colour over 5 mm windows against the
fringe's (CIEDE2000), and its density and dot size as the same analysis reads them off fresh dots,
against the fringe's. Bad samples are refused with a message naming match-from, nothing added."""
import array
import configparser
import math
import os
import subprocess

from gi.repository import Gio

from smp_test import Gegl, Gimp, alpha, check, check_error, check_range, finish, log, run

PPI = 300.0
PX_PER_MM = PPI / 25.4
W, H = 900, 640
OUT = os.environ['SMP_TEST_DIR']
GEN = os.path.join(os.environ['SMP_BUILD_ROOT'], 'tests', 'photo', 'smp-photo-gen')
WINDOW = round(5.0 * PX_PER_MM)  # 5 mm windows
# The bald patch treated: image pixels, left of the fringe in every photo below (checked).
PATCH = (10, 40, 3 * WINDOW, 9 * WINDOW)


def generate(name, *options):
    """A photo and its truth from smp-photo-gen: (image, photo layer, truth prefix)."""
    path = os.path.join(OUT, name + '.png')
    subprocess.run([GEN, '-o', path, '--width', str(W), '--height', str(H), '--ppi', str(PPI),
                    *options], check=True)
    image = Gimp.file_load(Gimp.RunMode.NONINTERACTIVE, Gio.File.new_for_path(path))
    image.set_resolution(PPI, PPI)
    truth = configparser.ConfigParser()
    truth.read(os.path.join(OUT, name + '.truth'))
    return image, image.get_layers()[0], truth['fringe'], os.path.join(OUT, name)


def truth_mask(prefix, what):
    image = Gimp.file_load(Gimp.RunMode.NONINTERACTIVE, Gio.File.new_for_path(f'{prefix}-{what}.png'))
    buffer = image.get_layers()[0].get_buffer()
    plane = bytes(buffer.get(Gegl.Rectangle.new(0, 0, W, H), 1.0, 'Y u8', Gegl.AbyssPolicy.NONE))
    image.delete()
    return plane


def linear_plane(drawable):
    """Linear RGB floats of a drawable (image-sized, at 0, 0)."""
    buffer = drawable.get_buffer()
    data = buffer.get(Gegl.Rectangle.new(0, 0, W, H), 1.0, 'RGB float', Gegl.AbyssPolicy.NONE)
    return array.array('f', bytes(data))


def window_means(plane, x0, y0, cols, rows, keep=None):
    """Mean linear colour of each 5 mm window of a grid at (x0, y0); windows where `keep` (a
    0/255 mask) is not 255 throughout are left out."""
    means = []
    for r in range(rows):
        for c in range(cols):
            sx, sy = x0 + c * WINDOW, y0 + r * WINDOW
            if keep is not None and any(keep[y * W + x] < 255 for y in range(sy, sy + WINDOW, 3)
                                        for x in range(sx, sx + WINDOW, 3)):
                continue
            total = [0.0, 0.0, 0.0]
            for y in range(sy, sy + WINDOW):
                row = plane[3 * (y * W + sx):3 * (y * W + sx + WINDOW)]
                for k in range(3):
                    total[k] += sum(row[k::3])
            means.append([t / (WINDOW * WINDOW) for t in total])
    return means


def lab(rgb):
    """CIELAB (D65) of a linear sRGB colour."""
    m = ((0.4124, 0.3576, 0.1805), (0.2126, 0.7152, 0.0722), (0.0193, 0.1192, 0.9505))
    white = (0.95047, 1.0, 1.08883)
    xyz = [sum(m[i][j] * rgb[j] for j in range(3)) / white[i] for i in range(3)]
    f = [v ** (1 / 3) if v > 216 / 24389 else (24389 / 27 * v + 16) / 116 for v in xyz]
    return (116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2]))


def ciede2000(lab1, lab2):
    """CIEDE2000 (Sharma, Wu and Dalal 2005), kL = kC = kH = 1."""
    (l1, a1, b1), (l2, a2, b2) = lab1, lab2
    c_bar = (math.hypot(a1, b1) + math.hypot(a2, b2)) / 2
    g = 0.5 * (1 - math.sqrt(c_bar ** 7 / (c_bar ** 7 + 25 ** 7)))
    a1p, a2p = (1 + g) * a1, (1 + g) * a2
    c1p, c2p = math.hypot(a1p, b1), math.hypot(a2p, b2)
    h1p = math.degrees(math.atan2(b1, a1p)) % 360 if c1p else 0.0
    h2p = math.degrees(math.atan2(b2, a2p)) % 360 if c2p else 0.0
    dl, dc = l2 - l1, c2p - c1p
    dh = 0.0
    if c1p * c2p:
        dh = h2p - h1p
        dh = dh - 360 if dh > 180 else dh + 360 if dh < -180 else dh
    dhh = 2 * math.sqrt(c1p * c2p) * math.sin(math.radians(dh / 2))
    lp, cp = (l1 + l2) / 2, (c1p + c2p) / 2
    hp = h1p + h2p
    if c1p * c2p:
        hp = (hp + 360) / 2 if abs(h1p - h2p) > 180 and hp < 360 else \
            (hp - 360) / 2 if abs(h1p - h2p) > 180 else hp / 2
    t = (1 - 0.17 * math.cos(math.radians(hp - 30)) + 0.24 * math.cos(math.radians(2 * hp))
         + 0.32 * math.cos(math.radians(3 * hp + 6)) - 0.20 * math.cos(math.radians(4 * hp - 63)))
    sl = 1 + 0.015 * (lp - 50) ** 2 / math.sqrt(20 + (lp - 50) ** 2)
    sc, sh = 1 + 0.045 * cp, 1 + 0.015 * cp * t
    rt = (-2 * math.sqrt(cp ** 7 / (cp ** 7 + 25 ** 7))
          * math.sin(math.radians(60 * math.exp(-((hp - 275) / 25) ** 2))))
    return math.sqrt((dl / sl) ** 2 + (dc / sc) ** 2 + (dhh / sh) ** 2
                     + rt * (dc / sc) * (dhh / sh))


def mean_of(colours):
    return [sum(c[k] for c in colours) / len(colours) for k in range(3)]


def stubble_layer(image):
    found = [layer for layer in image.get_layers() if 'stubble' in layer.get_name().lower()]
    check(len(found) == 1, 'the analysis added one stubble layer')
    return found[0]


def matched_dots(image, photo, stubble, appearance, **extra):
    """Dots matched to the fringe over the bald patch, baked; the visible result as a layer."""
    image.select_rectangle(Gimp.ChannelOps.REPLACE, *PATCH)
    dots = run('plug-in-smp-follicles', image, [photo], match_from=stubble, appearance=appearance,
               seed=11, merge=True, **extra)[0]
    Gimp.Selection.none(image)
    for layer in image.get_layers():
        layer.set_visible(layer in (photo, dots))
    seen = Gimp.Layer.new_from_visible(image, image, 'seen')
    image.insert_layer(seen, None, 0)
    return dots, seen


figures = []
cases = [(3, 'dark-brown', 1), (5, 'black', 2), (7, 'black', 3), (4, 'brown', 4), (9, 'black', 5)]
for monk, hair, seed in cases:
    name = f'monk{monk}-{hair}-{seed}'
    image, photo, truth, prefix = generate(
        name, '--centre-x', '55', '--centre-y', '-25', '--bald', '30', '--style', 'shaved',
        '--monk', str(monk), '--hair', hair, '--density', str(100 + 10 * seed), '--dot-size',
        '0.25', '--light-elevation', '90', '--seed', str(seed))
    scalp, stubble_truth = truth_mask(prefix, 'scalp'), truth_mask(prefix, 'stubble')
    x0, y0, pw, ph = PATCH
    check(all(scalp[y * W + x] for y in range(y0, y0 + ph) for x in range(x0, x0 + pw)),
          f'{name}: the treated patch is bald scalp')
    before = bytes(photo.get_buffer().get(Gegl.Rectangle.new(0, 0, W, H), 1.0, None,
                                          Gegl.AbyssPolicy.NONE))
    fringe_density, fringe_dot, _, _ = run('plug-in-smp-analyse', image, [photo])
    stubble = stubble_layer(image)

    # The fringe's mean colour: the photo over 5 mm windows wholly in its stubble.
    photo_plane = linear_plane(photo)
    fringe_windows = window_means(photo_plane, 0, 0, W // WINDOW, H // WINDOW, stubble_truth)
    check(len(fringe_windows) >= 8, f'{name}: {len(fringe_windows)} fringe windows')
    fringe = lab(mean_of(fringe_windows))

    if os.environ.get('EXPLORE'):
        for k in (1.0, 1.5, 1.8, 2.2):
            dots, seen = matched_dots(image, photo, stubble, 'healed', dot_size=fringe_dot * k)
            treated = window_means(linear_plane(seen), x0, y0, pw // WINDOW, ph // WINDOW)
            log(f'EXPLORE {name} k {k}: dE {ciede2000(lab(mean_of(treated)), fringe):.2f} ')
            image.remove_layer(seen)
            image.remove_layer(dots)
        image.delete()
        continue
    dots, seen = matched_dots(image, photo, stubble, 'healed')
    check('fringe' in dots.get_name(), f'{name}: the layer says it is matched: {dots.get_name()}')
    treated = window_means(linear_plane(seen), x0, y0, pw // WINDOW, ph // WINDOW)
    errors = [ciede2000(lab(w), fringe) for w in treated]
    mean_error = ciede2000(lab(mean_of(treated)), fringe)
    bare = ciede2000(lab(mean_of(window_means(photo_plane, x0, y0, pw // WINDOW, ph // WINDOW))),
                     fringe)
    log(f'{name}: fringe L* {fringe[0]:.1f}, bald scalp ΔE00 {bare:.2f}, treated mean ΔE00 '
        f'{mean_error:.2f}, windows max {max(errors):.2f}')
    check_range(mean_error, 0.0, 2.5, f'{name}: healed treated area vs fringe, ΔE00 of the means')
    check_range(max(errors), 0.0, 2.5, f'{name}: every 5 mm window within ΔE00 2.5')
    image.remove_layer(seen)
    image.remove_layer(dots)

    # Density and size, read by the same analysis off fresh dots on the bald patch.
    dots, seen = matched_dots(image, photo, stubble, 'fresh')
    image.select_rectangle(Gimp.ChannelOps.REPLACE, *PATCH)
    density, dot_size, _, report = run('plug-in-smp-analyse', image, [seen])
    Gimp.Selection.none(image)
    log(f'{name}: fringe {fringe_density:.1f}/cm² {fringe_dot:.3f} mm (truth '
        f'{float(truth["density"]):.1f}, {float(truth["dot-size"]):.3f}); new dots '
        f'{density:.1f}/cm² {dot_size:.3f} mm')
    check_range(density / fringe_density, 0.9, 1.1, f'{name}: density of the new dots / fringe')
    check_range(dot_size / fringe_dot, 0.85, 1.15, f'{name}: dot size of the new dots / fringe')
    check(bytes(photo.get_buffer().get(Gegl.Rectangle.new(0, 0, W, H), 1.0, None,
                                       Gegl.AbyssPolicy.NONE)) == before,
          f'{name}: the photo is byte-identical')
    figures.append((name, bare, mean_error, max(errors), density / fringe_density,
                    dot_size / fringe_dot))
    image.delete()

for name, bare, mean_error, worst, density, size in figures:
    log(f'figures {name}: untreated ΔE00 {bare:.2f}, treated {mean_error:.2f} (worst window '
        f'{worst:.2f}), density ratio {density:.3f}, dot size ratio {size:.3f}')

finish(__file__)
