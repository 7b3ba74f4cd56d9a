"""Hostile user preset files (tests/gimp/test-preset-files.setup puts them in the profile before
GIMP starts): an invalid escape, Latin-1 text, a pipe, a folder, a dangling link, a 2 MB file and
a repeated key. GIMP starts and registers every procedure (the pipe once blocked its start and
the escape crashed the plug-in's registration); each bad file is reported with its name and,
where it has one, its line and key; the good file and every built-in preset load and work."""
from smp_test import Gimp, check, finish, make_image, run

PROCEDURES = ['plug-in-smp-follicles', 'plug-in-smp-hairline', 'plug-in-smp-scar-camouflage',
              'plug-in-smp-sessions', 'plug-in-smp-presets', 'plug-in-smp-calibrate',
              'plug-in-smp-stencil']
pdb = Gimp.get_pdb()
for name in PROCEDURES:
    check(pdb.procedure_exists(name), f'{name} is registered')

hair, _, skin, _, problems, user_dir = run('plug-in-smp-presets', None, None)
check('user-good' in hair, 'the good user file adds its hair type')
check({'dark-brown', 'black-coarse'} <= set(hair) and {'monk-1', 'fitzpatrick-6'} <= set(skin),
      'the built-in presets load')
for refused in ('user-pale', 'user-latin1', 'user-twice'):
    check(refused not in hair and refused not in skin, f'nothing of the file with {refused}')

expected = {
    'b-bad-escape.ini': [':2: key \'skin\'', 'escape'],
    'c-latin1.ini': [':2: key \'label\'', 'UTF-8'],
    'd-pipe.ini': ['not a regular file'],
    'e-folder.ini': ['not a regular file'],
    'f-dangling.ini': ['does not exist'],
    'g-huge.ini': ['at most'],
    'h-repeated-key.ini': [':3: key \'density\'', 'line 2'],
}
problems = list(problems)
for line in problems:
    check(line.startswith(user_dir) and line.endswith('(file skipped)'), f'problem: {line}')
for file, fragments in expected.items():
    found = [line for line in problems if f'/{file}' in line]
    check(len(found) == 1, f'{file}: one message')
    check(all(f in found[0] for f in fragments), f'{file}: the message names {fragments}')
check(len(problems) == len(expected), f'{len(problems)} messages, one per bad file')

image, photo = make_image(64, 48)
(layer,) = run('plug-in-smp-follicles', image, [photo], hair_type='user-good', skin_tone='monk-4')
check(layer is not None, 'a procedure runs with the user\'s hair type')
finish(__file__)
