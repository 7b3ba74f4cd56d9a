"""Through GIMP: each procedure on a 30000 x 30000 image (scripts/bench-gimp-size). The dots and
the hairline are rendered into their layers (merge), the far corner is checked for ink, and the
peak resident size of GIMP (which renders the ops) and the time are printed; the scar camouflage
refuses a selection beyond its analysis limit."""
import os
import time

from gi.repository import Gegl

from smp_test import Gimp, call, check, log, run

SIZE = 30000


def peak_mib(pid):
    for line in open(f'/proc/{pid}/status'):
        if line.startswith('VmHWM:'):
            return int(line.split()[1]) / 1024.0
    return 0.0


def ink(layer, cx, cy):
    """Pixels with alpha above one half in the 256 x 256 square at (cx, cy) of the image."""
    x, y = layer.get_offsets()[1:]
    rect = Gegl.Rectangle.new(cx - x, cy - y, 256, 256)
    data = bytes(layer.get_buffer().get(rect, 1.0, "R'G'B'A u8", Gegl.AbyssPolicy.NONE))
    return sum(1 for a in data[3::4] if a > 128)


gimp_pid = os.getppid()
image = Gimp.Image.new(SIZE, SIZE, Gimp.ImageBaseType.RGB)
base = Gimp.Layer.new(image, 'canvas', SIZE, SIZE, Gimp.ImageType.RGBA_IMAGE, 100.0,
                      Gimp.LayerMode.NORMAL)
image.insert_layer(base, None, 0)
image.set_resolution(600.0, 600.0)
log(f'GIMP at start: peak {peak_mib(gimp_pid):.0f} MiB')

# Where each must have drawn: the dots everywhere (the far corner), the hairline on its hair side
# (the top middle of a front view filling the image).
for name, arguments, (cx, cy) in (
        ('plug-in-smp-follicles', dict(density=110.0), (SIZE - 256, SIZE - 256)),
        ('plug-in-smp-hairline', dict(ppi=600.0 * 30000 / 4724), (SIZE // 2, 1024))):
    start = time.monotonic()
    layer = run(name, image, [base], merge=True, **arguments)[0]
    seconds = time.monotonic() - start
    inked = ink(layer, cx, cy)
    log(f'{name}: {SIZE} x {SIZE} rendered in {seconds:.0f} s; GIMP peak {peak_mib(gimp_pid):.0f} '
        f'MiB; {inked} of 65536 px inked at ({cx}, {cy})')
    check(inked > 0, f'{name}: ink at ({cx}, {cy})')
    image.remove_layer(layer)

image.select_rectangle(Gimp.ChannelOps.REPLACE, 0, 0, SIZE, SIZE)
status, _, message = call('plug-in-smp-scar-camouflage', image, [base])
check(status != Gimp.PDBStatusType.SUCCESS and '64 megapixels' in str(message),
      f'plug-in-smp-scar-camouflage refuses {SIZE} x {SIZE}: {message}')
image.delete()
