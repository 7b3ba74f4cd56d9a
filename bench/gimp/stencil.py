"""Through GIMP: plug-in-smp-stencil from a design layer (a Hairline Layer filled with dots) on a
200 x 250 mm page at 600 ppi (4724 x 5906 px), without and with dots (scripts/bench-gimp-stencil).
Each round also times a GEGL built-in on a layer of the page's size in the same GIMP, merged
the same way (gegl:checkerboard, a render with trivial per-pixel work), so that the machine's load
shows in the ratio; the medians over the rounds are printed."""
import statistics
import time

from smp_test import Gimp, check, log, make_image, run

ROUNDS = 5
WIDTH_MM, HEIGHT_MM, PPI = 200.0, 250.0, 600.0

photo_image, photo = make_image(800, 600, ppi=127.0)
design = run('plug-in-smp-hairline', photo_image, [photo], fill_dots=True, pattern='norwood-3',
             density=110.0)[0]


def stencil(dots):
    image = run('plug-in-smp-stencil', None, None, design=design, width=WIDTH_MM,
                height=HEIGHT_MM, ppi=PPI, dots=dots)[0]
    size = (image.get_width(), image.get_height())
    image.delete()
    return size


def builtin(size):
    image = Gimp.Image.new(*size, Gimp.ImageBaseType.RGB)
    layer = Gimp.Layer.new(image, 'page', *size, Gimp.ImageType.RGBA_IMAGE, 100.0,
                           Gimp.LayerMode.NORMAL)
    image.insert_layer(layer, None, 0)
    render = Gimp.DrawableFilter.new(layer, 'gegl:checkerboard', '')
    layer.merge_filter(render)
    image.delete()


size = stencil(False)
check(size == (4724, 5906), f'the page is {size[0]} x {size[1]} px')
times = {'stencil': [], 'stencil with dots': [], 'gegl:checkerboard': []}
for _ in range(ROUNDS):
    for name, work in (('stencil', lambda: stencil(False)),
                       ('stencil with dots', lambda: stencil(True)),
                       ('gegl:checkerboard', lambda: builtin(size))):
        start = time.monotonic()
        work()
        times[name].append(time.monotonic() - start)
base = statistics.median(times['gegl:checkerboard'])
for name, values in times.items():
    median = statistics.median(values)
    log(f'{name}: median {median:.2f} s over {ROUNDS} rounds (min {min(values):.2f} s), '
        f'{median / base:.1f} x gegl:checkerboard merged on the page')
photo_image.delete()
