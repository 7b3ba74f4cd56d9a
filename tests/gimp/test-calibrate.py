# plug-in-smp-calibrate from Python: the resolution follows from a known distance marked by two
# points or a two-point path; bad input is refused with the argument named; pixels never change.
import math

import gi

gi.require_version("Gimp", "3.0")
gi.require_version("Gegl", "0.4")
from gi.repository import Gegl, Gimp  # noqa: E402

MM_PER_INCH = 25.4
PROC = "plug-in-smp-calibrate"
pdb = Gimp.get_pdb()


def run(image, layer, **args):
    proc = pdb.lookup_procedure(PROC)
    assert proc is not None, PROC + " is not registered"
    config = proc.create_config()
    config.set_property("run-mode", Gimp.RunMode.NONINTERACTIVE)
    config.set_property("image", image)
    config.set_core_object_array("drawables", [layer])
    for name, value in args.items():
        config.set_property(name.replace("_", "-"), value)
    result = proc.run(config)
    status = result.index(0)
    if status == Gimp.PDBStatusType.SUCCESS:
        return status, result.index(1)
    message = result.index(1) if result.length() > 1 else pdb.get_last_error()
    return status, str(message)


def pixels(layer):
    rect = Gegl.Rectangle.new(0, 0, layer.get_width(), layer.get_height())
    return layer.get_buffer().get(rect, 1.0, "R'G'B'A u8", Gegl.AbyssPolicy.CLAMP)


def resolution(image):
    values = image.get_resolution()  # (success, x, y) through introspection
    return tuple(values[-2:])


def check_close(what, got, want, tolerance):
    assert abs(got - want) <= tolerance, f"{what}: got {got}, want {want} ± {tolerance}"


def expect_refused(image, layer, word, **args):
    before = resolution(image)
    status, message = run(image, layer, **args)
    assert status != Gimp.PDBStatusType.SUCCESS, f"{args} was accepted"
    assert word in message, f"error for {args} does not name '{word}': {message}"
    assert resolution(image) == before, f"{args} changed the resolution despite the error"
    print(f"refused as expected ({word}): {message}")


image = Gimp.Image.new(1200, 900, Gimp.ImageBaseType.RGB)
layer = Gimp.Layer.new(image, "photo", 1200, 900, Gimp.ImageType.RGB_IMAGE, 100,
                       Gimp.LayerMode.NORMAL)
image.insert_layer(layer, None, 0)
Gimp.context_set_foreground(Gegl.Color.new("#8a6a55"))
layer.fill(Gimp.FillType.FOREGROUND)
original = pixels(layer)

# Two points on a slanted ruler (a 3-4-5 triangle), 50 mm apart.
x1, y1 = 100.25, 150.5
x2, y2 = x1 + 354.33, y1 + 472.44
length = math.hypot(x2 - x1, y2 - y1)
status, ppi = run(image, layer, x1=x1, y1=y1, x2=x2, y2=y2, distance=50.0)
assert status == Gimp.PDBStatusType.SUCCESS, f"two points: {ppi}"
want = length / (50.0 / MM_PER_INCH)
check_close("ppi from two points", ppi, want, 1e-6 * want)
check_close("ppi near 300 for 590.55 px over 50 mm", ppi, 300.0, 0.01)
xres, yres = resolution(image)
check_close("image x resolution", xres, ppi, 1e-6 * ppi)
check_close("image y resolution", yres, ppi, 1e-6 * ppi)
print(f"two points {length:.2f} px over 50 mm -> {ppi:.4f} ppi (image {xres:.4f} x {yres:.4f})")

# A preset reference overrides 'distance'.
status, ppi = run(image, layer, x1=x1, y1=y1, x2=x2, y2=y2, reference="ruler-100mm",
                  distance=7.0)
assert status == Gimp.PDBStatusType.SUCCESS, ppi
check_close("ruler-100mm preset", ppi, length / (100.0 / MM_PER_INCH), 1e-6 * ppi)

# A two-point path across the pupils, with the adult interpupillary-distance reference.
path = Gimp.Path.new(image, "pupils")
image.insert_path(path, None, 0)
px1, py1, px2, py2 = 412.0, 388.0, 788.0, 401.0
path.stroke_new_from_points(Gimp.PathStrokeType.BEZIER,
                            [px1, py1, px1, py1, px1, py1, px2, py2, px2, py2, px2, py2], False)
status, ppi = run(image, layer, path=path, reference="ipd-adult", x1=0.0, y1=0.0, x2=0.0, y2=0.0)
assert status == Gimp.PDBStatusType.SUCCESS, f"path: {ppi}"
want = math.hypot(px2 - px1, py2 - py1) / (63.0 / MM_PER_INCH)
check_close("ppi from a two-point path (ipd-adult)", ppi, want, 1e-6 * want)
check_close("image resolution after the path", resolution(image)[1], ppi, 1e-6 * ppi)
print(f"path across the pupils -> {ppi:.4f} ppi")

# Bad input: coincident points, paths with three points or one (out-of-range distances are refused
# by GIMP's argument check, see test-calibrate.scm: GObject will not even store them here).
expect_refused(image, layer, "x1", x1=40.0, y1=40.0, x2=40.0, y2=40.0, distance=50.0)
bent = Gimp.Path.new(image, "three points")
image.insert_path(bent, None, 0)
bent.stroke_new_from_points(Gimp.PathStrokeType.BEZIER,
                            [10.0, 10.0] * 3 + [200.0, 10.0] * 3 + [300.0, 90.0] * 3, False)
expect_refused(image, layer, "path", path=bent, distance=50.0)
single = Gimp.Path.new(image, "one point")
image.insert_path(single, None, 0)
single.stroke_new_from_points(Gimp.PathStrokeType.BEZIER, [10.0, 10.0] * 3, False)
expect_refused(image, layer, "path", path=single, distance=50.0)

assert pixels(layer) == original, "calibration changed the layer's pixels"
image.delete()
print("test-calibrate.py: ok")
