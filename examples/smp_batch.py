"""smp-studio Python batch: a hairline design filled with follicle dots on every photo.

    gimp-console-3.0 -i --batch-interpreter python-fu-eval \
      -b 'import sys; sys.path.insert(0, "examples"); import smp_batch; \
          smp_batch.run("photos/*.jpg", "out", hair_type="black-coarse", skin_tone="monk-7", ppi=300)' \
      --quit

Each photo gets a front-view hairline (glabella at origin_x, origin_y; -1 = image centre) as a mask
layer plus a dot layer whose density follows it, both baked, then a flattened PNG in out_dir.
"""
import glob
import os

import gi

gi.require_version("Gimp", "3.0")
from gi.repository import Gimp, Gio


def call(name, image, drawables, **arguments):
    """Runs a smp-studio procedure non-interactively and returns its values after the status."""
    procedure = Gimp.get_pdb().lookup_procedure(name)
    config = procedure.create_config()
    config.set_property("run-mode", Gimp.RunMode.NONINTERACTIVE)
    config.set_property("image", image)
    config.set_core_object_array("drawables", drawables)
    for key, value in arguments.items():
        config.set_property(key.replace("_", "-"), value)
    result = procedure.run(config)
    if result.index(0) != Gimp.PDBStatusType.SUCCESS:
        raise RuntimeError(f"{name}: {result.index(1)}")
    return [result.index(i) for i in range(1, result.length())]


def run(pattern, out_dir, hair_type="dark-brown", skin_tone="monk-4", ppi=300.0,
        hairline_height=80.0, shape="natural", origin_x=-1.0, origin_y=-1.0):
    os.makedirs(out_dir, exist_ok=True)
    written = []
    for path in sorted(glob.glob(pattern)):
        image = Gimp.file_load(Gimp.RunMode.NONINTERACTIVE, Gio.File.new_for_path(path))
        photo = image.get_layers()[0]
        # One layer: the design's mask, then the dots that read it.
        warnings = call("plug-in-smp-hairline", image, [photo], view="front", shape=shape,
                        hairline_height=hairline_height, origin_x=origin_x, origin_y=origin_y,
                        fill_dots=True, hair_type=hair_type, skin_tone=skin_tone, merge=True,
                        ppi=ppi)[2]
        if warnings:
            print(f"{path}: {warnings}")
        stem = os.path.splitext(os.path.basename(path))[0]
        target = os.path.join(out_dir, stem + "-smp.png")
        image.flatten()
        Gimp.file_save(Gimp.RunMode.NONINTERACTIVE, image, Gio.File.new_for_path(target), None)
        image.delete()
        written.append(target)
    return written
