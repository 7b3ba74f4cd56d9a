"""Reads back the XCF files the GUI test saved (gui-test.sh) and checks what the keyboard made in
GIMP's window: each procedure's layers as editable filters over an untouched photo, each op's
filter on the photo layer after OK and gone after Undo, the stencil image, the session plan, and
the design reopened through File > Open as it was saved."""
import os

from gi.repository import Gio

from smp_test import Gimp, alpha, check, filter_ops, finish, pixels

OUT = os.environ['SMP_GUI_OUT']
FORMAT = "R'G'B'A u8"


def load(name):
    path = os.path.join(OUT, name)
    check(os.path.exists(path), f'{name} was saved')
    return Gimp.file_load(Gimp.RunMode.NONINTERACTIVE, Gio.File.new_for_path(path))


def by_name(image, name):
    layers = {layer.get_name(): layer for layer in image.get_layers()}
    check(name in layers, f'a layer {name!r} among {sorted(layers)}')
    return layers[name]


def starting(image, prefix):
    found = [layer for layer in image.get_layers() if layer.get_name().startswith(prefix)]
    check(len(found) == 1, f'one layer named {prefix}... among {[l.get_name() for l in image.get_layers()]}')
    return found[0]


def composite(image):
    return pixels(image.duplicate().flatten(), FORMAT)


def check_photo(image, where):
    photo = image.get_layers()[-1]
    check(pixels(photo, FORMAT) == photo_pixels, f'{where}: the photo layer keeps its pixels')
    return photo


photo_pixels = pixels(load('photo.png').get_layers()[0], FORMAT)

# The Follicle Dots Layer procedure (after a cancelled first try): one new layer on top carrying
# the dots as an editable filter, the photo as it was.
after_procedure = load('procedure.xcf')
layers = after_procedure.get_layers()
check(len(layers) == 2, f'the procedure added one layer, Cancel none ({len(layers)} layers)')
dots = layers[0]
check(filter_ops(dots) == ['smp:follicle-dots'], f'{dots.get_name()!r} carries the dots filter')
base = check_photo(after_procedure, 'procedure.xcf')
check(filter_ops(base) == [], 'the photo layer has no filter')
shown = composite(after_procedure)
changed = sum(1 for a, b in zip(shown, photo_pixels) if a != b)
check(changed > 1000, f'the dots show over the photo ({changed} channel values differ)')

# Each op from the Filters menu: on the photo layer after OK, its pixels kept; gone after Undo.
for op in ('follicle-dots', 'hairline-mask', 'scar-camouflage'):
    image = load(f'filter-{op}.xcf')
    check(len(image.get_layers()) == 2, f'{op}: the filter added no layer')
    photo = check_photo(image, f'filter-{op}.xcf')
    check(filter_ops(photo) == [f'smp:{op}'], f'{op}: the photo layer carries it ({filter_ops(photo)})')
    check(filter_ops(by_name(image, dots.get_name())) == ['smp:follicle-dots'],
          f'{op}: the dot layer keeps its filter')
    if op == 'follicle-dots':
        view = composite(image)
        kept = sum(1 for i in range(0, len(view), 4) if view[i:i + 4] == shown[i:i + 4]) / (len(view) // 4)
        check(0.5 < kept < 1.0, f'the menu filter draws dots over the photo, which shows between them '
              f'({100 * kept:.1f} % of the pixels unchanged)')
    undone = load(f'undo-{op}.xcf')
    check(len(undone.get_layers()) == 2, f'{op}: two layers after Undo')
    check(filter_ops(check_photo(undone, f'undo-{op}.xcf')) == [], f'{op}: Undo removed the filter')
    check(composite(undone) == shown, f'{op}: after Undo the image shows what it did before')

# Scar Camouflage Layer on the selected image: a layer of dots over the scar, an editable filter.
scar_image = load('scar.xcf')
scar = starting(scar_image, 'SMP scar camouflage')
check('smp:scar-camouflage' in filter_ops(scar), f'the scar layer carries its filter ({filter_ops(scar)})')
check_photo(scar_image, 'scar.xcf')
check(composite(scar_image) != shown, 'the scar camouflage shows on the canvas')

# The scar layer's filter opened in GIMP's editor, cancelled, opened again and accepted: every
# property as it was, the same image.
edited = load('scar-edited.xcf')
edited_scar = starting(edited, 'SMP scar camouflage')
check(filter_ops(edited_scar) == filter_ops(scar), f'edited: the same filters ({filter_ops(edited_scar)})')


def settings(layer):
    config = layer.get_filters()[0].get_config()
    return {spec.name: config.get_property(spec.name) for spec in config.list_properties()
            if spec.owner_type != Gimp.DrawableFilterConfig.__gtype__}


def same(a, b):
    if hasattr(a, 'get_rgba'):
        return all(abs(x - y) < 1e-6 for x, y in zip(a.get_rgba(), b.get_rgba()))
    return a == b or (isinstance(a, float) and abs(a - b) < 1e-6 * max(1.0, abs(a)))


before, after = settings(scar), settings(edited_scar)
lost = [name for name in before if not same(before[name], after[name])]
check(not lost, f'edited with OK: all {len(before)} properties of the filter kept (lost: {lost})')
check(composite(edited) == composite(scar_image), 'edited with OK: the same image')

# Hairline Layer: the design as an editable filter; the stencil made from it.
hairline_image = load('hairline.xcf')
hairline = by_name(hairline_image, 'SMP hairline (mask)')
check(filter_ops(hairline) == ['smp:hairline-mask'], 'the hairline layer carries the mask filter')
check_photo(hairline_image, 'hairline.xcf')
stencil = load('stencil.xcf')
check(round(stencil.get_resolution()[1]) == 600, 'the stencil is at 600 ppi')
outline = by_name(stencil, 'Hairline outline')
inked = sum(1 for a in alpha(outline) if a > 127)
check(inked > 1000, f'the stencil\'s outline has ink ({inked} px)')
for name in ('Paper', 'mm grid', 'Landmarks', 'Calibration bar 50 mm'):
    by_name(stencil, name)

# Session Plan: one group of sessions on top, the photo unchanged.
sessions = load('sessions.xcf')
groups = [layer for layer in sessions.get_layers() if layer.is_group()]
check(len(groups) == 1 and len(groups[0].get_children()) >= 2,
      f'the plan is a group of sessions ({[g.get_name() for g in groups]})')
check_photo(sessions, 'sessions.xcf')

# The design reopened through File > Open and saved again: the same layers, filters and look.
reopened = load('reopened.xcf')
check([(l.get_name(), filter_ops(l)) for l in reopened.get_layers()] ==
      [(l.get_name(), filter_ops(l)) for l in hairline_image.get_layers()],
      'reopened: the same layers and filters')
check(composite(reopened) == composite(hairline_image), 'reopened: the same image')

# Correct Old SMP and Analyse Photo with OK: their layers above the photo; one Undo removes them
# all, the photo as it was in the file.
for name, added in (('correction', 4), ('analysis', 3)):
    original = pixels(load(f'{name}.png').get_layers()[0], FORMAT)
    done = load(f'{name}.xcf')
    check(len(done.get_layers()) == 1 + added,
          f'{name}: {added} layers added ({len(done.get_layers())} layers)')
    check(pixels(done.get_layers()[-1], FORMAT) == original, f'{name}: the photo keeps its pixels')
    undone = load(f'undo-{name}.xcf')
    check(len(undone.get_layers()) == 1, f'{name}: one Undo leaves the photo alone '
          f'({[l.get_name() for l in undone.get_layers()]})')
    check(composite(undone) == original, f'{name}: after one Undo the image is as before')
finish(__file__)
