"""Pictures of the hair-loss atlas as smp:hairline-mask renders it, for docs/hair-loss-patterns.md
and the README: one picture per stage (front, top and right side views), a contact sheet of
the top and side views of every stage, and a hairline's transition filled with dots at 1:1.

Run by scripts/readme-images inside the build environment:
    python3 scripts/atlas.py MODULE_DIR OUTPUT_DIR

Each view: skin, the client's current hair at the stage (dark grey), the area to treat for the
default design, a natural line 80 mm above the glabella (blue), and the outline of the design,
the stage's areas and, from above, the crown whorl (black).
"""
import sys

import gi

gi.require_version("Gegl", "0.4")
from gi.repository import Gegl

PATTERNS = ["full", "norwood-1", "norwood-2", "norwood-3", "norwood-3v", "norwood-4", "norwood-5",
            "norwood-6", "norwood-7", "norwood-2a", "norwood-3a", "norwood-4a", "norwood-5a",
            "ludwig-1", "ludwig-2", "ludwig-3", "olsen", "sinclair-1", "sinclair-2", "sinclair-3",
            "sinclair-4", "sinclair-5"]
PPI = 30.0
PX_PER_MM = PPI / 25.4
# Views (mm): frame size and where the origin sits in it (the side view's glabella: the ear canal
# 120 mm from the left, 140 mm from the top).
FRONT = dict(view="front", width=200.0, height=170.0, origin=(100.0, 150.0))
TOP = dict(view="top", width=180.0, height=220.0, origin=(90.0, 110.0))
SIDE = dict(view="right", width=230.0, height=220.0, origin=(215.5, 115.0))
SKIN, HAIR, TREAT, PAPER = "#e9cfb4", "#3b3430", "#3d7fd6", "#ffffff"
GAP = 6  # px between views
LABEL = 18  # px above each stage on the sheet


def px(mm):
    return int(round(mm * PX_PER_MM))


class Picture:
    """A GEGL graph that composes views side by side on paper."""

    def __init__(self, width, height):
        self.graph = Gegl.Node()
        paper = self.node("gegl:color", value=Gegl.Color.new(PAPER))
        self.out = self.node("gegl:crop", width=float(width), height=float(height))
        paper.link(self.out)

    def node(self, operation, **properties):
        node = self.graph.create_child(operation)
        for key, value in properties.items():
            node.set_property(key.replace("_", "-"), value)
        return node

    def over(self, above, x=0, y=0):
        if x or y:
            moved = self.node("gegl:translate", x=float(x), y=float(y))
            above.link(moved)
            above = moved
        node = self.node("gegl:over")
        self.out.link(node)
        above.connect_to("output", node, "aux")
        self.out = node

    def hairline(self, frame, pattern, **extra):
        return self.node("smp:hairline-mask", ppi=PPI, seed=7, view=frame["view"],
                         pattern=pattern, origin_x=float(px(frame["origin"][0])),
                         origin_y=float(px(frame["origin"][1])), **extra)

    def view(self, frame, pattern, x, y):
        """One view of a stage, its top left corner at (x, y)."""
        w, h = px(frame["width"]), px(frame["height"])
        layers = [self.node("gegl:color", value=Gegl.Color.new(SKIN))]
        tint = self.node("gegl:color-overlay", value=Gegl.Color.new(HAIR))
        self.hairline(frame, pattern, area="current").link(tint)
        layers.append(tint)
        if pattern != "full":
            tint = self.node("gegl:color-overlay", value=Gegl.Color.new(TREAT))
            self.hairline(frame, pattern, area="treatment").link(tint)
            layers.append(tint)
        layers.append(self.hairline(frame, pattern, output_mode="outline", outline_width=0.8))
        stack = layers[0]
        for layer in layers[1:]:
            node = self.node("gegl:over")
            stack.link(node)
            layer.connect_to("output", node, "aux")
            stack = node
        crop = self.node("gegl:crop", width=float(w), height=float(h))
        stack.link(crop)
        self.over(crop, x, y)
        return w

    def label(self, text, x, y):
        try:
            node = self.node("gegl:text", string=text, size=13.0,
                             color=Gegl.Color.new("#000000"))
        except TypeError:
            return  # no text rendering here: the sheet goes without its labels
        self.over(node, x, y)

    def save(self, path):
        saver = self.node("gegl:png-save", path=path, bitdepth=8)
        self.out.link(saver)
        saver.process()


def stage_picture(pattern, path):
    frames = (FRONT, TOP, SIDE)
    width = sum(px(f["width"]) for f in frames) + GAP * (len(frames) - 1)
    picture = Picture(width, max(px(f["height"]) for f in frames))
    x = 0
    for frame in frames:
        x += picture.view(frame, pattern, x, 0) + GAP
    picture.save(path)


def contact_sheet(path, columns=4):
    cell_w = px(TOP["width"]) + GAP + px(SIDE["width"]) + 3 * GAP
    cell_h = LABEL + max(px(TOP["height"]), px(SIDE["height"])) + 2 * GAP
    rows = (len(PATTERNS) + columns - 1) // columns
    picture = Picture(columns * cell_w, rows * cell_h)
    for i, pattern in enumerate(PATTERNS):
        x, y = (i % columns) * cell_w + GAP, (i // columns) * cell_h + GAP
        picture.label(pattern, x, y)
        x += picture.view(TOP, pattern, x, y + LABEL) + GAP
        picture.view(SIDE, pattern, x, y + LABEL)
    picture.save(path)


def zone_picture(path):
    """A natural hairline's transition at 1:1 (300 ppi, 40 x 25 mm, the line 80 mm above the
    glabella, 12 mm transition) filled with dark-brown dots on skin: graded-zone on, then off."""
    ppi, width, height = 300.0, 40.0, 25.0
    w, h = int(round(width * ppi / 25.4)), int(round(height * ppi / 25.4))
    picture = Picture(2 * w + GAP, LABEL + h)
    for i, graded in enumerate((True, False)):
        mask = picture.node("smp:hairline-mask", ppi=ppi, seed=7, view="front", transition=12.0,
                            origin_x=w / 2.0, origin_y=h / 2.0 + 80.0 * ppi / 25.4)
        dots = picture.node("smp:follicle-dots", ppi=ppi, seed=7, density=165.0, dot_size=0.25,
                            pigment=Gegl.Color.new("#14110f"), dilution=8.0,
                            skin=Gegl.Color.new(SKIN), density_source="input-alpha",
                            output_mode="dots", graded_zone=graded)
        mask.link(dots)
        stack = picture.node("gegl:over")
        picture.node("gegl:color", value=Gegl.Color.new(SKIN)).link(stack)
        dots.connect_to("output", stack, "aux")
        crop = picture.node("gegl:crop", width=float(w), height=float(h))
        stack.link(crop)
        x = i * (w + GAP)
        picture.label(f"graded-zone {'on' if graded else 'off'}", x, 0)
        picture.over(crop, x, LABEL)
    picture.save(path)


def main():
    module_dir, out = sys.argv[1], sys.argv[2]
    Gegl.init(None)
    # The smp ops are GPL3+: GEGL offers them to applications that say they are GPL3 too.
    Gegl.config().set_property("application-license", "GPL3")
    Gegl.load_module_directory(module_dir)
    if not Gegl.has_operation("smp:hairline-mask"):
        sys.exit(f"atlas.py: smp:hairline-mask is not in {module_dir}")
    for pattern in PATTERNS:
        stage_picture(pattern, f"{out}/atlas-{pattern}.png")
    contact_sheet(f"{out}/atlas-sheet.png")
    zone_picture(f"{out}/hairline-zone-1to1.png")
    Gegl.exit()


if __name__ == "__main__":
    main()
