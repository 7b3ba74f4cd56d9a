"""Reads back the XCF files the GUI test saved (gui-test.sh) and checks what the keyboard made in
GIMP's window: the procedure's dot layer over an untouched photo, the smp:follicle-dots filter on
the photo layer after OK, and no filter there after Undo."""
import os

from gi.repository import Gio

from smp_test import Gimp, alpha, check, filter_ops, finish, pixels

OUT = os.environ['SMP_GUI_OUT']
OP = 'smp:follicle-dots'


def load(name):
    path = os.path.join(OUT, name)
    check(os.path.exists(path), f'{name} was saved')
    return Gimp.file_load(Gimp.RunMode.NONINTERACTIVE, Gio.File.new_for_path(path))


def by_name(image, name):
    layers = {layer.get_name(): layer for layer in image.get_layers()}
    check(name in layers, f'a layer {name!r} among {sorted(layers)}')
    return layers[name]


photo = load('photo.png').get_layers()[0]
photo_pixels = pixels(photo, "R'G'B'A u8")

# After the procedure: a new layer on top carrying the dots as an editable filter, the photo as it was.
after_procedure = load('procedure.xcf')
layers = after_procedure.get_layers()
check(len(layers) == 2, f'the procedure added one layer ({len(layers)} layers)')
dots, base = layers
check(OP in filter_ops(dots), f'the new layer {dots.get_name()!r} carries {OP} ({filter_ops(dots)})')
check(pixels(base, "R'G'B'A u8") == photo_pixels, 'the photo layer keeps its pixels')
check(filter_ops(base) == [], 'the photo layer has no filter')
flat = after_procedure.duplicate()
composite = flat.flatten()
changed = sum(1 for a, b in zip(pixels(composite, "R'G'B'A u8"), photo_pixels) if a != b)
check(changed > 1000, f'the dots show over the photo ({changed} channel values differ)')

# After the Filters-menu op with OK: the photo layer carries the filter; the dot layer is unchanged.
after_filter = load('filter.xcf')
check(len(after_filter.get_layers()) == 2, 'the filter added no layer')
photo_layer = by_name(after_filter, base.get_name())
check(filter_ops(photo_layer).count(OP) == 1, f'the photo layer carries {OP} ({filter_ops(photo_layer)})')
check(pixels(photo_layer, "R'G'B'A u8") == photo_pixels, 'the filter stays editable: the photo pixels are kept')
check(filter_ops(by_name(after_filter, dots.get_name())) == filter_ops(dots), 'the dot layer keeps its filter')
view = after_filter.duplicate().flatten()
before, after = pixels(composite, "R'G'B'A u8"), pixels(view, "R'G'B'A u8")
kept = sum(1 for i in range(0, len(before), 4) if before[i:i + 4] == after[i:i + 4]) / (len(before) // 4)
check(0.5 < kept < 1.0, f'the menu filter draws dots over the photo, which shows between them '
      f'({100 * kept:.1f} % of the pixels unchanged)')

# After Undo: the filter is gone, nothing else changed.
after_undo = load('undo.xcf')
check(len(after_undo.get_layers()) == 2, 'two layers after Undo')
check(filter_ops(by_name(after_undo, base.get_name())) == [], 'Undo removed the filter from the photo layer')
check(pixels(after_undo.duplicate().flatten(), "R'G'B'A u8") == pixels(composite, "R'G'B'A u8"),
      'after Undo the image shows what it showed after the procedure')
check(any(alpha(by_name(after_undo, dots.get_name()))) or filter_ops(by_name(after_undo, dots.get_name())),
      'the dot layer is still there')
finish(__file__)
