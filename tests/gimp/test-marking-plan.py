"""plug-in-smp-stencil's marking plan and band template, and its legend, from Python: the pages are
exported beside the stencil (an A4 plan; the band at true scale: its calibration bar measures
50 mm and the band 20 mm across when GIMP loads the PDF back), the legend names the client's sides,
the session and the shade, and the dots mark only the area to treat, never the client's hair."""
import os

from smp_test import (Gimp, alpha, check, check_range, finish, layer_named, log, pixels, run)
from gi.repository import Gio  # noqa: E402

MM_PER_INCH = 25.4
OUT = os.environ['SMP_TEST_DIR']
PPI = 150.0
ORIGIN = (750.0, 650.0)
DESIGN = dict(view='front', pattern='norwood-5', irregularity=0.0, seed=4)


def area_mask(image, area):
    """The op's mask of one area of the design, rendered on a layer of the stencil's size."""
    layer = Gimp.Layer.new(image, f'area {area}', image.get_width(), image.get_height(),
                           Gimp.ImageType.RGBA_IMAGE, 100.0, Gimp.LayerMode.NORMAL)
    image.insert_layer(layer, None, 0)
    probe = Gimp.DrawableFilter.new(layer, 'smp:hairline-mask', '')
    config = probe.get_config()
    for key, value in dict(DESIGN, area=area, ppi=PPI, origin_x=ORIGIN[0],
                           origin_y=ORIGIN[1]).items():
        if key != 'seed':
            config.set_property(key.replace('_', '-'), value)
    probe.update()
    layer.merge_filter(probe)
    return alpha(layer)


pdf = Gio.File.new_for_path(os.path.join(OUT, 'plan-test.pdf'))
(stencil,) = run('plug-in-smp-stencil', None, None, ppi=PPI, width=200.0, height=140.0,
                 origin_x=ORIGIN[0], origin_y=ORIGIN[1], dots=True, session=2,
                 hair_type='dark-brown', skin_tone='monk-4', marking_plan=True, file=pdf, **DESIGN)

# The legend: the client's sides as the front view shows them, the session and its shade.
legend = layer_named(stencil, 'Legend').get_text()
log(f'legend: {legend!r}')
for words in ("client's RIGHT on the page's left", 'Session 2', 'Dark brown', 'parts of water',
              'area to treat'):
    check(words in legend, f'the legend says {words!r}')

# The dots: in the area to treat, none on the hair the client has.
dots = pixels(layer_named(stencil, 'Dots'), "R'G'B'A u8")
inked = [i // 4 for i in range(0, len(dots), 4) if dots[i] < 128]
treat, hair = area_mask(stencil, 'treatment'), area_mask(stencil, 'current')
on_hair = sum(1 for i in inked if hair[i] > 250)
in_area = sum(1 for i in inked if treat[i] > 0)
log(f'{len(inked)} dot pixels: {in_area} in the area to treat, {on_hair} on the client\'s hair')
check(len(inked) > 1000, 'the stencil prints dots')
# A dot's rim may touch the hair where the transition ends; none lies within it.
check(on_hair <= 0.005 * len(inked), 'no dot on the client\'s hair')
check_range(in_area / len(inked), 0.98, 1.0, 'the dots lie in the area to treat')

# The pages beside the PDF.
plan_path = os.path.join(OUT, 'plan-test-marking-plan.pdf')
band_path = os.path.join(OUT, 'plan-test-band.pdf')
check(os.path.exists(plan_path) and os.path.exists(band_path),
      f'the pages are exported: {sorted(os.listdir(OUT))}')
check(open(plan_path, 'rb').read(5) == b'%PDF-', 'the marking plan is a PDF')

# The band template loaded back: at true scale, 50 mm of bar and 20 mm of band across.
band = Gimp.file_load(Gimp.RunMode.NONINTERACTIVE, Gio.File.new_for_path(band_path))
ppi = band.get_resolution()[1]
px_per_mm = ppi / MM_PER_INCH
width, height = band.get_width(), band.get_height()
log(f'band page: {width / px_per_mm:.1f} x {height / px_per_mm:.1f} mm at {ppi} ppi')
check(width / px_per_mm >= 296.5 and height / px_per_mm >= 209.5, 'at least A4 landscape')
band.flatten()
grey = pixels(band.get_layers()[0], 'Y u8')
dark = [g < 128 for g in grey]


def runs(cells):
    """Lengths and starts of the dark runs of a row or column."""
    found, start = [], None
    for i, d in enumerate(cells + [False]):
        if d and start is None:
            start = i
        elif not d and start is not None:
            found.append((i - start, start))
            start = None
    return found


bar_row = int(height - 12.0 * px_per_mm)
bar = max(length for row in range(bar_row - 3, bar_row + 4)
          for length, _ in runs(dark[row * width:(row + 1) * width]))
check_range(bar / px_per_mm, 49.5, 51.5, 'the band page\'s calibration bar measures 50 mm')
# Near the middle a column crosses the thick design line (0.5 mm) and, either side of it, the
# band's thin outer edges; where the band runs level they lie 20 mm of skin apart, the least over
# the columns (columns on a tick, where the line's run is long, are left out).
best = None
for column in range(int(width / 2 - 20 * px_per_mm), int(width / 2 + 20 * px_per_mm), 3):
    marks = runs([dark[row * width + column] for row in range(height)])
    for length, start in marks:
        if not 0.4 * px_per_mm <= length <= 1.0 * px_per_mm:
            continue
        above = [s for _, s in marks if start - 15 * px_per_mm < s < start - 5 * px_per_mm]
        below = [s for _, s in marks if start + 5 * px_per_mm < s < start + 15 * px_per_mm]
        if above and below:
            span = (below[0] - above[-1]) / px_per_mm
            best = span if best is None else min(best, span)
log(f'the band, across where it runs level: {best:.2f} mm')
check_range(best, 19.5, 20.5, 'the band is 20 mm of skin across')
band.delete()
stencil.delete()

finish(__file__)
