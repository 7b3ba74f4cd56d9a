"""The README's batch examples (examples/smp-batch.scm and examples/smp_batch.py) run as written on
a folder of photos, write one PNG per photo, and each PNG shows dots the photo did not have."""
import os
import sys

from gi.repository import Gimp, Gio

import smp_test
from smp_test import check

ROOT = os.environ["SMP_SOURCE_ROOT"]
WORK = os.environ["SMP_TEST_DIR"]
PHOTOS = os.path.join(WORK, "photos")


def make_photos(count=2):
    """Plain skin-coloured 'photos' at 72 ppi, as phone exports arrive (what Exif records when the
    real resolution is unknown)."""
    os.makedirs(PHOTOS, exist_ok=True)
    paths = []
    for index in range(count):
        image, layer = smp_test.make_image(420, 360, ppi=72.0)
        path = os.path.join(PHOTOS, f"client-{index}.png")
        Gimp.file_save(Gimp.RunMode.NONINTERACTIVE, image, Gio.File.new_for_path(path), None)
        image.delete()
        paths.append(path)
    return paths


def changed_pixels(before_path, after_path):
    before = Gimp.file_load(Gimp.RunMode.NONINTERACTIVE, Gio.File.new_for_path(before_path))
    after = Gimp.file_load(Gimp.RunMode.NONINTERACTIVE, Gio.File.new_for_path(after_path))
    a = smp_test.pixels(before.get_layers()[0], "R'G'B' u8")
    b = smp_test.pixels(after.get_layers()[0], "R'G'B' u8")
    before.delete()
    after.delete()
    check(len(a) == len(b), f"{os.path.basename(after_path)} keeps the photo's size")
    # A dot's core or the densest part of its healed shadow: the shadow's faint tails tone most of
    # a treated scalp by a level or two, which is the healed look, not a dot.
    return sum(1 for i in range(0, len(a), 3) if max(abs(a[i + c] - b[i + c]) for c in range(3)) > 8)


def main():
    photos = make_photos()
    total = 420 * 360

    out_scheme = os.path.join(WORK, "out-scheme")
    os.makedirs(out_scheme)
    script = (f'(begin (load "{ROOT}/examples/smp-batch.scm") '
              f'(smp-batch "{PHOTOS}/*.png" "{out_scheme}" "dark-brown" "monk-5" 300))')
    procedure = Gimp.get_pdb().lookup_procedure("plug-in-script-fu-eval")
    config = procedure.create_config()
    config.set_property("run-mode", Gimp.RunMode.NONINTERACTIVE)
    config.set_property("script", script)
    status = procedure.run(config).index(0)
    check(status == Gimp.PDBStatusType.SUCCESS, "examples/smp-batch.scm runs")
    for photo in photos:
        result = os.path.join(out_scheme, os.path.basename(photo)[:-4] + "-smp.png")
        check(os.path.exists(result), f"Script-Fu batch wrote {os.path.basename(result)}")
        changed = changed_pixels(photo, result)
        # Healed dots tone most of a fully treated photo, but not all of it: no wash.
        check(0.02 * total < changed < 0.9 * total, f"Script-Fu batch: {changed} pixels carry dots")

    sys.path.insert(0, os.path.join(ROOT, "examples"))
    import smp_batch
    written = smp_batch.run(os.path.join(PHOTOS, "*.png"), os.path.join(WORK, "out-python"),
                            hair_type="black-coarse", skin_tone="monk-7", ppi=300.0,
                            hairline_height=45.0, origin_y=711.0)  # the line crosses mid-photo
    check(len(written) == len(photos), "Python batch wrote one PNG per photo")
    for photo, result in zip(photos, written):
        changed = changed_pixels(photo, result)
        # The dots fill only the hair side of the hairline, the top part of the photo.
        check(0.01 * total < changed < 0.6 * total, f"Python batch: {changed} pixels carry dots")


main()
