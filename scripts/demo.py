"""smp-studio demo, run by scripts/demo inside gimp-console-3.0 (python-fu-eval).

Generates a sample scalp seen from above at a real scale of 600 ppi, designs a Norwood 5
treatment area with a natural hairline, fills it with follicle dots for a dark-brown hair type on
Monk 5 skin, previews the healed look and the three-session plan, and prints a 1:1 stencil PDF.
Every step is a smp-studio PDB procedure called the way a batch script calls it.
"""
import os

import gi

gi.require_version("Gimp", "3.0")
gi.require_version("Gegl", "0.4")
from gi.repository import Gegl, Gimp, Gio

OUT = os.environ["SMP_DEMO_OUT"]
PPI = 600.0
PX_PER_MM = PPI / 25.4
SKIN = "#d7bd96"  # Monk 5


def mm(value):
    return int(round(value * PX_PER_MM))


def run(name, **arguments):
    """Calls a PDB procedure non-interactively; raises with GIMP's message on failure."""
    procedure = Gimp.get_pdb().lookup_procedure(name)
    if procedure is None:
        raise RuntimeError(f"{name} is not installed")
    config = procedure.create_config()
    config.set_property("run-mode", Gimp.RunMode.NONINTERACTIVE)
    for key, value in arguments.items():
        key = key.replace("_", "-")
        if key == "drawables":
            config.set_core_object_array(key, value)
        else:
            config.set_property(key, value)
    result = procedure.run(config)
    status = result.index(0)
    if status != Gimp.PDBStatusType.SUCCESS:
        raise RuntimeError(f"{name} failed: {result.index(1) if result.length() > 1 else status}")
    return result


def apply_filter(layer, operation, **properties):
    """Bakes a GEGL operation into a layer (used only to paint the sample scalp)."""
    drawable_filter = Gimp.DrawableFilter.new(layer, operation, "")
    config = drawable_filter.get_config()
    for key, value in properties.items():
        config.set_property(key.replace("_", "-"), value)
    layer.merge_filter(drawable_filter)


def sample_scalp():
    """A shaved scalp from above: a 160 x 205 mm head on a neutral backdrop, with soft shading."""
    width, height = mm(200), mm(250)
    image = Gimp.Image.new(width, height, Gimp.ImageBaseType.RGB)
    image.set_resolution(PPI, PPI)
    backdrop = Gimp.Layer.new(image, "Backdrop", width, height, Gimp.ImageType.RGB_IMAGE, 100,
                              Gimp.LayerMode.NORMAL)
    image.insert_layer(backdrop, None, 0)
    Gimp.context_set_foreground(Gegl.Color.new("#5d6168"))
    backdrop.fill(Gimp.FillType.FOREGROUND)

    scalp = Gimp.Layer.new(image, "Scalp", width, height, Gimp.ImageType.RGBA_IMAGE, 100,
                           Gimp.LayerMode.NORMAL)
    image.insert_layer(scalp, None, 0)
    image.select_ellipse(Gimp.ChannelOps.REPLACE, mm(20), mm(22), mm(160), mm(205))
    Gimp.context_set_foreground(Gegl.Color.new(SKIN))
    scalp.edit_fill(Gimp.FillType.FOREGROUND)
    # Filters stay inside the head's selection, so the backdrop keeps its colour.
    apply_filter(scalp, "gegl:noise-rgb", red=0.015, green=0.015, blue=0.015, seed=7)
    apply_filter(scalp, "gegl:vignette", radius=1.25, softness=1.0, gamma=2.4,
                 proportion=0.0, color=Gegl.Color.new("#3a2a20"), x=0.5, y=0.48)
    Gimp.Selection.none(image)
    return image, scalp


def export_png(image, name):
    """Exports a flattened copy so the file shows what the layers show."""
    copy = image.duplicate()
    copy.flatten()
    Gimp.file_save(Gimp.RunMode.NONINTERACTIVE, copy, Gio.File.new_for_path(os.path.join(OUT, name)),
                   None)
    copy.delete()


def show_only(image, *visible):
    for layer in image.get_layers():
        layer.set_visible(layer in visible)


def main():
    os.makedirs(OUT, exist_ok=True)
    image, scalp = sample_scalp()
    backdrop = image.get_layers()[-1]
    export_png(image, "00-sample-scalp.png")

    # The design: a Norwood 5 client, top view, origin on the midline between the ear canals.
    design = dict(view="top", pattern="norwood-5", area="treatment", shape="natural",
                  origin_x=float(mm(100)), origin_y=float(mm(140)), transition=10.0,
                  irregularity=0.4, seed=3, ppi=PPI)
    mask = run("plug-in-smp-hairline", image=image, drawables=[scalp], output_mode="mask",
                  fill_dots=False, **design).index(1)
    mask.set_opacity(55.0)
    show_only(image, backdrop, scalp, mask)
    export_png(image, "01-design-norwood-5.png")

    looks = {}
    for appearance in ("fresh", "healed"):
        looks[appearance] = run("plug-in-smp-follicles", image=image, drawables=[scalp],
                                hair_type="dark-brown", skin_tone="monk-5",
                                appearance=appearance, density_from=mask, seed=1,
                                ppi=PPI).index(1)
    show_only(image, backdrop, scalp, looks["fresh"])
    export_png(image, "02-dots-fresh.png")
    show_only(image, backdrop, scalp, looks["healed"])
    export_png(image, "03-dots-healed.png")

    show_only(image, backdrop, scalp)
    plan = run("plug-in-smp-sessions", image=image, drawables=[scalp], coverages="0.3 0.7 1",
               hair_type="dark-brown", skin_tone="monk-5", appearance="fresh",
               density_from=mask, seed=1, ppi=PPI)
    report = plan.index(7)
    with open(os.path.join(OUT, "04-session-plan.txt"), "w") as text:
        text.write(report + "\n")
    print(report)
    group = plan.index(8)
    show_only(image, backdrop, scalp, group)
    export_png(image, "04-session-plan.png")
    image.delete()

    stencil = dict(design)
    del stencil["area"]
    sheet = run("plug-in-smp-stencil", width=200.0, height=250.0, dots=True,
                file=Gio.File.new_for_path(os.path.join(OUT, "05-stencil.pdf")),
                **stencil).index(1)
    export_png(sheet, "05-stencil.png")
    sheet.delete()


main()
