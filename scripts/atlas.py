"""Pictures of the hair-loss atlas as smp:hairline-mask renders it, for docs/hair-loss-patterns.md
and the README: one picture per stage (top view, and the side view) and a contact sheet of all.

Run by scripts/readme-images inside the build environment:
    python3 scripts/atlas.py MODULE_DIR OUTPUT_DIR

Each picture: skin, the client's current hair (dark grey), the area to treat for the default
design (blue) and the outline of the design and of the stage's areas (black).
"""
import sys

import gi

gi.require_version("Gegl", "0.4")
from gi.repository import Gegl

PATTERNS = ["full", "norwood-1", "norwood-2", "norwood-3", "norwood-3v", "norwood-4", "norwood-5",
            "norwood-6", "norwood-7", "norwood-2a", "norwood-3a", "norwood-4a", "norwood-5a",
            "ludwig-1", "ludwig-2", "ludwig-3", "olsen", "sinclair-1", "sinclair-2", "sinclair-3",
            "sinclair-4", "sinclair-5"]
PPI = 40.0
PX_PER_MM = PPI / 25.4
# Top view: 180 x 220 mm around the head, face up, the ear-canal line 110 mm from the top.
TOP = dict(width=180.0, height=220.0, origin=(90.0, 110.0))
# Front view: 200 x 170 mm, the glabella 150 mm from the top.
FRONT = dict(width=200.0, height=170.0, origin=(100.0, 150.0))
# Right side in profile: 230 x 220 mm, the ear canal 120 mm from the left and 140 mm from the top.
SIDE = dict(width=230.0, height=220.0, origin=(120.0, 140.0))
SKIN, HAIR, TREAT, INK = "#e9cfb4", "#3b3430", "#3d7fd6", "#000000"


def px(mm):
    return int(round(mm * PX_PER_MM))


def hairline(graph, view, pattern, **extra):
    node = graph.create_child("smp:hairline-mask")
    node.set_property("ppi", PPI)
    node.set_property("seed", 7)
    for key, value in extra.items():
        node.set_property(key.replace("_", "-"), value)
    node.set_property("view", view)
    node.set_property("pattern", pattern)
    return node


def tinted(graph, source, color):
    tint = graph.create_child("gegl:color-overlay")
    tint.set_property("value", Gegl.Color.new(color))
    source.link(tint)
    return tint


def over(graph, below, above):
    node = graph.create_child("gegl:over")
    below.link(node)
    above.connect_to("output", node, "aux")
    return node


def picture(pattern, view, frame):
    """A GEGL graph and its output node for one stage in one view."""
    graph = Gegl.Node()
    ox, oy = px(frame["origin"][0]), px(frame["origin"][1])
    place = dict(origin_x=float(ox), origin_y=float(oy))
    skin = graph.create_child("gegl:color")
    skin.set_property("value", Gegl.Color.new(SKIN))
    out = skin
    current = hairline(graph, view, pattern, area="current", **place)
    out = over(graph, out, tinted(graph, current, HAIR))
    if pattern != "full":
        treat = hairline(graph, view, pattern, area="treatment", **place)
        out = over(graph, out, tinted(graph, treat, TREAT))
    outline = hairline(graph, view, pattern, output_mode="outline", outline_width=0.8, **place)
    out = over(graph, out, outline)
    crop = graph.create_child("gegl:crop")
    crop.set_property("width", float(px(frame["width"])))
    crop.set_property("height", float(px(frame["height"])))
    out.link(crop)
    return graph, crop


def save(node, path):
    graph = node.get_parent() if hasattr(node, "get_parent") else None
    saver = node.get_parent().create_child("gegl:png-save") if graph else None
    saver.set_property("path", path)
    saver.set_property("bitdepth", 8)
    node.link(saver)
    saver.process()


def main():
    module_dir, out = sys.argv[1], sys.argv[2]
    Gegl.init(None)
    Gegl.load_module_directory(module_dir)
    for pattern in PATTERNS:
        graph, node = picture(pattern, "top", TOP)
        save(node, f"{out}/atlas-{pattern}-top.png")
        graph, node = picture(pattern, "front", FRONT)
        save(node, f"{out}/atlas-{pattern}-front.png")
        graph, node = picture(pattern, "right", SIDE)
        save(node, f"{out}/atlas-{pattern}-side.png")
    Gegl.exit()


if __name__ == "__main__":
    main()
