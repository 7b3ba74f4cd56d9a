"""Fringe matching in GIMP on generated head photos (smp-photo-gen) over seeds, Monk tones and hair
colours: plug-in-smp-follicles with match-from (a band of the fringe beside a bald patch) puts
healed dots on the patch, and the rendered result is measured: its mean colour over 5 mm windows
against the fringe's (CIEDE2000), against the solver's prediction, and the density and size of the
fresh dots against the fringe's as the analysis measured them. The analysis's stubble layer works
as a sample; bad samples are refused with a message naming match-from, and nothing is added."""
import array
import math
import re

from gi.repository import Gio

from smp_test import (Gegl, Gimp, alpha, blobs, check, check_error, check_range, finish,
                       generate_photo, log, run)

PPI = 300.0
PX_PER_MM = PPI / 25.4
W, H = 900, 640
WINDOW = round(5.0 * PX_PER_MM)  # 5 mm windows
# The healed core per fresh impression diameter of the dots model (unit test /match/healed-size-ratio).
HEALED_RATIO = 0.55
# Rows of the bald patch treated and of the fringe sample beside it (image pixels).
TOP, ROWS = 120, 6


def generate(name, *options):
    """A photo and its truth from smp-photo-gen: (image, photo layer, truth prefix)."""
    return generate_photo(name, ['--width', str(W), '--height', str(H), '--ppi', str(PPI), *options],
                          PPI, 'fringe')


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


def sample_layer(image, band):
    """A layer whose alpha marks a band of the fringe, as a designer would paint a sample."""
    layer = Gimp.Layer.new(image, 'fringe sample', W, H, Gimp.ImageType.RGBA_IMAGE, 100.0,
                           Gimp.LayerMode.NORMAL)
    image.insert_layer(layer, None, 0)
    image.select_rectangle(Gimp.ChannelOps.REPLACE, *band)
    layer.edit_fill(Gimp.FillType.WHITE)
    Gimp.Selection.none(image)
    layer.set_visible(False)
    return layer


def matched_dots(image, photo, sample, appearance, PATCH):
    """Dots matched to the fringe over the bald patch, baked; the visible result as a layer."""
    image.select_rectangle(Gimp.ChannelOps.REPLACE, *PATCH)
    dots = run('plug-in-smp-follicles', image, [photo], match_from=sample, appearance=appearance,
               seed=11, merge=True)[0]
    Gimp.Selection.none(image)
    for layer in image.get_layers():
        layer.set_visible(layer in (photo, dots))
    seen = Gimp.Layer.new_from_visible(image, image, 'seen')
    image.insert_layer(seen, None, 0)
    return dots, seen


def healed_match(name, monk, hair, density, dot_size, seed, light=('--even-light',)):
    """A photo of a fringe beside a bald patch, healed dots matched to it over the patch: (image,
    photo, truth, sample, predicted ΔE00, reached, the patch, rendered ΔE00 of the means, worst
    window, untreated ΔE00, the measured fringe's density and dot size, the report). `light`: the
    generator's options for the light. Under a lamp the fringe's colour at the patch is the
    sample's times the bare skin's, patch over band, on the same photo rendered without stubble
    (docs/fringe-matching.md, Light); under an even light it is the sample's."""
    options = ['--centre-x', '55', '--centre-y', '-25', '--bald', '30', '--style', 'shaved',
               '--monk', str(monk), '--hair', hair, '--dot-size', str(dot_size), *light,
               '--seed', str(seed)]
    image, photo, truth, prefix = generate(name, *options, '--density', str(density))
    scalp, stubble_truth = truth_mask(prefix, 'scalp'), truth_mask(prefix, 'stubble')
    # The patch (x, y, width, height) ends 1 mm short of the fringe's edge, the band of the sample
    # starts 3 mm beyond it (past its thinning border). Under a lamp the band, further down the
    # dome, is shaded (docs/fringe-matching.md, Light).
    edges = [next(x for x in range(W) if not scalp[y * W + x]) for y in range(TOP, TOP + ROWS * WINDOW)]
    PATCH = (min(edges) - round(PX_PER_MM) - 2 * WINDOW, TOP, 2 * WINDOW, ROWS * WINDOW)
    BAND = (max(edges) + round(3 * PX_PER_MM), TOP, 3 * WINDOW, ROWS * WINDOW)
    x0, y0, pw, ph = PATCH
    check(PATCH[0] >= 20, f'{name}: the patch lies in the picture')
    check(all(scalp[y * W + x] for y in range(y0, y0 + ph) for x in range(20, x0 + pw)),
          f'{name}: the treated patch is bald scalp')
    bx, by, bw, bh = BAND
    check(all(stubble_truth[y * W + x] for y in range(by, by + bh) for x in range(bx, bx + bw)),
          f'{name}: the sample lies in the stubble')
    sample = sample_layer(image, BAND)
    before = bytes(photo.get_buffer().get(Gegl.Rectangle.new(0, 0, W, H), 1.0, None,
                                          Gegl.AbyssPolicy.NONE))

    # The fringe's mean colour: the photo over the band's 5 mm windows wholly in the stubble.
    photo_plane = linear_plane(photo)
    fringe_windows = window_means(photo_plane, BAND[0], BAND[1], 3, ROWS, stubble_truth)
    check(len(fringe_windows) >= 12, f'{name}: {len(fringe_windows)} fringe windows')
    fringe_linear = mean_of(fringe_windows)
    if '--even-light' not in light:
        bare_image, bare_photo, _, _ = generate(name + '-bare', *options, '--density', '0')
        bare_plane = linear_plane(bare_photo)
        bare_image.delete()
        at_patch = mean_of(window_means(bare_plane, x0, y0, pw // WINDOW, ph // WINDOW))
        at_band = mean_of(window_means(bare_plane, BAND[0], BAND[1], 3, ROWS, stubble_truth))
        fringe_linear = [f * p / b for f, p, b in zip(fringe_linear, at_patch, at_band)]
    # without a model of light the match would aim at the sample's colour as photographed
    unlit = ciede2000(lab(mean_of(fringe_windows)), lab(fringe_linear))
    fringe = lab(fringe_linear)

    dots, seen = matched_dots(image, photo, sample, 'healed', PATCH)
    check('fringe' in dots.get_name(), f'{name}: the layer says it is matched: {dots.get_name()}')
    report = bytes(b & 255 for b in dots.get_parasite('smp-match').get_data()).decode().rstrip('\0')
    predicted = float(re.search(r'ΔE00 ([0-9.]+)', report).group(1))
    reached = 'nearest shade' not in report
    measured = re.search(r'fringe: ([0-9.]+) impressions/cm², dots of ([0-9.]+) mm', report)
    log(f'{name}: {report}')
    treated = window_means(linear_plane(seen), x0, y0, pw // WINDOW, ph // WINDOW)
    errors = [ciede2000(lab(w), fringe) for w in treated]
    mean_error = ciede2000(lab(mean_of(treated)), fringe)
    bare = ciede2000(lab(mean_of(window_means(photo_plane, x0, y0, pw // WINDOW, ph // WINDOW))),
                     fringe)
    log(f'{name}: fringe L* {fringe[0]:.1f}, bald scalp ΔE00 {bare:.2f}, treated mean ΔE00 '
        f'{mean_error:.2f}, windows max {max(errors):.2f}')
    image.remove_layer(seen)
    image.remove_layer(dots)
    check(bytes(photo.get_buffer().get(Gegl.Rectangle.new(0, 0, W, H), 1.0, None,
                                       Gegl.AbyssPolicy.NONE)) == before,
          f'{name}: the photo is byte-identical after the healed match')
    return (image, photo, truth, sample, predicted, reached, PATCH, mean_error, max(errors), bare,
            float(measured.group(1)), float(measured.group(2)), report, unlit)


figures = []
cases = [(3, 'dark-brown', 1), (5, 'black', 2), (7, 'black', 3), (4, 'brown', 4), (9, 'black', 5),
         (2, 'blond', 6), (5, 'grey', 7), (6, 'brown', 9), (2, 'grey', 10), (8, 'white', 11),
         (4, 'auburn', 12)]
for monk, hair, seed in cases:
    name = f'monk{monk}-{hair}-{seed}'
    (image, photo, truth, sample, predicted, reached, PATCH, mean_error, worst, bare, sample_density,
     sample_dot, report, unlit) = healed_match(name, monk, hair, 100 + 10 * seed, 0.25, seed)
    fringe_density, fringe_dot = float(truth['density']), float(truth['dot-size'])
    # Density and size are read off a wider patch of fresh dots.
    WIDE = (20, TOP, PATCH[0] + PATCH[2] - 20, ROWS * WINDOW)
    check(WIDE[2] >= 12 * PX_PER_MM, f'{name}: a patch 12 mm wide left of the fringe ({WIDE[2]} px)')
    before = bytes(photo.get_buffer().get(Gegl.Rectangle.new(0, 0, W, H), 1.0, None,
                                          Gegl.AbyssPolicy.NONE))

    # Density and impression size, measured on the fresh dots the match draws over the wider patch:
    # dots counted (touching ones count once: a slight undercount) and their inked area; healed, an
    # impression keeps a core of HEALED_RATIO of its diameter.
    dots, seen = matched_dots(image, photo, sample, 'fresh', WIDE)
    plane = alpha(dots)
    width = dots.get_width()
    count = blobs(plane, width, dots.get_height(), 128)
    inked = sum(1 for a in plane if a >= 128)
    area_cm2 = WIDE[2] * WIDE[3] / PX_PER_MM ** 2 / 100
    density = count / area_cm2
    dot_size = 2 * math.sqrt(inked / count / math.pi) / PX_PER_MM
    healed_size = dot_size * HEALED_RATIO
    log(f'{name}: fringe {sample_density:.1f}/cm² {sample_dot:.3f} mm as measured (truth '
        f'{fringe_density:.1f}/cm² {fringe_dot:.3f} mm); new dots {density:.1f}/cm², impressions '
        f'{dot_size:.3f} mm, healed {healed_size:.3f} mm')
    check(bytes(photo.get_buffer().get(Gegl.Rectangle.new(0, 0, W, H), 1.0, None,
                                       Gegl.AbyssPolicy.NONE)) == before,
          f'{name}: the photo is byte-identical')
    figures.append((name, bare, mean_error, worst, density / sample_density,
                    healed_size / sample_dot, predicted, reached, sample_density / fringe_density,
                    sample_dot / fringe_dot))
    image.delete()

for name, bare, mean_error, worst, density, size, predicted, reached, d_truth, s_truth in figures:
    log(f'figures {name}: untreated ΔE00 {bare:.2f}, treated {mean_error:.2f} (worst window '
        f'{worst:.2f}, predicted {predicted:.1f}{"" if reached else ", beyond reach"}); new / '
        f'measured fringe: density {density:.3f}, healed dot size {size:.3f}; measured / true '
        f'fringe: density {d_truth:.3f}, dot size {s_truth:.3f}')
for name, bare, mean_error, worst, density, size, predicted, reached, d_truth, s_truth in figures:
    check_range(density, 0.9, 1.1, f'{name}: density of the new dots / the fringe\'s')
    check_range(size, 0.85, 1.15, f'{name}: healed dot size / the fringe\'s')
    # GIMP renders what the solver's model predicts, reached or not
    check_range(mean_error - predicted, -0.5, 0.5, f'{name}: rendered ΔE00 - the solver\'s')
    check(reached, f'{name}: the match reaches the fringe')
    check_range(mean_error, 0.0, 2.5, f'{name}: healed treated area vs fringe, ΔE00 of means')

# Under a lamp (docs/fringe-matching.md, Light): the band lies further down the dome than the
# patch, so it is shaded; the match takes the fringe's colour to the patch by the light it fits
# over the bare scalp and the fringe, and the healed patch is measured against the fringe's colour
# there (the sample's times the bare skin's ratio, patch over band, without stubble). Where the
# light cannot be fitted (no bare scalp found: Monk 9 under a low lamp), the report says so.
lamp_figures = []
lamps = [(5, 'dark-brown', 135, 50, 1), (3, 'black', 45, 50, 2), (7, 'black', 135, 30, 3),
         (2, 'blond', 270, 50, 4), (4, 'auburn', 225, 50, 12), (8, 'black', 90, 45, 9),
         (9, 'black', 45, 30, 5)]
for monk, hair, azimuth, elevation, seed in lamps:
    name = f'lamp-monk{monk}-{hair}-{azimuth}-{elevation}'
    lamp = ('--light-azimuth', str(azimuth), '--light-elevation', str(elevation))
    (image, photo, truth, sample, predicted, reached, PATCH, mean_error, worst, bare, sample_density,
     sample_dot, report, unlit) = healed_match(name, monk, hair, 165, 0.25, seed, lamp)
    lamp_figures.append((name, bare, mean_error, worst, predicted, report, unlit))
    image.delete()
for name, bare, mean_error, worst, predicted, report, unlit in lamp_figures:
    fitted = 'Light: the area to treat gets' in report
    log(f'figures {name}: untreated ΔE00 {bare:.2f}, treated {mean_error:.2f} (worst window '
        f'{worst:.2f}, predicted {predicted:.1f}); light {"fitted" if fitted else "not fitted"}; '
        f'the sample as photographed is {unlit:.2f} from the fringe lit at the patch')
    check('Light:' in report, f'{name}: the report speaks of the light')
    if fitted:
        # within the 2.5 of a match, or (where the plane of light is off: Monk 8 lit from the
        # top of the picture) at least half the way from the colour as photographed
        check_range(mean_error, 0.0, max(2.5, 0.5 * unlit),
                    f'{name}: healed treated area vs the fringe lit there')
    else:
        check('not taken into account' in report, f'{name}: the report says the light is not fitted')

# A fringe beyond reach: 300 coarse black hairs per cm² (0.45 mm stubble dots; scalps measure
# 137-230 hairs per cm²) on Monk 3 is darker than healed black dots of its own density and size
# make the skin. The procedure says so and shows the nearest shade, as its model predicts.
name = 'beyond-reach'
(image, photo, truth, sample, predicted, reached, PATCH, mean_error, worst, bare, sample_density,
 sample_dot, report, unlit) = healed_match(name, 3, 'black', 300, 0.45, 1)
log(f'figures {name}: untreated ΔE00 {bare:.2f}, treated {mean_error:.2f} (worst window '
    f'{worst:.2f}, predicted {predicted:.1f}{"" if reached else ", beyond reach"})')
check(not reached, f'{name}: the report says the fringe is beyond reach')
check_range(predicted, 2.5, 100.0, f'{name}: predicted ΔE00 beyond the 2.5 of a match')
check_range(mean_error - predicted, -0.5, 0.5, f'{name}: rendered ΔE00 - the solver\'s')
check_range(mean_error, 0.0, bare, f'{name}: the nearest shade comes nearer than the bare skin')
image.delete()

# The analysis's stubble layer as the sample, on fringes of 100 and of 165 hairs per cm² (a natural
# density, whose crowded dots must not read as long hair).
for hairs in (165, 100):
    image, photo, truth, prefix = generate(f'stubble-layer-{hairs}', '--centre-x', '55',
                                           '--centre-y', '-25', '--bald', '30', '--style', 'shaved',
                                           '--monk', '5', '--density', str(hairs),
                                           '--light-elevation', '90', '--seed', '2')
    run('plug-in-smp-analyse', image, [photo])
    stubble = [layer for layer in image.get_layers() if 'stubble' in layer.get_name().lower()][0]
    image.select_rectangle(Gimp.ChannelOps.REPLACE, 20, 120, 100, 300)
    dots = run('plug-in-smp-follicles', image, [photo], match_from=stubble, merge=True)[0]
    Gimp.Selection.none(image)
    report = bytes(b & 255 for b in dots.get_parasite('smp-match').get_data()).decode()
    density = float(re.search(r'fringe: ([0-9.]+) impressions', report).group(1))
    log(f'stubble layer as sample, {hairs} hairs/cm²: {density:.1f} measured, truth {truth["density"]}')
    check_range(density / float(truth['density']), 0.9, 1.1,
                f'the stubble layer as sample at {hairs} per cm²: density')
    image.remove_layer(dots)


# Bad samples: a message naming match-from, and nothing added.
def refused(image, drawables, fragments, what, **arguments):
    count = len(image.get_layers())
    check_error('plug-in-smp-follicles', image, drawables, fragments, what, **arguments)
    check(len(image.get_layers()) == count, f'{what}: no layer added')


bald = sample_layer(image, (20, 120, 150, 300))
refused(image, [photo], ['match-from', 'no stubble fringe'], 'a sample of bald scalp',
        match_from=bald)
empty = Gimp.Layer.new(image, 'empty', W, H, Gimp.ImageType.RGBA_IMAGE, 100.0,
                       Gimp.LayerMode.NORMAL)
image.insert_layer(empty, None, 0)
refused(image, [photo], ['match-from', 'marks no pixel'], 'an empty sample', match_from=empty)
refused(image, [stubble], ['match-from', 'photo layer'], 'the sample as the photo',
        match_from=stubble)
other, other_photo, _, _ = generate('other', '--seed', '3')
refused(other, [other_photo], ['match-from', 'another image'], 'a sample of another image',
        match_from=stubble)
other.delete()
gray = image.duplicate()
gray.convert_grayscale()
gray_sample = [layer for layer in gray.get_layers() if 'stubble' in layer.get_name().lower()][0]
refused(gray, [gray.get_layers()[-1]], ['match-from', 'grayscale'], 'a grayscale photo',
        match_from=gray_sample)
gray.delete()
image.delete()

finish(__file__)
