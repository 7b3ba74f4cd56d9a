"""plug-in-smp-calibrate from Python: the resolution follows from a known distance marked by two
points or a two-point path, presets override the distance, bad input is refused naming the
argument and leaves the resolution alone, and the photo's pixels never change."""
import math

from smp_test import Gimp, check, check_error, check_range, finish, make_image, pixels, run

MM_PER_INCH = 25.4
PROC = 'plug-in-smp-calibrate'


def resolution(image):
    return tuple(image.get_resolution()[-2:])  # (success, x, y) through introspection


def calibrate(**arguments):
    return run(PROC, image, [photo], **arguments)[0]


def refused(fragment, what, **arguments):
    before = resolution(image)
    check_error(PROC, image, [photo], [fragment], what, **arguments)
    check(resolution(image) == before, f'{what}: the resolution is kept')


image, photo = make_image(1200, 900, ppi=72.0)
original = pixels(photo)

# Two points on a slanted ruler (a 3-4-5 triangle), 50 mm apart: 590.55 px -> 300 ppi.
x1, y1 = 100.25, 150.5
x2, y2 = x1 + 354.33, y1 + 472.44
length = math.hypot(x2 - x1, y2 - y1)
want = length / (50.0 / MM_PER_INCH)
ppi = calibrate(x1=x1, y1=y1, x2=x2, y2=y2, distance=50.0)
check_range(ppi, want * (1 - 1e-9), want * (1 + 1e-9), f'ppi for {length:.2f} px over 50 mm')
check_range(ppi, 299.99, 300.01, 'two points 590.55 px apart over 50 mm give 300 ppi')
for axis, value in zip('xy', resolution(image)):
    check_range(value, ppi - 1e-6, ppi + 1e-6, f'image {axis} resolution')

# A preset reference overrides 'distance'.
ppi = calibrate(x1=x1, y1=y1, x2=x2, y2=y2, reference='ruler-100mm', distance=7.0)
want = length / (100.0 / MM_PER_INCH)
check_range(ppi, want * (1 - 1e-9), want * (1 + 1e-9), 'ruler-100mm ignores distance')

# A two-point path across the pupils, with the adult interpupillary distance.
path = Gimp.Path.new(image, 'pupils')
image.insert_path(path, None, 0)
px1, py1, px2, py2 = 412.0, 388.0, 788.0, 401.0
path.stroke_new_from_points(Gimp.PathStrokeType.BEZIER,
                            [px1, py1] * 3 + [px2, py2] * 3, False)
ppi = calibrate(path=path, reference='ipd-adult', x1=0.0, y1=0.0, x2=0.0, y2=0.0)
want = math.hypot(px2 - px1, py2 - py1) / (63.0 / MM_PER_INCH)
check_range(ppi, want * (1 - 1e-9), want * (1 + 1e-9), 'ppi from a two-point path (ipd-adult)')
check_range(resolution(image)[1], ppi - 1e-6, ppi + 1e-6, 'image resolution after the path')

# Bad input: coincident points, paths with three points or one. (An out-of-range distance is
# refused by GIMP's own argument check, see test-calibrate.scm: GObject does not even store it.)
refused('x1', 'coincident points', x1=40.0, y1=40.0, x2=40.0, y2=40.0, distance=50.0)
bent = Gimp.Path.new(image, 'three points')
image.insert_path(bent, None, 0)
bent.stroke_new_from_points(Gimp.PathStrokeType.BEZIER,
                            [10.0, 10.0] * 3 + [200.0, 10.0] * 3 + [300.0, 90.0] * 3, False)
refused('path', 'a path with three points', path=bent, distance=50.0)
single = Gimp.Path.new(image, 'one point')
image.insert_path(single, None, 0)
single.stroke_new_from_points(Gimp.PathStrokeType.BEZIER, [10.0, 10.0] * 3, False)
refused('path', 'a path with one point', path=single, distance=50.0)

check(pixels(photo) == original, 'calibration leaves the photo pixels unchanged')
image.delete()
finish(__file__)
