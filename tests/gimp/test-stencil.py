"""plug-in-smp-stencil from Python: the PDF page measures the design's real size (MediaBox within
0.5 mm), the calibration bar measures 50 mm at the image's resolution, the outline is ink on
paper, the landmarks sit on the op's design line (also with the head turned), the top view and
the image-only call work, a design layer gives its design as edited and its dots, bad input is
refused naming the argument, and the hairline arguments mirror the op's properties."""
import math
import os
import re
import zlib

from smp_test import (Gimp, all_items, alpha, check, check_error, check_mirrors, check_range,
                      finish, log, make_image, pixels, run)
from gi.repository import Gio  # noqa: E402

MM_PER_INCH = 25.4
POINTS_PER_INCH = 72.0
PROC = 'plug-in-smp-stencil'
OUT = os.environ['SMP_TEST_DIR']


def pdf_pages(path):
    """MediaBox of every page, in points; cairo keeps page objects in compressed streams."""
    data = open(path, 'rb').read()
    check(data.startswith(b'%PDF-'), f'{os.path.basename(path)} is a PDF')
    texts = [data]
    for match in re.finditer(rb'stream\r?\n', data):
        end = data.find(b'endstream', match.end())
        try:
            texts.append(zlib.decompress(data[match.end():end]))
        except zlib.error:
            pass  # image data or another filter
    boxes = []
    for text in texts:
        for page in re.finditer(rb'/Type\s*/Page\b(.*?)>>', text, re.S):
            box = re.search(rb'/MediaBox\s*\[\s*([-\d.\s]+)\]', page.group(1))
            if box:
                boxes.append([float(v) for v in box.group(1).split()])
    return boxes


def layer_named(image, name):
    for layer in image.get_layers():
        if layer.get_name() == name:
            return layer
    raise AssertionError(f"the stencil has no layer '{name}': "
                         f'{[layer.get_name() for layer in image.get_layers()]}')


def longest_opaque_run(drawable):
    """Longest horizontal run of opaque pixels over every row of the drawable."""
    width, plane = drawable.get_width(), alpha(drawable)
    best = 0
    for row in range(drawable.get_height()):
        for run_ in re.finditer(rb'[\x80-\xff]+', plane[row * width:(row + 1) * width]):
            best = max(best, run_.end() - run_.start())
    return best


def max_alpha_near(plane, width, height, x, y, radius):
    values = [plane[j * width + i]
              for j in range(max(0, int(y - radius)), min(height, int(y + radius) + 1))
              for i in range(max(0, int(x - radius)), min(width, int(x + radius) + 1))]
    return max(values) if values else 0


def stencil(name, **arguments):
    """Runs the stencil (PDF in OUT/name when name is given); returns the image."""
    if name:
        arguments['file'] = Gio.File.new_for_path(os.path.join(OUT, name))
    return run(PROC, None, None, **arguments)[0]


def check_scale(image, name, width_mm, height_mm, ppi):
    px_per_mm = ppi / MM_PER_INCH
    check(tuple(image.get_resolution()[-2:]) == (ppi, ppi), f'{name}: the resolution is {ppi} ppi')
    check_range(image.get_width(), width_mm * px_per_mm - 0.5, width_mm * px_per_mm + 0.5,
                f'{name}: width in px')
    check_range(image.get_height(), height_mm * px_per_mm - 0.5, height_mm * px_per_mm + 0.5,
                f'{name}: height in px')

    # The PDF page is the design's real size.
    boxes = pdf_pages(os.path.join(OUT, name))
    check(len(boxes) == 1, f'{name}: one page')
    x0, y0, x1, y1 = boxes[0]
    page_w = (x1 - x0) / POINTS_PER_INCH * MM_PER_INCH
    page_h = (y1 - y0) / POINTS_PER_INCH * MM_PER_INCH
    log(f'{name}: page {page_w:.3f} x {page_h:.3f} mm for {width_mm} x {height_mm} mm, error '
        f'{page_w - width_mm:+.3f} / {page_h - height_mm:+.3f} mm')
    check_range(page_w - width_mm, -0.5, 0.5, f'{name}: page width error (mm)')
    check_range(page_h - height_mm, -0.5, 0.5, f'{name}: page height error (mm)')

    # The calibration bar measures 50 mm at the image's resolution, to a pixel.
    bar_mm = longest_opaque_run(layer_named(image, 'Calibration bar 50 mm')) / px_per_mm
    check_range(bar_mm, 50.0 - 1.0 / px_per_mm, 50.0 + 1.0 / px_per_mm,
                f'{name}: calibration bar length (mm) at {ppi} ppi')


def check_design(image, name, ppi, origin, angle, hairline_height, temple_width, recession):
    """Ink and landmarks where a natural line with no irregularity is: the mid-frontal point
    hairline-height above the glabella, the frontotemporal angles half the temple width to each side and
    the recession higher, all turned counter-clockwise by the angle."""
    px_per_mm = ppi / MM_PER_INCH
    outline = layer_named(image, 'Hairline outline')
    ink = pixels(outline, "R'G'B'A u8")
    inked = [ink[i:i + 3] for i in range(0, len(ink), 4) if ink[i + 3] > 127]
    check(len(inked) > 0, f'{name}: the outline has ink')
    check(all(max(p) < 32 for p in inked), f'{name}: the outline is black')

    width, height = image.get_width(), image.get_height()
    outline_plane, marks_plane = alpha(outline), alpha(layer_named(image, 'Landmarks'))
    turn = math.radians(angle)
    for what, u, v in (('mid-frontal point', 0.0, hairline_height),
                       ('left frontotemporal angle', -temple_width / 2, hairline_height + recession),
                       ('right frontotemporal angle', temple_width / 2, hairline_height + recession)):
        x = origin[0] + px_per_mm * (math.cos(turn) * u - math.sin(turn) * v)
        y = origin[1] + px_per_mm * (-math.sin(turn) * u - math.cos(turn) * v)
        check(max_alpha_near(outline_plane, width, height, x, y, 0.5 * px_per_mm) > 127,
              f'{name}: the design line passes the {what} ({x:.0f}, {y:.0f})')
        check(max_alpha_near(marks_plane, width, height, x, y, 0.2 * px_per_mm) > 127,
              f'{name}: the {what} is marked')
    check(marks_plane[int(origin[1]) * width + int(origin[0])] > 127,
          f'{name}: the origin is marked')


def check_texts(image, name):
    texts = [Gimp.TextLayer.get_by_id(item.get_id()).get_text()
             for item in all_items(image.get_layers()) if item.is_text_layer()]
    if Gimp.fonts_get_list(''):
        check(any('100 %' in t for t in texts), f'{name}: the print-at-100 % note is there')
        check(any('frontotemporal angle' in t for t in texts),
              f'{name}: the frontotemporal angles are labelled as such')
        check(not any('temple point' in t for t in texts),
              f'{name}: no frontotemporal angle is labelled a temple point')


# Front view with dots, straight head.
design = dict(view='front', shape='natural', hairline_height=80.0, temple_width=110.0,
              recession=12.0, irregularity=0.0, asymmetry=0.0)
image = stencil('stencil-dots.pdf', width=150.0, height=130.0, ppi=300.0, dots=True, seed=7,
                origin_x=886.0, origin_y=1300.0, angle=0.0, **design)
check_scale(image, 'stencil-dots.pdf', 150.0, 130.0, 300.0)
check_design(image, 'stencil-dots.pdf', 300.0, (886.0, 1300.0), 0.0, 80.0, 110.0, 12.0)
dots_rgb = pixels(layer_named(image, 'Dots'), "R'G'B'A u8")
check(any(dots_rgb[i] < 128 for i in range(0, len(dots_rgb), 4)), 'stencil-dots.pdf: dots printed')
check_texts(image, 'stencil-dots.pdf')
image.delete()

# Odd page size, another resolution, the head turned 20° counter-clockwise, no dots.
design.update(hairline_height=70.0, temple_width=100.0, recession=16.0)
image = stencil('stencil-turned.pdf', width=143.4, height=117.7, ppi=150.0, dots=False, seed=3,
                origin_x=520.0, origin_y=640.0, angle=20.0, **design)
check_scale(image, 'stencil-turned.pdf', 143.4, 117.7, 150.0)
check_design(image, 'stencil-turned.pdf', 150.0, (520.0, 640.0), 20.0, 70.0, 100.0, 16.0)
check('Dots' not in [layer.get_name() for layer in image.get_layers()],
      'stencil-turned.pdf: no dot layer without dots')
image.delete()

# Top view, automatic placement, no PDF: the image alone.
image = stencil(None, view='top', width=200.0, height=160.0, ppi=100.0, pattern='norwood-3')
check(len(alpha(layer_named(image, 'Hairline outline')).strip(b'\0')) > 0,
      'top view: the outline has ink')
check_range(image.get_width(), 787, 788, 'top view: width in px at 100 ppi')
image.delete()

# Profile: the right side with its landmarks; a design that breaks guardrails is still made.
image = run(PROC, None, None, view='right', width=180.0, height=200.0, ppi=100.0,
            pattern='norwood-5', recession=0.0)[0]
check(len(alpha(layer_named(image, 'Hairline outline')).strip(b'\0')) > 0,
      'right view: the outline has ink')
if Gimp.fonts_get_list(''):
    texts = [Gimp.TextLayer.get_by_id(item.get_id()).get_text()
             for item in all_items(image.get_layers()) if item.is_text_layer()]
    for label in ('ear canal', 'frontotemporal angle', 'temple point', 'sideburn'):
        check(label in texts, f'right view: the {label} is labelled')
image.delete()

# Top view: the whorl is marked and labelled with its turn.
image = run(PROC, None, None, view='top', width=200.0, height=200.0, ppi=100.0,
            whorl_clockwise=False)[0]
if Gimp.fonts_get_list(''):
    texts = [Gimp.TextLayer.get_by_id(item.get_id()).get_text()
             for item in all_items(image.get_layers()) if item.is_text_layer()]
    check('whorl (counter-clockwise)' in texts, 'top view: the whorl is labelled with its turn')
image.delete()

# From a design layer: the stencil draws the layer's design as its effect holds it after an edit,
# whatever the design arguments say, and its dots' density and sizes.
photo_image, photo = make_image(600, 500, ppi=127.0)
made = dict(view='front', shape='m-shape', pattern='norwood-3', hairline_height=85.0,
            irregularity=0.2, seed=5)
layer = run('plug-in-smp-hairline', photo_image, [photo], fill_dots=True, density=60.0,
            dot_size=0.3, **made)[0]
hairline_effect = [f for f in layer.get_filters() if f.get_operation_name() == 'smp:hairline-mask'][0]
hairline_effect.get_config().set_property('pattern', 'norwood-4')
hairline_effect.update()
page = dict(width=150.0, height=130.0, ppi=300.0, dots=True)
from_layer = stencil(None, design=layer, pattern='full', hairline_height=70.0, seed=1, **page)
made.update(pattern='norwood-4')
by_arguments = stencil(None, **made, **page)
check(pixels(layer_named(from_layer, 'Hairline outline')) ==
      pixels(layer_named(by_arguments, 'Hairline outline')),
      'from a design layer: the outline of the edited design, not of the arguments')


def ink_share(image):
    rgb = pixels(layer_named(image, 'Dots'), "R'G'B'A u8")
    return sum(1 for i in range(0, len(rgb), 4) if rgb[i] < 128) / (len(rgb) // 4)


sparse, dense = ink_share(from_layer), ink_share(by_arguments)
check(0.0 < sparse < 0.75 * dense,
      f'from a design layer: its dots at 60/cm² ({100 * sparse:.2f} % ink) print sparser than the '
      f'op\'s default 160/cm² ({100 * dense:.2f} %)')
for image in (from_layer, by_arguments):
    image.delete()
check_error(PROC, None, None, ['design', 'photo', 'smp:hairline-mask'],
            'a design layer without a hairline effect', design=photo, **page)
photo_image.delete()

# Bad input is refused, naming the argument.
check_error(PROC, None, None, ['origin-x'], 'an origin outside the page', origin_x=5000.0,
            origin_y=10.0, width=100.0, height=80.0)
check_error(PROC, None, None, ['ppi'], 'a page of 2 gigapixels', width=1000.0, height=1000.0,
            ppi=1200.0)

# The hairline arguments are the op's properties, under the same names and ranges.
probe_image, probe_layer = make_image(16, 16)
check_mirrors(PROC, 'smp:hairline-mask', probe_layer,
              ['view', 'angle', 'hairline-height', 'temple-width', 'recession', 'shape', 'pattern',
               'area', 'transition', 'irregularity', 'asymmetry', 'outline-width', 'head-width',
               'head-length', 'whorl-side', 'whorl-behind'])
probe_image.delete()

finish(__file__)
