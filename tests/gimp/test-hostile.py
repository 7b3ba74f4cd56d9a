"""Hostile calls from Python to every procedure: drawables of another image, layer groups,
channels and masks, 1x1, grayscale, indexed and 32-bit float linear images, selections that miss
the layer or are empty, empty and absurd strings and session lists, plans too large to count,
unwritable export paths. Each call is refused with an error naming the argument (and what it
accepts), or does its work; either way every existing layer and channel keeps its pixels and only
the procedure's own layer is added."""
from gi.repository import Gio

from smp_test import Gimp, call, check, check_error, finish, make_image, pixels

# Arguments a call needs besides the hostile one, and the layers a success adds (a session plan:
# a group of groups, 8 layers for the default three sessions).
PROCEDURES = {
    'plug-in-smp-follicles': ({}, 1),
    'plug-in-smp-hairline': ({}, 1),
    'plug-in-smp-scar-camouflage': ({}, 1),
    'plug-in-smp-sessions': ({}, 8),
    'plug-in-smp-calibrate': (dict(x1=2.0, y1=2.0, x2=40.0, y2=30.0, distance=10.0), 0),
}
REFUSES_INDEXED = {'plug-in-smp-follicles', 'plug-in-smp-hairline', 'plug-in-smp-scar-camouflage',
                   'plug-in-smp-sessions'}
WITH_PRESETS = ['plug-in-smp-follicles', 'plug-in-smp-hairline', 'plug-in-smp-scar-camouflage',
                'plug-in-smp-sessions']


def state(image):
    """Every layer (inside groups too) and channel of an image, with its pixels; a group's
    pixels are its composite, which a layer added inside it rightly changes."""
    items = []

    def walk(layers):
        for layer in layers:
            items.append((layer.get_id(), None if layer.is_group() else pixels(layer)))
            mask = layer.get_mask()
            if mask is not None:
                items.append((mask.get_id(), pixels(mask)))
            if layer.is_group():
                walk(layer.get_children())
    walk(image.get_layers())
    items.extend((channel.get_id(), pixels(channel)) for channel in image.get_channels())
    return items


def prepare(name, image):
    """The scar camouflage measures the selection: it gets one over the whole image."""
    if name == 'plug-in-smp-scar-camouflage':
        image.select_rectangle(Gimp.ChannelOps.REPLACE, 0, 0, image.get_width(), image.get_height())


def layer_count(image):
    def count(layers):
        return sum(1 + (count(layer.get_children()) if layer.is_group() else 0) for layer in layers)
    return count(image.get_layers())


def kept(image, before, what):
    now = dict(state(image))
    lost = [item for item, data in before if now.get(item) != data]
    check(not lost, f'{what}: every existing layer and channel keeps its pixels')


def refused(name, image, drawables, fragments, what, **arguments):
    prepare(name, image)
    before, count = state(image), layer_count(image)
    message = check_error(name, image, drawables, fragments, f'{name}: {what}',
                          **PROCEDURES[name][0], **arguments)
    check(len(str(message)) < 2000, f'{name}: {what}: a message of {len(str(message))} characters')
    check(layer_count(image) == count, f'{name}: {what}: nothing added')
    kept(image, before, f'{name}: {what}')


def done(name, image, drawables, what, **arguments):
    prepare(name, image)
    before, count = state(image), layer_count(image)
    status, _, message = call(name, image, drawables, **PROCEDURES[name][0], **arguments)
    check(status == Gimp.PDBStatusType.SUCCESS, f'{name}: {what}: done ({message})')
    added = layer_count(image) - count
    check(added == PROCEDURES[name][1], f'{name}: {what}: {added} layer(s) added')
    kept(image, before, f'{name}: {what}')


def float_linear_image():
    image, layer = make_image(48, 40)
    image.convert_precision(Gimp.Precision.FLOAT_LINEAR)
    return image, image.get_layers()[0]


def indexed_image():
    image, _ = make_image(48, 40)
    image.convert_indexed(Gimp.ConvertDitherType.NONE, Gimp.ConvertPaletteType.GENERATE, 16,
                          False, False, '')
    return image, image.get_layers()[0]


for name in PROCEDURES:
    image, photo = make_image(64, 48)
    other, other_photo = make_image(32, 32)
    refused(name, image, [other_photo], ['drawables', 'another image'], 'a layer of another image')

    group = Gimp.GroupLayer.new(image, 'group')
    image.insert_layer(group, None, 0)
    inner = Gimp.Layer.new(image, 'inner', 20, 20, Gimp.ImageType.RGBA_IMAGE, 100.0,
                           Gimp.LayerMode.NORMAL)
    image.insert_layer(inner, group, 0)
    inner.fill(Gimp.FillType.FOREGROUND)
    channel = Gimp.Channel.new(image, 'channel', 64, 48, 50.0, image.get_selection().get_color())
    image.insert_channel(channel, None, 0)
    photo.add_mask(photo.create_mask(Gimp.AddMaskType.WHITE))
    done(name, image, [], 'no drawable')
    done(name, image, [group], 'a layer group')
    done(name, image, [inner], 'a layer inside a group')
    done(name, image, [channel], 'a channel')
    done(name, image, [photo.get_mask()], 'a layer mask')
    done(name, image, [image.get_selection()], 'the selection mask')
    done(name, image, [photo, inner], 'two drawables')

    for what, (img, layer) in {'a 1x1 image': make_image(1, 1),
                               'a grayscale image': make_image(48, 40, Gimp.ImageBaseType.GRAY),
                               'a 32-bit float linear image': float_linear_image()}.items():
        done(name, img, [layer], what)
        img.delete()
    img, layer = indexed_image()
    if name in REFUSES_INDEXED:
        refused(name, img, [layer], ['image', 'indexed', 'RGB'], 'an indexed image')
    else:
        done(name, img, [layer], 'an indexed image')
    img.delete()

    if name != 'plug-in-smp-scar-camouflage':
        img, layer = make_image(64, 48)
        small = Gimp.Layer.new(img, 'small', 10, 10, Gimp.ImageType.RGBA_IMAGE, 100.0,
                               Gimp.LayerMode.NORMAL)
        img.insert_layer(small, None, 0)
        small.set_offsets(50, 35)
        img.select_rectangle(Gimp.ChannelOps.REPLACE, 0, 0, 8, 8)
        done(name, img, [small], 'a selection beside the layer')
        img.select_rectangle(Gimp.ChannelOps.SUBTRACT, 0, 0, 8, 8)
        done(name, img, [layer], 'a selection emptied again')
        img.delete()
    image.delete()
    other.delete()


def refuses_other_than_one_photo_layer(procedure):
    """A new image and its photo layer, once `procedure` has refused a layer of another image, no
    drawable, a group, a channel, a mask and two layers."""
    image, photo = make_image(64, 48)
    other, other_photo = make_image(32, 32)
    group = Gimp.GroupLayer.new(image, 'group')
    image.insert_layer(group, None, 0)
    channel = Gimp.Channel.new(image, 'channel', 64, 48, 50.0, image.get_selection().get_color())
    image.insert_channel(channel, None, 0)
    photo.add_mask(photo.create_mask(Gimp.AddMaskType.WHITE))
    refused(procedure, image, [other_photo], ['drawables', 'another image'],
            'a layer of another image')
    for what, drawables in (('no drawable', []), ('a layer group', [group]),
                            ('a channel', [channel]), ('a layer mask', [photo.get_mask()]),
                            ('two layers', [photo, photo])):
        refused(procedure, image, drawables, ['drawable'], what)
    other.delete()
    return image, photo


# The photo analysis takes exactly one colour photo layer of the image, large enough to measure.
ANALYSE = 'plug-in-smp-analyse'
PROCEDURES[ANALYSE] = ({}, 0)
image, photo = refuses_other_than_one_photo_layer(ANALYSE)
for what, (img, layer) in {'a 1x1 image': make_image(1, 1),
                           'a grayscale image': make_image(48, 40, Gimp.ImageBaseType.GRAY),
                           'an indexed image': indexed_image()}.items():
    refused(ANALYSE, img, [layer], ['image' if 'image' in what and '1x1' not in what else 'drawable'],
            what)
    img.delete()
image.delete()

# The correction of old SMP, like the analysis, takes exactly one colour photo layer large enough
# to judge.
CORRECTION = 'plug-in-smp-correction'
PROCEDURES[CORRECTION] = ({}, 0)
WITH_PRESETS.append(CORRECTION)
image, photo = refuses_other_than_one_photo_layer(CORRECTION)
refused(CORRECTION, image, [photo], ['too small'], 'a photo 3 mm wide', ppi=600.0)
refused(CORRECTION, image, [photo], ['ppi', 'too coarse'], 'a photo at 300 ppi')
for what, (img, layer), word in (('a 1x1 image', make_image(1, 1), 'too small'),
                                 ('a grayscale image', make_image(48, 40, Gimp.ImageBaseType.GRAY),
                                  'grayscale'),
                                 ('an indexed image', indexed_image(), 'indexed')):
    refused(CORRECTION, img, [layer], [word], what, ppi=600.0)
    img.delete()
image.delete()

# Preset names: empty and absurd strings get the list of names, quoted short.
image, photo = make_image(64, 48)
for name in WITH_PRESETS:
    for argument, example in (('hair_type', 'dark-brown'), ('skin_tone', 'monk-4')):
        for what, value in (('empty', ''), ('100,000 characters', 'x' * 100000),
                            ('unicode', 'dünkel\u202e'), ('a path', '../../etc/passwd')):
            refused(name, image, [photo], [argument.replace('_', '-'), example],
                    f'{argument} {what}', **{argument: value})

# Words: a word that is not one of an argument's choices is refused naming the argument and the
# words it takes (GIMP's choice arguments would silently take their default instead).
WORDS = {
    'plug-in-smp-follicles': (('appearance', ['fresh', 'healed']),
                              ('density_source', ['input-alpha', 'input-luminance'])),
    'plug-in-smp-hairline': (('view', ['front', 'top']), ('shape', ['natural']),
                             ('pattern', ['full', 'norwood-3']), ('area', ['current', 'treatment']),
                             ('output_mode', ['mask', 'outline']), ('appearance', ['healed'])),
    'plug-in-smp-scar-camouflage': (('scar_detect', ['auto', 'whole-area']),),
    'plug-in-smp-sessions': (('appearance', ['fresh', 'healed']),
                             ('density_source', ['input-alpha'])),
}
for name, words in WORDS.items():
    for argument, valid in words:
        for what, value in (('a word of no choice', 'bogus'), ('empty', ''),
                            ('another case', valid[0].upper()), ('100,000 characters', 'x' * 100000)):
            refused(name, image, [photo], [argument.replace('_', '-'), 'not a choice'] + valid,
                    f'{argument} {what}', **{argument: value})

# Session lists: each refused naming 'coverages' and the form it takes.
for what, coverages in (('empty', ''), ('blank', '   '), ('nan', 'nan'), ('inf', 'inf 1'),
                        ('1e999', '1e999'), ('negative', '-0.5 1'), ('zero', '0 1'),
                        ('not growing', '0.5 0.5'), ('shrinking', '1 0.5'),
                        ('seven sessions', '0.1 0.2 0.3 0.4 0.5 0.6 0.7'),
                        ('100,000 characters', '0.5 ' * 25000), ('words', 'thirty percent')):
    refused('plug-in-smp-sessions', image, [photo], ['coverages'], f'coverages {what}',
            coverages=coverages)

# A plan whose dots a 32-bit count cannot hold (it overflowed before): refused naming the limit.
big, big_photo = make_image(2000, 2000, ppi=1.0)
refused('plug-in-smp-sessions', big, [big_photo], ['ppi', '2147483647'], 'a plan of 5e9 dots',
        density=200.0, ppi=1.0)
big.delete()

# A scar selection beyond what the analysis takes (2^26 px): refused naming the limit. The layer is
# never drawn, so the 8200 x 8200 image costs no memory.
huge = Gimp.Image.new(8200, 8200, Gimp.ImageBaseType.RGB)
blank = Gimp.Layer.new(huge, 'blank', 8200, 8200, Gimp.ImageType.RGB_IMAGE, 100.0,
                       Gimp.LayerMode.NORMAL)
huge.insert_layer(blank, None, 0)
huge.set_resolution(300.0, 300.0)
huge.select_rectangle(Gimp.ChannelOps.REPLACE, 0, 0, 8200, 8200)
check_error('plug-in-smp-scar-camouflage', huge, [blank], ['selection', '64 megapixels'],
            'a scar selection of 67 megapixels')
check(len(huge.get_layers()) == 1, 'a scar selection of 67 megapixels: nothing added')
huge.delete()
image.delete()

# The stencil's PDF: a folder that does not exist, and a place nobody may write.
stencil = Gimp.get_pdb().lookup_procedure('plug-in-smp-stencil')
for what, path in (('a missing folder', '/nonexistent/smp/stencil.pdf'),
                   ('/proc', '/proc/smp-stencil.pdf')):
    config = stencil.create_config()
    config.set_property('run-mode', Gimp.RunMode.NONINTERACTIVE)
    config.set_property('file', Gio.File.new_for_path(path))
    images = len(Gimp.get_images())
    result = stencil.run(config)
    message = str(result.index(1)) if result.length() > 1 else ''
    check(result.index(0) != Gimp.PDBStatusType.SUCCESS and 'file' in message and path in message,
          f'stencil to {what}: refused naming the file: {message}')
    check(len(Gimp.get_images()) == images, f'stencil to {what}: no image left behind')

finish(__file__)
