# plug-in-smp-stencil from Python: the PDF page measures the design's real size, the calibration
# bar measures 50 mm at the image's resolution, the outline is ink on paper, landmarks sit where
# the design puts them, and bad input is refused with the argument named.
import os
import re
import zlib

import gi

gi.require_version("Gimp", "3.0")
gi.require_version("Gegl", "0.4")
from gi.repository import Gegl, Gimp, Gio  # noqa: E402

MM_PER_INCH = 25.4
POINTS_PER_INCH = 72.0
PROC = "plug-in-smp-stencil"
pdb = Gimp.get_pdb()
out_dir = os.environ["SMP_TEST_DIR"]


def run(**args):
    proc = pdb.lookup_procedure(PROC)
    assert proc is not None, PROC + " is not registered"
    config = proc.create_config()
    config.set_property("run-mode", Gimp.RunMode.NONINTERACTIVE)
    for name, value in args.items():
        if name == "file":
            value = Gio.File.new_for_path(value)
        config.set_property(name.replace("_", "-"), value)
    result = proc.run(config)
    status = result.index(0)
    if status == Gimp.PDBStatusType.SUCCESS:
        return status, result.index(1)
    message = result.index(1) if result.length() > 1 else pdb.get_last_error()
    return status, str(message)


def pdf_pages(path):
    """MediaBox of every page, in points; cairo keeps page objects in compressed streams."""
    data = open(path, "rb").read()
    assert data.startswith(b"%PDF-"), f"{path} is not a PDF"
    texts = [data]
    for match in re.finditer(rb"stream\r?\n", data):
        end = data.find(b"endstream", match.end())
        try:
            texts.append(zlib.decompress(data[match.end():end]))
        except zlib.error:
            pass  # image data or another filter
    boxes = []
    for text in texts:
        for page in re.finditer(rb"/Type\s*/Page\b(.*?)>>", text, re.S):
            box = re.search(rb"/MediaBox\s*\[\s*([-\d.\s]+)\]", page.group(1))
            if box:
                boxes.append([float(v) for v in box.group(1).split()])
    return boxes


def layer_named(image, name):
    for layer in image.get_layers():
        if layer.get_name() == name:
            return layer
    raise AssertionError(f"the stencil has no layer '{name}': "
                         f"{[layer.get_name() for layer in image.get_layers()]}")


def all_items(items):
    for item in items:
        yield item
        if item.is_group():
            yield from all_items(item.get_children())


def rgba(drawable, x, y, width, height):
    rect = Gegl.Rectangle.new(x, y, width, height)
    return drawable.get_buffer().get(rect, 1.0, "R'G'B'A u8", Gegl.AbyssPolicy.NONE)


def longest_opaque_run(drawable):
    """Longest horizontal run of opaque pixels, over every row of the drawable."""
    width, height = drawable.get_width(), drawable.get_height()
    data = rgba(drawable, 0, 0, width, height)
    alpha = data[3::4]
    best = 0
    for row in range(height):
        line = alpha[row * width:(row + 1) * width]
        for run_ in re.finditer(rb"[\x80-\xff]+", line):
            best = max(best, run_.end() - run_.start())
    return best


def opaque_pixels(drawable):
    data = rgba(drawable, 0, 0, drawable.get_width(), drawable.get_height())
    return [data[i:i + 3] for i in range(0, len(data), 4) if data[i + 3] > 127]


def check_stencil(width_mm, height_mm, ppi, dots, name, **design):
    path = os.path.join(out_dir, name)
    status, image = run(width=width_mm, height=height_mm, ppi=ppi, dots=dots, file=path, **design)
    assert status == Gimp.PDBStatusType.SUCCESS, f"{name}: {image}"
    px_per_mm = ppi / MM_PER_INCH

    # The image is at true scale.
    xres, yres = image.get_resolution()[-2:]
    assert (xres, yres) == (ppi, ppi), f"{name}: resolution {xres} x {yres}, want {ppi}"
    for got, want_mm in ((image.get_width(), width_mm), (image.get_height(), height_mm)):
        assert abs(got - want_mm * px_per_mm) <= 0.5, f"{name}: {got} px for {want_mm} mm"

    # The PDF page is the design's real size.
    boxes = pdf_pages(path)
    assert len(boxes) == 1, f"{name}: {len(boxes)} pages"
    x0, y0, x1, y1 = boxes[0]
    page_w = (x1 - x0) / POINTS_PER_INCH * MM_PER_INCH
    page_h = (y1 - y0) / POINTS_PER_INCH * MM_PER_INCH
    error_w, error_h = page_w - width_mm, page_h - height_mm
    print(f"{name}: page {page_w:.3f} x {page_h:.3f} mm for {width_mm} x {height_mm} mm "
          f"(error {error_w:+.3f}, {error_h:+.3f} mm)")
    assert abs(error_w) <= 0.5 and abs(error_h) <= 0.5, f"{name}: page size off by > 0.5 mm"

    # The calibration bar measures 50 mm at the image's resolution (to a pixel).
    bar = layer_named(image, "Calibration bar 50 mm")
    bar_mm = longest_opaque_run(bar) / px_per_mm
    print(f"{name}: calibration bar {bar_mm:.3f} mm at {ppi} ppi")
    assert abs(bar_mm - 50.0) <= 1.0 / px_per_mm, f"{name}: bar is {bar_mm} mm"

    # The outline exists and is ink: black, never grey or coloured.
    ink = opaque_pixels(layer_named(image, "Hairline outline"))
    assert len(ink) > 0, f"{name}: the hairline outline is empty"
    assert all(max(p) < 32 for p in ink), f"{name}: the outline is not black"

    # Landmarks: the glabella at the origin, the mid-frontal point hairline-height above it.
    marks = layer_named(image, "Landmarks")
    ox, oy = design["origin_x"], design["origin_y"]
    mfp_y = oy - design["hairline_height"] * px_per_mm
    for what, x, y in (("glabella", ox, oy), ("mid-frontal point", ox, mfp_y)):
        pixel = rgba(marks, int(x), int(y), 1, 1)
        assert pixel[3] > 127 and max(pixel[:3]) < 32, f"{name}: no {what} mark at {x}, {y}"

    if dots:
        dark = [p for p in opaque_pixels(layer_named(image, "Dots")) if max(p) < 128]
        assert len(dark) > 0, f"{name}: dots requested but none printed"
    else:
        assert "Dots" not in [layer.get_name() for layer in image.get_layers()]

    texts = [Gimp.TextLayer.get_by_id(item.get_id()).get_text()
             for item in all_items(image.get_layers()) if item.is_text_layer()]
    if Gimp.fonts_get_list(""):
        assert any("100 %" in t for t in texts), f"{name}: no print-at-100 % note in {texts}"
    image.delete()


check_stencil(150.0, 110.0, 300.0, True, "stencil-dots.pdf", origin_x=886.0, origin_y=950.0,
              hairline_height=80.0, temple_width=110.0, shape="natural", seed=7)
check_stencil(123.4, 97.7, 150.0, False, "stencil-plain.pdf", origin_x=364.0, origin_y=520.0,
              hairline_height=65.0, temple_width=100.0, shape="widow-peak", seed=3)

# Bad input is refused, naming the argument.
for args, word in ((dict(origin_x=5000.0, origin_y=10.0, width=100.0, height=80.0), "origin-x"),
                   (dict(width=1000.0, height=1000.0, ppi=1200.0), "ppi")):
    status, message = run(**args)
    assert status != Gimp.PDBStatusType.SUCCESS, f"{args} was accepted"
    assert word in message, f"the error for {args} does not name '{word}': {message}"
    print(f"refused as expected ({word}): {message}")

print("test-stencil.py: ok")
