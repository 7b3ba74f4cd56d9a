#!/usr/bin/env bash
# The `gegl` command line finds the smp ops in a user module folder (XDG_DATA_HOME) and renders a
# chain with them, as a batch user without GIMP would.
set -euo pipefail
: "${SMP_BUILD_ROOT:?run through meson test}"
work=$(mktemp -d "${TMPDIR:-/tmp}/smp-gegl-cli.XXXXXX")
trap 'rm -rf "$work"' EXIT
export XDG_DATA_HOME="$work/data"
install -D -m 0644 "$SMP_BUILD_ROOT/filters/smp-ops.so" "$XDG_DATA_HOME/gegl-0.4/plug-ins/smp-ops.so"

echo "1..2"
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
  smp:follicle-dots ppi=300 density=80 output=stencil
size=$(python3 -c 'import struct,sys; d=open(sys.argv[1],"rb").read(24); print(*struct.unpack(">II", d[16:24]))' "$work/dots.png" 2>/dev/null || true)
if [ "$size" != "400 300" ]; then
  echo "not ok 2 - gegl CLI chain with smp:follicle-dots gave '$size', expected a 400x300 PNG"
  exit 1
fi
echo "ok 2 - gegl CLI renders a 400x300 chain with smp:follicle-dots"
