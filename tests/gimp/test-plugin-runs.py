"""One run of each procedure, with the arguments that take it through most of its code: the
procedures scripts/test runs with the plug-in built with AddressSanitizer, LeakSanitizer on (and
that any build runs as a smoke test)."""
import os
import subprocess

from gi.repository import Gio

from smp_test import Gegl, Gimp, check, finish, make_image, run

image, photo = make_image(160, 120)
run('plug-in-smp-presets', None, None)
run('plug-in-smp-calibrate', image, [photo], x1=10.0, y1=10.0, x2=130.0, y2=100.0, distance=12.7)
image.set_resolution(300.0, 300.0)
(dots,) = run('plug-in-smp-follicles', image, [photo], hair_type='dark-brown', skin_tone='monk-4')
hairline = run('plug-in-smp-hairline', image, [photo], fill_dots=True, merge=True)[0]
image.select_ellipse(Gimp.ChannelOps.REPLACE, 20, 15, 120, 90)
run('plug-in-smp-sessions', image, [photo], coverages='0.3 0.7 1', merge=False)
run('plug-in-smp-sessions', image, [photo], coverages='0.5 1', merge=True)
run('plug-in-smp-scar-camouflage', image, [photo], merge=True)
image.delete()

stencil = Gimp.get_pdb().lookup_procedure('plug-in-smp-stencil')
config = stencil.create_config()
config.set_property('run-mode', Gimp.RunMode.NONINTERACTIVE)
pdf = os.path.join(os.environ['SMP_TEST_DIR'], 'stencil.pdf')
config.set_property('file', Gio.File.new_for_path(pdf))
result = stencil.run(config)
check(result.index(0) == Gimp.PDBStatusType.SUCCESS, 'the stencil is made')
check(os.path.getsize(pdf) > 1000, 'the stencil PDF is written')
result.index(1).delete()

# plug-in-smp-analyse on skin whose left half carries dots: three mask layers and a fringe.
image, photo = make_image(600, 400)
Gimp.context_set_foreground(Gegl.Color.new('#c9a883'))
photo.edit_fill(Gimp.FillType.FOREGROUND)
image.select_rectangle(Gimp.ChannelOps.REPLACE, 0, 0, 300, 400)
(dots,) = run('plug-in-smp-follicles', image, [photo], hair_type='dark-brown', skin_tone='monk-5',
              density=60.0, dot_size=0.25, appearance='healed', merge=True)
Gimp.Selection.none(image)
photo = image.merge_down(dots, Gimp.MergeType.CLIP_TO_BOTTOM_LAYER)
density = run('plug-in-smp-analyse', image, [photo])[0]
check(density > 0.0, 'the analysis measures the fringe')
# Fringe matching and the client's hair from the analysis's stubble layer.
stubble = [layer for layer in image.get_layers() if 'stubble' in layer.get_name().lower()][0]
image.select_rectangle(Gimp.ChannelOps.REPLACE, 320, 0, 280, 400)
run('plug-in-smp-follicles', image, [photo], match_from=stubble, merge=True)
Gimp.Selection.none(image)
design = run('plug-in-smp-hairline', image, [photo], fill_dots=True, client_hair=stubble,
             match_from=stubble)[0]
# The stencil from that design layer, the client's hair carried onto its page.
run('plug-in-smp-stencil', None, None, design=design, client_hair=stubble, dots=True, width=80.0,
    height=60.0, ppi=150.0)[0].delete()
image.delete()

# plug-in-smp-correction on a photo of old SMP with every fault but the dense patch planted.
path = os.path.join(os.environ['SMP_TEST_DIR'], 'old-smp.png')
subprocess.run([os.path.join(os.environ['SMP_BUILD_ROOT'], 'tests', 'photo', 'smp-photo-gen'),
                'faults', '-o', path, '--width', '480', '--height', '400', '--too-blue',
                '--hairline', 'straight', '--hairline-height', '55'], check=True)
image = Gimp.file_load(Gimp.RunMode.NONINTERACTIVE, Gio.File.new_for_path(path))
image.set_resolution(600.0, 600.0)
report = run('plug-in-smp-correction', image, image.get_layers(), glabella_y=2000.0)[0]
check(len(image.get_layers()) == 5 and 'too blue' in report.lower(), 'the correction reports')
image.delete()

# Women's thinning on long thinning hair, within a selection, left as effects: a group of sessions.
path = os.path.join(os.environ['SMP_TEST_DIR'], 'thinning.png')
subprocess.run([os.path.join(os.environ['SMP_BUILD_ROOT'], 'tests', 'photo', 'smp-photo-gen'),
                '-o', path, '--width', '400', '--height', '400', '--ppi', '300', '--style', 'long',
                '--bald', '0', '--centre-y', '20', '--coverage', '0.5', '--part', '6'], check=True)
image = Gimp.file_load(Gimp.RunMode.NONINTERACTIVE, Gio.File.new_for_path(path))
image.set_resolution(300.0, 300.0)
image.select_rectangle(Gimp.ChannelOps.REPLACE, 40, 40, 320, 320)
(group,) = run('plug-in-smp-follicles', image, image.get_layers(), thinning=True,
               appearance='healed', merge=False)
check(group.is_group() and len(group.get_children()) >= 1, 'the thinning sessions are layered')
image.delete()
finish(__file__)
