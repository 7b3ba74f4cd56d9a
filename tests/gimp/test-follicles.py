"""plug-in-smp-follicles from Python: the dot layer, its effect and parameters, the number of dots
for the density and area, determinism, density from a layer's alpha, byte-identical originals,
user presets, and the errors for bad arguments."""
import math
import os

from smp_test import (Gegl, Gimp, alpha, blobs, check, check_error, check_mirrors, check_range,
                      expected_dots, filter_config, filter_ops, finish, make_image, pixels, run)

PPI = 300.0
W, H = 320, 240

image, photo = make_image(W, H, ppi=PPI)
original = pixels(photo)

# Default call: a non-destructive effect on a new layer above the photo; hair-type values fill in
# density and dot-size left at 0.
(layer,) = run('plug-in-smp-follicles', image, [photo], hair_type='black-coarse',
               skin_tone='monk-5', seed=11)
check(image.get_layers()[0] == layer and image.get_layers()[1] == photo,
      'the dot layer is directly above the photo')
check((layer.get_width(), layer.get_height(), layer.get_offsets()[1:]) == (W, H, (0, 0)),
      'the dot layer covers the photo')
check(filter_ops(layer) == ['smp:follicle-dots'], 'one smp:follicle-dots effect')
config = filter_config(layer)
check(abs(config.get_property('ppi') - PPI) < 1e-9, 'the effect works at the image resolution')
check(abs(config.get_property('dot-size') - 0.28) < 1e-9, 'dot-size from black-coarse (0.28 mm)')
check(abs(config.get_property('density') - 186) < 1e-9,
      'density from black-coarse (186 impressions/cm²)')
check(config.get_property('seed') == 11, 'the seed reaches the op')
check(config.get_property('appearance') == 'healed', 'healed appearance by default')
check(config.get_property('output-mode') == 'dots', 'dots on transparent')
# The op dilutes the undiluted pigment itself: black-coarse's 6 parts of water plus monk-5's 2.
check(abs(config.get_property('dilution') - 8.0) < 1e-9,
      'dilution from black-coarse (6) and monk-5 (+2)')
check(config.get_property('pigment').get_rgba() == Gegl.Color.new('#0e0e10').get_rgba(),
      'the undiluted pigment of black-coarse reaches the op')
check(config.get_property('skin').get_rgba() == Gegl.Color.new('#d7bd96').get_rgba(),
      'the skin of monk-5 reaches the op')
check(pixels(photo) == original, 'photo pixels byte-identical after an effect')
(explicit,) = run('plug-in-smp-follicles', image, [photo], hair_type='black-coarse',
                  skin_tone='monk-5', dilution=25.0)
check(abs(filter_config(explicit).get_property('dilution') - 25.0) < 1e-9,
      'an explicit dilution replaces the presets\' one')
image.remove_layer(explicit)

# Dots counted on the baked result: blobs of ink (touching dots merge, so a few less).
(layer,) = run('plug-in-smp-follicles', image, [photo], hair_type='dark-brown',
               skin_tone='monk-3', density=50.0, dot_size=0.25, appearance='fresh', seed=5,
               merge=True)
check(filter_ops(layer) == [], 'merge bakes the effect')
dots = blobs(alpha(layer), W, H)
want = expected_dots(W * H, 50.0, PPI)
check_range(dots, 0.75 * want, 1.15 * want, f'dots at 50/cm² over {W}x{H} px (expected {want:.0f})')
check(pixels(photo) == original, 'photo pixels byte-identical after merge')

# Same seed, same dots; another seed, other dots.
(again,) = run('plug-in-smp-follicles', image, [photo], hair_type='dark-brown',
               skin_tone='monk-3', density=50.0, dot_size=0.25, appearance='fresh', seed=5,
               merge=True)
check(pixels(again) == pixels(layer), 'same arguments give byte-identical dots')
(other,) = run('plug-in-smp-follicles', image, [photo], hair_type='dark-brown',
               skin_tone='monk-3', density=50.0, dot_size=0.25, appearance='fresh', seed=6,
               merge=True)
check(pixels(other) != pixels(layer), 'another seed gives other dots')
for extra in (again, other):
    image.remove_layer(extra)

# Density from a layer's alpha: a "hairline" layer opaque on its left half only.
mask = Gimp.Layer.new(image, 'hairline', W, H, Gimp.ImageType.RGBA_IMAGE, 100.0,
                      Gimp.LayerMode.NORMAL)
image.insert_layer(mask, None, 0)
image.select_rectangle(Gimp.ChannelOps.REPLACE, 0, 0, W // 2, H)
mask.edit_fill(Gimp.FillType.WHITE)
Gimp.Selection.none(image)
mask_pixels = pixels(mask)
(shaped,) = run('plug-in-smp-follicles', image, [photo], hair_type='dark-brown',
                skin_tone='monk-3', density=50.0, dot_size=0.25, appearance='fresh', seed=5,
                density_from=mask, merge=True)
a = alpha(shaped)
# Dots are whole or absent: leave a dot's width either side of the edge.
left = sum(1 for y in range(H) for x in range(W // 2 - 6) if a[y * W + x] >= 128)
right = sum(1 for y in range(H) for x in range(W // 2 + 6, W) if a[y * W + x] >= 128)
full = alpha(layer)
full_left = sum(1 for y in range(H) for x in range(W // 2 - 6) if full[y * W + x] >= 128)
check(right == 0, 'no dots where the density layer is transparent')
check_range(left, 0.9 * full_left, 1.1 * full_left, 'ink where the density layer is opaque vs uniform')
check(pixels(mask) == mask_pixels, 'density layer pixels byte-identical')

# A layer group works as the active layer and as the density map (its composite); the hidden
# state, opacity and effects of the density layer do not leak into the dots.
group = Gimp.GroupLayer.new(image, 'hairline group')
image.insert_layer(group, None, 0)
image.reorder_item(mask, group, 0)
group.set_visible(False)
(grouped,) = run('plug-in-smp-follicles', image, [group], hair_type='dark-brown',
                 skin_tone='monk-3', density=50.0, dot_size=0.25, appearance='fresh', seed=5,
                 density_from=group, merge=True)
check(grouped.get_parent() is None and image.get_item_position(grouped) == 0,
      'above the group, outside it')
check(pixels(grouped) == pixels(shaped), 'a group density map gives the same dots as its layer')
check(pixels(mask) == mask_pixels, 'density layer pixels byte-identical inside the group')
image.remove_layer(grouped)
check(pixels(photo) == original, 'photo pixels byte-identical after density-from')

# plug-in-smp-presets lists what scripts may pass.
hair, hair_labels, skin, skin_labels, problems, user_dir = run('plug-in-smp-presets', None, None)
builtin_hair_types = len(hair)
for name in ('black-coarse', 'black-afro', 'dark-brown', 'medium-brown', 'light-brown', 'blond',
             'grey', 'salt-and-pepper', 'white', 'red'):
    check(name in hair, f'hair type {name} listed')
check(len(hair_labels) == len(hair) and 'Dark brown' in hair_labels, 'hair-type labels listed')
check([f'monk-{i}' for i in range(1, 11)] == list(skin[:10]), 'Monk 1-10 listed in order')
check(all(f'fitzpatrick-{i}' in skin for i in range(1, 7)), 'Fitzpatrick I-VI aliases listed')
check(len(skin_labels) == len(skin), 'skin-tone labels listed')
check(list(problems) == [], 'the built-in presets load without problems')
check(user_dir == os.path.join(Gimp.directory(), 'smp-studio', 'presets'),
      'the user folder is in the GIMP profile')

# User presets in the profile override the built-ins key by key and add new ones; a malformed
# file is skipped with a message naming file, line and key.
os.makedirs(user_dir, exist_ok=True)
with open(os.path.join(user_dir, 'mine.ini'), 'w') as f:
    f.write('[hair-type:dark-brown]\ndot-size=0.41\n\n'
            '[hair-type:studio-black]\nlabel=Studio black\ndot-size=0.33\ndilution=5\n')
with open(os.path.join(user_dir, 'zz-broken.ini'), 'w') as f:
    f.write('[hair-type:dark-brown]\ndot-size=0.05\ndensity=lots\n')
hair, hair_labels, skin, skin_labels, problems, user_dir = run('plug-in-smp-presets', None, None)
check(hair[-1] == 'studio-black' and hair_labels[-1] == 'Studio black',
      'a user hair type is listed after the built-ins')
check(len(problems) == 1 and 'zz-broken.ini:3' in problems[0] and "'density'" in problems[0],
      f'the malformed file is reported with file, line and key: {list(problems)}')
(user,) = run('plug-in-smp-follicles', image, [photo], hair_type='dark-brown', skin_tone='monk-3')
config = filter_config(user)
check(abs(config.get_property('dot-size') - 0.41) < 1e-9, 'a user preset overrides dot-size')
check(abs(config.get_property('density') - 165) < 1e-9,
      'keys the user file does not set keep the built-in value; the malformed file is skipped')
(user,) = run('plug-in-smp-follicles', image, [photo], hair_type='studio-black', skin_tone='monk-3')
check(abs(filter_config(user).get_property('dot-size') - 0.33) < 1e-9,
      'a new user hair type works at once')
os.remove(os.path.join(user_dir, 'zz-broken.ini'))

# Years after treatment reach the op; a viewing distance adds the image as seen from there, blurred
# to normal visual acuity (1 arcminute: sigma = half of it on the scalp), above the dot layer.
(aged,) = run('plug-in-smp-follicles', image, [photo], hair_type='dark-brown', skin_tone='monk-4',
              years=6.0, viewing_distance=2.0)
check(abs(filter_config(aged).get_property('years') - 6.0) < 1e-9, 'years reach the op')
position = image.get_layers().index(aged)
seen = image.get_layers()[position - 1]
check(seen.get_name() == 'Seen from 2 m', f'the viewing layer sits above the dots ({seen.get_name()})')
check(filter_ops(seen) == ['gegl:gaussian-blur'], 'the viewing layer is a Gaussian blur effect')
sigma = 0.5 * 2000.0 * math.tan(math.radians(1 / 60)) * PPI / 25.4
check(abs(filter_config(seen).get_property('std-dev-x') - sigma) < 1e-6 and
      abs(filter_config(seen).get_property('std-dev-y') - sigma) < 1e-6,
      f'blur sigma {sigma:.3f} px for 2 m at {PPI} ppi')
check((seen.get_width(), seen.get_height()) == (image.get_width(), image.get_height()),
      'the viewing layer covers the image')
check(pixels(photo) == original, 'photo pixels byte-identical after a viewing preview')
image.remove_layer(seen)
image.remove_layer(aged)

# Bad arguments and images.
# (Out-of-range numbers are refused by the procedure config in Python and by Script-Fu's argument
# check: test-follicles.scm.)
check_error('plug-in-smp-follicles', image, [photo], ['hair-type', 'purple', 'dark-brown'],
            'an unknown hair type, with the known ones listed', hair_type='purple')
check_error('plug-in-smp-follicles', image, [photo], ['skin-tone', 'fitzpatrick-6'],
            'an unknown skin tone', skin_tone='monk-11')
elsewhere, elsewhere_photo = make_image(32, 32, ppi=PPI)
check_error('plug-in-smp-follicles', image, [photo], ['density-from', 'same image'],
            'a density layer of another image', density_from=elsewhere_photo)
unscaled, unscaled_photo = make_image(64, 48, ppi=72.0)
check_error('plug-in-smp-follicles', unscaled, [unscaled_photo], ['ppi', '72'],
            'a 72 ppi image without ppi')
(ok,) = run('plug-in-smp-follicles', unscaled, [unscaled_photo], ppi=254.0)
check(abs(filter_config(ok).get_property('ppi') - 254.0) < 1e-9, 'the ppi argument is used')
unscaled.convert_indexed(Gimp.ConvertDitherType.NONE, Gimp.ConvertPaletteType.GENERATE, 16,
                         False, False, '')
check_error('plug-in-smp-follicles', unscaled, [unscaled_photo], ['indexed'], 'an indexed image',
            ppi=254.0)

# The hair types as presets of the Follicle Dots filter dialog, where GIMP looks for the op's
# presets (the contents are checked in tests/unit/test-filter-presets.c).
settings = os.path.join(Gimp.directory(), 'filters', 'GimpGegl-smp-follicle-dots-config.settings')
with open(settings) as f:
    entries = f.read().count('(GimpGegl-smp-follicle-dots-config "')
check(entries == builtin_hair_types,
      f'one filter preset per built-in hair type in the profile ({entries})')

# Presets in words: an alias is labelled with its tone (the dialogs show "Monk 1 (Fitzpatrick 1)").
check(skin_labels[list(skin).index('fitzpatrick-1')] == 'Fitzpatrick 1 (Monk 1)',
      f'plug-in-smp-presets labels an alias with its tone: {skin_labels[list(skin).index("fitzpatrick-1")]!r}')

# The arguments passed on to the op keep its names and ranges.
check_mirrors('plug-in-smp-follicles', 'smp:follicle-dots', photo,
              ['density', 'dot-size', 'dilution', 'coverage', 'appearance', 'years',
               'density-source'])

finish(__file__)
