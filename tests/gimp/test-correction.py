"""plug-in-smp-correction from Python on generated photos of old SMP with planted faults
(smp-photo-gen faults): four layers above the untouched photo, blown-out and too-dark dots counted
near the truth, the solid shade under the laser map, the report and counts; a selection
respected; a hairline too low and too straight flagged; bad input refused with a message naming
the problem, and nothing added."""

from smp_test import (Gimp, alpha, check, check_range, check_refused, finish, generate_photo,
                       pixels, run, truth_mask, unfilled_image)

PPI = 600.0
PROC = 'plug-in-smp-correction'
NAMES = ['laser removal', 'lighten with skin-toned pigment', 'dots to add', 'preview after correction']


def generate(name, *options):
    """A photo of old SMP and its truth: (image, photo layer, truth, prefix of the truth files)."""
    return generate_photo(name, ['--ppi', str(PPI), *options], PPI, 'faults', command='faults')


def layer_state(image):
    """What a procedure may not change: every layer's name, offsets and pixels, the selection."""
    return ([(layer.get_name(), layer.get_offsets()[1:], pixels(layer)) for layer in image.get_layers()],
            pixels(image.get_selection()))


# Old SMP with blown-out and too-dark dots and two solid-shade patches, a natural hairline.
image, photo, truth, prefix = generate('old', '--monk', '4', '--seed', '5', '--helmets', '2')
W, H = photo.get_width(), photo.get_height()
state = layer_state(image)
(report, dots, blown, dark, helmet_area, laser_dots, lighten_dots,
 added) = run(PROC, image, [photo], hair_type='dark-brown', skin_tone='monk-4',
              glabella_y=float(truth['glabella-y']))
layers = image.get_layers()
check(len(layers) == 5, f'four layers added above the photo ({len(layers)} layers)')
check(layers[4] == photo, 'the photo stays at the bottom')
for layer, name in zip(layers, NAMES):
    check(name in layer.get_name().lower(), f'{layer.get_name()!r} is the {name} layer')
    check((layer.get_width(), layer.get_height(), layer.get_offsets()[1:]) == (W, H, (0, 0)),
          f'{name} covers the photo')
check(pixels(photo) == state[0][0][2], 'the photo is byte-identical')

log_line = f'{dots} dots, {blown} blown, {dark} dark, helmet {helmet_area:.2f} cm², {added} added'
check_range(blown, 0.9 * int(truth['blown']), 1.1 * int(truth['blown']),
            f'blown-out dots (truth {truth["blown"]}; {log_line})')
check_range(dark, 0.9 * int(truth['dark']), 1.1 * int(truth['dark']),
            f'too-dark dots (truth {truth["dark"]})')
check(laser_dots >= blown and lighten_dots >= dark, 'removal and lightening counts hold the faults')
helmet = truth_mask(prefix, 'helmet')
ppm = PPI / 25.4
check_range(helmet_area, 0.8 * sum(helmet) / ppm ** 2 / 100, 1.2 * sum(helmet) / ppm ** 2 / 100,
            'helmet area near the truth')
laser = alpha(layers[0])
covered = sum(1 for t, a in zip(helmet, laser) if t and a == 255)
check_range(covered / sum(helmet), 0.85, 1.0, 'the laser map covers the solid shade')
check(added > blown, 'new dots for the removed ones and the solid shade')
check(max(alpha(layers[2])) == 255, 'the dots to add are drawn')
for word in ('helmet look', 'blown-out', 'too dark', 'laser removal', 'lighten'):
    check(word in report.lower(), f'report names "{word}": {report}')

# Removing the four layers restores the image as it was: the procedure changed nothing else.
for layer in layers[:4]:
    image.remove_layer(layer)
check(layer_state(image) == state, 'without the new layers the image is as before')

# With a selection, nothing is judged or drawn outside it; the preview there is the photo.
image.select_rectangle(Gimp.ChannelOps.REPLACE, 0, 0, W // 2, H // 2)
run(PROC, image, [photo], hair_type='dark-brown', skin_tone='monk-4')
layers = image.get_layers()
outside = [i for i in range(W * H) if (i % W) >= W // 2 + 2 or (i // W) >= H // 2 + 2]
for layer in layers[:3]:
    plane = alpha(layer)
    check(all(plane[i] == 0 for i in outside), f'{layer.get_name()}: nothing outside the selection')
preview, original = pixels(layers[3], "R'G'B'A u8"), pixels(photo, "R'G'B'A u8")
check(all(preview[4 * i:4 * i + 4] == original[4 * i:4 * i + 4] for i in outside[::97]),
      'the preview is the photo outside the selection')
Gimp.Selection.none(image)
image.delete()

# A straight hairline 55 mm above the glabella: too low and too straight.
image, photo, truth, _ = generate('low', '--monk', '6', '--seed', '8', '--helmets', '0', '--blown',
                                  '0', '--dark', '0', '--hairline', 'straight',
                                  '--hairline-height', '55')
report, _, blown, dark, helmet_area, laser_dots, _, added = run(
    PROC, image, [photo], glabella_y=float(truth['glabella-y']), skin_tone='monk-6')[:8]
check('too low' in report.lower() and 'too straight' in report.lower(), f'hairline faults: {report}')
check(laser_dots > 100, f'{laser_dots} dots below the lowest natural hairline to remove')
check(blown == 0 and dark == 0 and helmet_area == 0.0, 'no dot faults where none were planted')
image.delete()


# Bad input: a message naming the problem, and no layer added.
image, photo, _, _ = generate('bare', '--density', '0', '--helmets', '0')
check_refused(PROC, image, [photo], ['no smp'], 'bare skin without SMP')
gray = image.duplicate()
gray.convert_grayscale()
check_refused(PROC, gray, [gray.get_layers()[0]], ['grayscale'], 'a grayscale photo')
gray.delete()
check_refused(PROC, image, [photo], ['ppi', 'too coarse'], 'a photo at 150 ppi', ppi=150.0)
image.set_resolution(72.0, 72.0)
check_refused(PROC, image, [photo], ['ppi'], 'an unscaled photo without ppi')
image.delete()

image, photo, _, _ = generate('tiny', '--width', '150', '--height', '150')
check_refused(PROC, image, [photo], ['too small', 'mm'], 'a photo 6 mm wide')
image.delete()

huge, layer = unfilled_image(9000, 6000)
check_refused(PROC, huge, [layer], ['too large', 'megapixels'], 'a 54-megapixel photo', ppi=600.0)
huge.delete()

finish(__file__)
