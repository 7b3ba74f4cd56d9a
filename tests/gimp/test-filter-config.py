"""Every property of every smp op survives GIMP's filter handling: its name is one GIMP's filter
configs keep, and a value set through libgimp (Gimp.DrawableFilter) reads back unchanged from a
copy of the layer, after an update of that copy's filter, and from a saved and reopened XCF.

GIMP 3.0.4 builds the config that its filter dialog edits from the op's properties but leaves
out those named like a pad, "input" and "output", and any that is not readable and writable
(app/operations/gimp-operation-config.c, gimp_operation_config_get_type); that config derives
from GimpOperationSettings, whose own properties an op property must not shadow. A property
left out keeps no value when a user edits the filter: it falls back to its default."""
import math
import os

from gi.repository import Gio, GObject

from smp_test import Gegl, Gimp, check, check_range, finish, log, pixels

OPS = ('smp:follicle-dots', 'smp:hairline-mask', 'smp:scar-camouflage')
# Pad names dropped by gimp_operation_config_get_type, then the properties of the config's
# parents (GimpObject, GimpViewable, GimpSettings, GimpOperationSettings).
DROPPED = {'input', 'output'}
SETTINGS = {'name', 'icon-name', 'icon-pixbuf', 'frozen', 'time', 'gimp-clip', 'gimp-region',
            'gimp-mode', 'gimp-opacity', 'gimp-gamma-hack'}
COLOR = Gegl.Color.new('#3a5f7c')
W, H = 96, 64


def other_value(spec, current):
    """A value of the property's type, inside its range, different from `current`."""
    kind = spec.value_type
    if kind == GObject.TYPE_BOOLEAN:
        return not current
    if kind == GObject.TYPE_STRING and Gimp.param_spec_choice_get_choice(spec) is not None:
        nicks = Gimp.param_spec_choice_get_choice(spec).list_nicks()
        return [n for n in nicks if n != current][-1]
    if kind == Gegl.Color.__gtype__:
        return COLOR
    if kind in (GObject.TYPE_DOUBLE, GObject.TYPE_INT, GObject.TYPE_UINT):
        low, high = spec.minimum, spec.maximum
        # A quarter of the way to the far end of the range, at most 100 away (unbounded
        # coordinates); whole numbers for integer properties.
        step = (high - current) if high - current >= current - low else (low - current)
        step = math.copysign(min(abs(step) * 0.25, 100.0), step)
        value = current + step
        return value if kind == GObject.TYPE_DOUBLE else int(round(value))
    raise AssertionError(f'{spec.name}: a property type this test does not know: {kind.name}')


def same(a, b, precision=1e-9):
    if isinstance(a, Gegl.Color):
        return all(abs(x - y) < 1e-6 for x, y in zip(a.get_rgba(), b.get_rgba()))
    if isinstance(a, float):
        return abs(a - b) < precision * max(1.0, abs(a))
    return a == b


def properties(config):
    return [spec for spec in config.list_properties()
            if spec.owner_type != Gimp.DrawableFilterConfig.__gtype__]


def check_values(config, wanted, where, precision=1e-9):
    for name, value in wanted.items():
        got = config.get_property(name)
        check(same(value, got, precision), f'{where}: {name} = {got} (set {value})')


def only_filter(layer, op):
    filters = layer.get_filters()
    check([f.get_operation_name() for f in filters] == [op], f'{layer.get_name()}: one {op} filter')
    return filters[0]


image = Gimp.Image.new(W, H, Gimp.ImageBaseType.RGB)
image.set_resolution(300.0, 300.0)
wanted = {}
for op in OPS:
    layer = Gimp.Layer.new(image, op, W, H, Gimp.ImageType.RGBA_IMAGE, 100.0,
                           Gimp.LayerMode.NORMAL)
    image.insert_layer(layer, None, 0)
    layer.fill(Gimp.FillType.WHITE)
    drawable_filter = Gimp.DrawableFilter.new(layer, op, '')
    config = drawable_filter.get_config()
    specs = properties(config)
    check(len(specs) > 3, f'{op}: libgimp lists its {len(specs)} properties')
    values = {}
    for spec in specs:
        name = spec.name
        check(name not in DROPPED and name not in SETTINGS,
              f'{op}: the property name "{name}" is one GIMP\'s filter config keeps')
        check(spec.flags & GObject.ParamFlags.READABLE and spec.flags & GObject.ParamFlags.WRITABLE,
              f'{op}: {name} is readable and writable')
        value = other_value(spec, config.get_property(name))
        config.set_property(name, value)
        values[name] = config.get_property(name)
        check(not same(values[name], spec.get_default_value()) if not isinstance(value, Gegl.Color)
              else True, f'{op}: {name} set to a value other than its default ({values[name]})')
    drawable_filter.update()
    layer.append_filter(drawable_filter)
    wanted[op] = values

    # A copy of the layer carries a copy of the filter, read back from GIMP afresh.
    copy = layer.copy()
    image.insert_layer(copy, None, 0)
    copied = only_filter(copy, op)
    check_values(copied.get_config(), values, f'{op}, layer copy')
    # An update sends back every property the config read holds; any it lacks falls back to
    # its default in GIMP.
    copied.update()
    again = copy.copy()
    image.insert_layer(again, None, 0)
    check_values(only_filter(again, op).get_config(), values, f'{op}, after an update')
    for extra in (again, copy):
        image.remove_layer(extra)

path = os.path.join(os.environ['SMP_TEST_DIR'], 'filters.xcf')
Gimp.file_save(Gimp.RunMode.NONINTERACTIVE, image, Gio.File.new_for_path(path), None)
reopened = Gimp.file_load(Gimp.RunMode.NONINTERACTIVE, Gio.File.new_for_path(path))
for layer in reopened.get_layers():
    op = layer.get_name()
    # XCF stores a filter's double properties as 32-bit floats.
    check_values(only_filter(layer, op).get_config(), wanted[op], f'{op}, reopened XCF', 1e-6)

# A Filters-menu user applies smp:follicle-dots to a photo with its defaults and GIMP's Replace
# blend mode: the photo still shows, with dots over it.
photo = Gimp.Layer.new(image, 'photo', W, H, Gimp.ImageType.RGB_IMAGE, 100.0, Gimp.LayerMode.NORMAL)
image.insert_layer(photo, None, 0)
Gimp.context_set_foreground(Gegl.Color.new('#d9b99b'))
photo.edit_fill(Gimp.FillType.FOREGROUND)
before = pixels(photo)
menu_filter = Gimp.DrawableFilter.new(photo, 'smp:follicle-dots', '')
menu_filter.set_blend_mode(Gimp.LayerMode.REPLACE)
menu_filter.update()
photo.merge_filter(menu_filter)
after = pixels(photo)
kept = sum(1 for i in range(0, len(before), 3) if before[i:i + 3] == after[i:i + 3]) / (W * H)
darker = sum(1 for i in range(0, len(before), 3) if sum(after[i:i + 3]) < sum(before[i:i + 3]) - 30)
check_range(kept, 0.8, 0.995, 'share of the photo unchanged by the default dots')
check(darker >= 20, f'dots drawn over the photo ({darker} darker pixels)')
image.remove_layer(photo)

log('properties checked:', {op: len(values) for op, values in wanted.items()})

finish(__file__)
