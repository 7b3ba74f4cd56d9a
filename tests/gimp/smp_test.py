"""Assertions and fixtures for the smp-studio Python integration tests (GIMP 3, python-fu-eval).

A failed check raises AssertionError, which makes gimp-console exit non-zero.
"""
import configparser
import math
import os
import subprocess
import sys

import gi

gi.require_version('Gimp', '3.0')
gi.require_version('Gegl', '0.4')
from gi.repository import Gegl, Gimp, Gio  # noqa: E402

PX_PER_CM_AT = 1.0 / 2.54


def log(*parts):
    print('smp-test:', *parts, flush=True)


def check(condition, *message):
    if not condition:
        raise AssertionError(' '.join(str(m) for m in message))
    log('ok:', *message)


def check_range(value, low, high, what):
    check(low <= value <= high, f'{what} = {value:.4g} in [{low:.4g}, {high:.4g}]')


def make_image(width, height, base=Gimp.ImageBaseType.RGB, ppi=300.0, name='photo'):
    """An image with one photo-like layer of plasma noise, so any change of its pixels shows."""
    image = Gimp.Image.new(width, height, base)
    kind = Gimp.ImageType.RGB_IMAGE if base == Gimp.ImageBaseType.RGB else Gimp.ImageType.GRAY_IMAGE
    layer = Gimp.Layer.new(image, name, width, height, kind, 100.0, Gimp.LayerMode.NORMAL)
    image.insert_layer(layer, None, 0)
    image.set_resolution(ppi, ppi)
    plasma = Gimp.DrawableFilter.new(layer, 'gegl:plasma', '')
    config = plasma.get_config()
    config.set_property('seed', 7)
    config.set_property('width', width)
    config.set_property('height', height)
    layer.merge_filter(plasma)
    return image, layer


def unfilled_image(width, height, name='photo'):
    """An RGB image with one layer that nothing is drawn on: for refusals that come before any
    pixel is read (a size limit, say), at sizes too large to fill quickly."""
    image = Gimp.Image.new(width, height, Gimp.ImageBaseType.RGB)
    layer = Gimp.Layer.new(image, name, width, height, Gimp.ImageType.RGB_IMAGE, 100.0,
                           Gimp.LayerMode.NORMAL)
    image.insert_layer(layer, None, 0)
    return image, layer


def client_hair(image):
    """A white layer, on top, of the client's current hair as plug-in-smp-analyse found it in the
    image: wherever the photo shows no bald scalp (the long-hair and stubble masks are shares of
    one soft classification, and a deeply shadowed shaved fringe reads partly as long hair)."""
    scalp = [layer for layer in image.get_layers() if 'scalp' in layer.get_name().lower()][0]
    layer = Gimp.Layer.new(image, 'client hair', image.get_width(), image.get_height(),
                           Gimp.ImageType.RGBA_IMAGE, 100.0, Gimp.LayerMode.NORMAL)
    image.insert_layer(layer, None, 0)
    image.select_item(Gimp.ChannelOps.REPLACE, scalp)
    Gimp.Selection.invert(image)
    layer.edit_fill(Gimp.FillType.WHITE)
    Gimp.Selection.none(image)
    return layer


def eroded(mask, width, height, radius):
    """1 where every pixel of the (2 radius + 1)² square around is in the mask (a width x height
    plane, nonzero inside): two passes of running sums of the pixels outside it."""
    outside = [0 if m else 1 for m in mask]
    rows = [0] * (width * height)
    for y in range(height):
        prefix = [0]
        for v in outside[y * width:(y + 1) * width]:
            prefix.append(prefix[-1] + v)
        for x in range(width):
            rows[y * width + x] = prefix[min(width, x + radius + 1)] - prefix[max(0, x - radius)]
    out = bytearray(width * height)
    for x in range(width):
        prefix = [0]
        for y in range(height):
            prefix.append(prefix[-1] + rows[y * width + x])
        for y in range(height):
            out[y * width + x] = prefix[min(height, y + radius + 1)] - prefix[max(0, y - radius)] == 0
    return out


def all_items(items):
    """The items and, depth first, the children of every group among them."""
    for item in items:
        yield item
        if item.is_group():
            yield from all_items(item.get_children())


def layer_named(image, name):
    """The first layer or group of the image called `name`, inside groups too."""
    for item in all_items(image.get_layers()):
        if item.get_name() == name:
            return item
    names = [item.get_name() for item in all_items(image.get_layers())]
    raise AssertionError(f"no layer '{name}' among {names}")


def generate_photo(name, options, ppi, section, command=None):
    """A synthetic photo from smp-photo-gen (tests/photo; `command` its sub-command, `options` the
    rest) loaded at `ppi`, and its truth: (image, photo layer, the truth file's `section`, the
    prefix of the truth masks' files)."""
    out = os.environ['SMP_TEST_DIR']
    gen = os.path.join(os.environ['SMP_BUILD_ROOT'], 'tests', 'photo', 'smp-photo-gen')
    path = os.path.join(out, name + '.png')
    subprocess.run([gen, *([command] if command else []), '-o', path, *options], check=True)
    image = Gimp.file_load(Gimp.RunMode.NONINTERACTIVE, Gio.File.new_for_path(path))
    image.set_resolution(ppi, ppi)
    truth = configparser.ConfigParser()
    truth.read(os.path.join(out, name + '.truth'))
    return image, image.get_layers()[0], truth[section], os.path.join(out, name)


def truth_mask(prefix, what):
    """A ground-truth mask of generate_photo's (0/1 per pixel) from its PNG."""
    image = Gimp.file_load(Gimp.RunMode.NONINTERACTIVE, Gio.File.new_for_path(f'{prefix}-{what}.png'))
    plane = pixels(image.get_layers()[0], "Y u8")
    image.delete()
    return [1 if v >= 128 else 0 for v in plane]


def pixels(drawable, fmt=None):
    """The drawable's pixels as bytes, in its own format unless fmt names a babl format."""
    buffer = drawable.get_buffer()
    rect = Gegl.Rectangle.new(0, 0, drawable.get_width(), drawable.get_height())
    return bytes(buffer.get(rect, 1.0, fmt, Gegl.AbyssPolicy.NONE))


def alpha(drawable):
    """The alpha plane (0..255 per pixel) of a drawable."""
    return pixels(drawable, "R'G'B'A u8")[3::4]


def run(name, image, drawables, **arguments):
    """Runs a procedure non-interactively; keyword names use '_' for '-'. Returns the values after
    the status, or raises with the procedure's error message."""
    status, values, message = call(name, image, drawables, **arguments)
    if status != Gimp.PDBStatusType.SUCCESS:
        raise AssertionError(f'{name} failed: {message}')
    return values


def call(name, image, drawables, **arguments):
    procedure = Gimp.get_pdb().lookup_procedure(name)
    check(procedure is not None, f'{name} is in the PDB')
    config = procedure.create_config()
    config.set_property('run-mode', Gimp.RunMode.NONINTERACTIVE)
    if image is not None:
        config.set_property('image', image)
    if drawables is not None:
        config.set_core_object_array('drawables', drawables)
    for key, value in arguments.items():
        config.set_property(key.replace('_', '-'), value)
    result = procedure.run(config)
    status = result.index(0)
    specs = procedure.get_return_values() if status == Gimp.PDBStatusType.SUCCESS else []
    values = [value_at(result, i, specs[i - 1] if i <= len(specs) else None)
              for i in range(1, result.length())]
    message = values[0] if status != Gimp.PDBStatusType.SUCCESS and values else ''
    return status, values, message


def value_at(result, index, spec):
    """A return value by the type the procedure declares. GIMP 3.0.4's Python binding hands array
    values over as opaque boxes: a core object array (layers) has its own accessor, which must not
    be asked for anything else (GLib then logs a CRITICAL and gives nothing); int32 and double
    arrays it cannot read at all, so they come back as None (Script-Fu reads them)."""
    value = result.index(index)
    if type(value).__name__ != 'GBoxed':
        return value
    if spec is not None and spec.value_type.name == 'GimpCoreObjectArray':
        return result.get_core_object_array(index)
    return None


def check_error(name, image, drawables, fragments, what, **arguments):
    """The call must fail with a message holding every fragment (case-insensitive)."""
    status, _, message = call(name, image, drawables, **arguments)
    check(status != Gimp.PDBStatusType.SUCCESS, f'{what}: refused')
    text = str(message).lower()
    missing = [f for f in fragments if f.lower() not in text]
    check(not missing, f'{what}: message "{message}" names {fragments}')
    return message


def check_refused(name, image, drawables, fragments, what, **arguments):
    """The call fails naming every fragment (as check_error), adds no layer and leaves the
    drawables' pixels as they were."""
    count = len(image.get_layers())
    before = [pixels(drawable) for drawable in drawables]
    message = check_error(name, image, drawables, fragments, what, **arguments)
    check(len(image.get_layers()) == count, f'{what}: no layer added')
    check([pixels(drawable) for drawable in drawables] == before, f'{what}: the photo unchanged')
    return message


def baked(image, layer):
    """A copy of the layer as it shows (effects and mask baked), inserted on top."""
    copy = layer.copy()
    image.insert_layer(copy, None, 0)
    copy.merge_filters()
    if copy.get_mask() is not None:
        copy.remove_mask(Gimp.MaskApplyMode.APPLY)
    return copy


def filter_ops(drawable):
    return [f.get_operation_name() for f in drawable.get_filters()]


def filter_config(drawable, index=0):
    return drawable.get_filters()[index].get_config()


def expected_dots(area_px, density, ppi):
    px_per_cm = ppi / 2.54
    return density * area_px / (px_per_cm * px_per_cm)


def dots_area(dots, dot_size_mm, ppi):
    d = dot_size_mm * ppi / 25.4
    return dots * math.pi / 4 * d * d


def blobs(alpha_plane, width, height, threshold=128):
    """Connected groups (8-neighbourhood) of pixels with alpha >= threshold: a dot count that
    touching dots lower slightly."""
    inked = bytearray(1 if a >= threshold else 0 for a in alpha_plane)
    count = 0
    for start in range(width * height):
        if not inked[start]:
            continue
        count += 1
        inked[start] = 0
        stack = [start]
        while stack:
            i = stack.pop()
            y, x = divmod(i, width)
            for dy in (-1, 0, 1):
                for dx in (-1, 0, 1):
                    nx, ny = x + dx, y + dy
                    if 0 <= nx < width and 0 <= ny < height:
                        j = ny * width + nx
                        if inked[j]:
                            inked[j] = 0
                            stack.append(j)
    return count


def finish(script):
    log(f'{os.path.basename(script)}: all checks passed')
    sys.stdout.flush()


def check_mirrors(procedure_name, operation, drawable, names):
    """Each named PDB argument mirrors the op property of the same name: the same upper
    bound, and the same lower bound or a lower "automatic" value
    (0 or -1); choices among the op's, with the op's ids and labels. Fails when an op renames or
    re-ranges a property the procedure passes on, or the dialog's words differ from the op's."""
    procedure = Gimp.get_pdb().lookup_procedure(procedure_name)
    arguments = {spec.name: spec for spec in procedure.get_arguments()}
    probe = Gimp.DrawableFilter.new(drawable, operation, '')
    config = probe.get_config()
    for name in names:
        op_spec = config.find_property(name)
        check(op_spec is not None, f'{operation} has the property {name}')
        spec = arguments.get(name)
        check(spec is not None, f'{procedure_name} has the argument {name}')
        if hasattr(op_spec, 'maximum') and hasattr(spec, 'maximum'):
            check(spec.maximum == op_spec.maximum and
                  (spec.minimum == op_spec.minimum or spec.minimum in (0.0, -1.0)),
                  f'{name}: argument range {spec.minimum}..{spec.maximum} mirrors '
                  f'{op_spec.minimum}..{op_spec.maximum}')
        else:
            # A word argument is a string, so that an unknown word reaches the plug-in, which
            # refuses it; its description lists its words ("...; one of: a, b"). The dialog's
            # choice (an aux argument, not in the PDB) takes ids and labels from the table the
            # op's enum is made from (filters/core/smp-choices.h).
            theirs = Gimp.param_spec_choice_get_choice(op_spec).list_nicks()
            words = spec.get_blurb().rpartition('one of: ')[2].split(', ')
            check(set(words) <= set(theirs) and words == [n for n in theirs if n in words],
                  f'{name}: the words {words} are the op\'s, in its order')
            check(spec.get_default_value() in words, f'{name}: the default is one of them')
    probe.delete()
