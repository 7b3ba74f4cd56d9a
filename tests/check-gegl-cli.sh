#!/usr/bin/env bash
# The `gegl` command line finds the smp ops in a user module folder (XDG_DATA_HOME) and renders a
# chain with them, as a batch user without GIMP would.
set -euo pipefail
: "${SMP_BUILD_ROOT:?run through meson test}"
work=$(mktemp -d "${TMPDIR:-/tmp}/smp-gegl-cli.XXXXXX")
trap 'rm -rf "$work"' EXIT
export XDG_DATA_HOME="$work/data"
install -D -m 0644 "$SMP_BUILD_ROOT/filters/smp-ops.so" "$XDG_DATA_HOME/gegl-0.4/plug-ins/smp-ops.so"

echo "1..3"
listed=$(gegl --list-all)
missing=""
for op in "$@"; do
  grep -qx "$op" <<<"$listed" || missing="$missing $op"
done
if [ -n "$missing" ]; then
  echo "not ok 1 - gegl --list-all lacks:$missing"
  exit 1
fi
echo "ok 1 - gegl --list-all lists $*"

gegl -o "$work/dots.png" -- gegl:rectangle width=400 height=300 color=white \
  smp:follicle-dots ppi=300 density=80 output-mode=stencil
size=$(python3 -c 'import struct,sys; d=open(sys.argv[1],"rb").read(24); print(*struct.unpack(">II", d[16:24]))' "$work/dots.png" 2>/dev/null || true)
if [ "$size" != "400 300" ]; then
  echo "not ok 2 - gegl CLI chain with smp:follicle-dots gave '$size', expected a 400x300 PNG"
  exit 1
fi
echo "ok 2 - gegl CLI renders a 400x300 chain with smp:follicle-dots"

# The README's XML graph: dots only on the hair side of a front-view hairline.
gegl "$SMP_SOURCE_ROOT/examples/hairline-dots.xml" -o "$work/hairline.ppm"
verdict=$(python3 - "$work/hairline.ppm" <<'PY'
import sys
data = open(sys.argv[1], "rb").read()
magic, width, height, maxval, pixels = data.split(maxsplit=4)
width, height = int(width), int(height)
stride = 3 * (2 if int(maxval) > 255 else 1)  # ppm-save may write 16-bit samples (big-endian)
def dark_share(y0, y1, x0, x1):
    dark = sum(1 for y in range(y0, y1) for x in range(x0, x1)
               if pixels[stride * (y * width + x)] < 128)
    return dark / ((y1 - y0) * (x1 - x0))
# The forehead: below the line and between the temples, which run down the sides.
hair, forehead = dark_share(0, 250, 0, width), dark_share(500, 900, 300, 900)
ok = (width, height) == (1200, 900) and hair > 0.02 and forehead == 0.0
print(("ok" if ok else "bad") + f" size {width}x{height}, dark share above the line {hair:.3f}, below {forehead:.3f}")
PY
)
case $verdict in
  ok*) echo "ok 3 - examples/hairline-dots.xml: ${verdict#ok }" ;;
  *) echo "not ok 3 - examples/hairline-dots.xml: ${verdict#bad }"; exit 1 ;;
esac
