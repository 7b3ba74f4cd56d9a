"""plug-in-smp-analyse from Python on generated head photos (smp-photo-gen): three soft-mask
layers over the photo that agree with the ground truth, the fringe's density, dot size and colour
near the truth, the photo byte-identical, a selection respected; bad input refused with a message
naming what is wrong, and nothing added."""

from smp_test import (Gegl, Gimp, alpha, call, check, check_range, check_refused, finish,
                       generate_photo, pixels, run, truth_mask, unfilled_image)

PPI = 300.0
W = H = 640


def generate(name, *options):
    """A photo and its truth from smp-photo-gen: (image, photo layer, truth values, truth dir)."""
    return generate_photo(name, ['--width', str(W), '--height', str(H), '--ppi', str(PPI), *options],
                          PPI, 'fringe')


def to_srgb(v):
    return 12.92 * v if v <= 0.0031308 else 1.055 * v ** (1 / 2.4) - 0.055


def iou(a, b):
    both = sum(1 for x, y in zip(a, b) if x and y)
    either = sum(1 for x, y in zip(a, b) if x or y)
    return both / either if either else 1.0


def layer_named(image, word):
    found = [layer for layer in image.get_layers() if word in layer.get_name().lower()]
    check(len(found) == 1, f'one layer named with "{word}"')
    return found[0]


# A top view of the side of the head: bald cap, shaved stubble, long hair at the back.
image, photo, truth, prefix = generate('top', '--centre-x', '50', '--centre-y', '-10', '--bald',
                                       '30', '--monk', '5', '--hair', 'dark-brown', '--seed', '35',
                                       '--light-elevation', '40')
before = pixels(photo)
density, dot_size, colour, report, _ = run('plug-in-smp-analyse', image, [photo])
layers = image.get_layers()
check(len(layers) == 4, 'three layers added above the photo')
check(layers[3] == photo, 'the photo stays at the bottom')
check(pixels(photo) == before, 'the photo is byte-identical')
hair, stubble, scalp = (layer_named(image, w) for w in ('hair', 'stubble', 'scalp'))
for layer in (hair, stubble, scalp):
    check((layer.get_width(), layer.get_height(), layer.get_offsets()[1:]) == (W, H, (0, 0)),
          f'{layer.get_name()} covers the photo')

found_hair = [1 if max(a, b) >= 128 else 0 for a, b in zip(alpha(hair), alpha(stubble))]
true_hair = [max(a, b) for a, b in zip(truth_mask(prefix, 'hair'), truth_mask(prefix, 'stubble'))]
check_range(iou(found_hair, true_hair), 0.9, 1.0, 'hair-bearing IoU against the truth')
check_range(iou([1 if a >= 128 else 0 for a in alpha(stubble)], truth_mask(prefix, 'stubble')),
            0.7, 1.0, 'stubble IoU against the truth')

want = float(truth['density'])
check_range(density, 0.9 * want, 1.1 * want, f'fringe density (truth {want:.1f} per cm²)')
want = float(truth['dot-size'])
check_range(dot_size, 0.85 * want, 1.15 * want, f'fringe dot size (truth {want:.3f} mm)')
got = [to_srgb(v) for v in colour.get_rgba()[:3]]  # GeglColor gives linear RGB
want = [int(truth['color'][i:i + 2], 16) / 255 for i in (1, 3, 5)]
check(all(abs(g - w) <= 0.06 for g, w in zip(got, want)),
      f'fringe colour {[round(g, 3) for g in got]} near the truth {[round(w, 3) for w in want]}')
check('stubble fringe' in report.lower() and 'per cm²' in report, f'report: {report}')

# With a selection, nothing outside it is classified.
for layer in (hair, stubble, scalp):
    image.remove_layer(layer)
image.select_rectangle(Gimp.ChannelOps.REPLACE, 0, 0, W // 2, H)
run('plug-in-smp-analyse', image, [photo])
for word in ('hair', 'stubble', 'scalp'):
    plane = alpha(layer_named(image, word))
    outside = sum(plane[y * W + x] for y in range(H) for x in range(W // 2 + 8, W))
    check(outside == 0, f'{word}: nothing outside the selection')
Gimp.Selection.none(image)
image.delete()

# Bad input: a message naming the problem, no layer added and the photo as it was.
PROC = 'plug-in-smp-analyse'
image, photo, _, _ = generate('bald', '--centre-x', '0', '--centre-y', '0', '--bald', '60',
                              '--style', 'shaved')
check_refused(PROC, image, [photo], ['no hair'], 'a bald crown without hair')
image.delete()
image, photo, _, _ = generate('hair', '--view', 'side', '--centre-x', '-60', '--centre-y', '0')
check_refused(PROC, image, [photo], ['no bald scalp'], 'a photo of long hair only')
image.delete()

image, photo, _, _ = generate('small', '--centre-x', '50', '--centre-y', '-10', '--bald', '30')
check_refused(PROC, image, [photo], ['too small', 'mm'], 'a photo 10 mm wide', ppi=1600.0)
gray = image.duplicate()
gray.convert_grayscale()
check_refused(PROC, gray, [gray.get_layers()[0]], ['grayscale'], 'a grayscale photo')
gray.delete()
indexed = image.duplicate()
indexed.convert_indexed(Gimp.ConvertDitherType.NONE, Gimp.ConvertPaletteType.GENERATE, 64, False,
                        False, '')
check_refused(PROC, indexed, [indexed.get_layers()[0]], ['indexed'], 'an indexed photo')
indexed.delete()
image.set_resolution(72.0, 72.0)
check_refused(PROC, image, [photo], ['ppi'], 'an unscaled photo without ppi')
image.delete()

huge, layer = unfilled_image(9000, 6000)
check_refused(PROC, huge, [layer], ['too large', 'megapixels'], 'a 54-megapixel photo', ppi=300.0)
huge.delete()

finish(__file__)
