#!/usr/bin/env bash
# Drives the real GIMP 3 window under Xvfb from the keyboard and checks what it made:
#   1. a photo (from smp-photo-gen) opened from the command line;
#   2. the Follicle Dots Layer procedure through the action search, its dialog accepted with Return,
#      the image saved as XCF through Save As;
#   3. the smp:follicle-dots filter on the photo layer through the action search, OK, saved;
#   4. Undo, saved again.
# Then gui-check.py reads the three XCF files back in gimp-console and checks layers, filters and
# pixels. Every step waits on a window title or state with a timeout, never a fixed sleep; on a
# failure a screenshot goes into the build folder and its path is printed.
set -euo pipefail
: "${SMP_BUILD_ROOT:?run through meson test}" "${SMP_SOURCE_ROOT:?run through meson test}"
here=$SMP_SOURCE_ROOT/tests/gui
shots=$SMP_BUILD_ROOT/tests/gui
mkdir -p "$shots"
rm -f "$shots"/*.png

work=$(mktemp -d "${TMPDIR:-/tmp}/smp-gui-test.XXXXXX")
pids=()
cleanup() {
  local pid
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 143' TERM INT HUP

export GIMP3_DIRECTORY="$work/profile" XDG_DATA_HOME="$work/data" XDG_CONFIG_HOME="$work/config"
export XDG_CACHE_HOME="$work/cache" SMP_TEST_DIR="$work/out"
export GEGL_USE_OPENCL=no GEGL_SWAP=RAM NO_AT_BRIDGE=1 GTK_A11Y=none
unset GIMP_BATCH_INTERPRETER DBUS_SESSION_BUS_ADDRESS
mkdir -p "$GIMP3_DIRECTORY" "$SMP_TEST_DIR"
"$SMP_SOURCE_ROOT/scripts/install-into" "$SMP_BUILD_ROOT" "$GIMP3_DIRECTORY" "$XDG_DATA_HOME"
# One window; the title tells the file, the layer count, the active layer and whether the image is
# dirty, which is what the steps below wait on.
cat >"$GIMP3_DIRECTORY/gimprc" <<'RC'
(show-welcome-dialog no)
(config-version "3.0.4")
(show-tips no)
(restore-session no)
(save-session-info no)
(check-updates no)
(color-profile-policy keep)
(image-title-format "smp[%f] layers=%l active=[%n] state=%D*%C-")
RC

photo=$SMP_TEST_DIR/photo.png
"$SMP_BUILD_ROOT/tests/photo/smp-photo-gen" -o "$photo" --width 400 --height 320 --ppi 300 >/dev/null
# GIMP reads the resolution from the PNG: 300 ppi, a real scale for sizes in mm.
mogrify -units PixelsPerInch -density 300 -define png:exclude-chunks=gAMA,cHRM,sRGB,iCCP,bKGD,tIME,tEXt,zTXt "$photo"

# The entries driven, by their labels in the menus and their dialogs' titles.
procedure_label='Follicle Dots Layer' procedure_title='Follicle Dots'
filter_label='SMP Follicle Dots' filter_title='(SMP )?Follicle Dots( Filter)?( \(smp:follicle-dots\))?'

log() { echo "gui-test: [${SECONDS}s] $*"; }
step=start
fail() {
  local shot=$shots/failure-${step}.png
  import -window root "$shot" 2>/dev/null || xwd -root -silent >"${shot%.png}.xwd" || true
  echo "gui-test: FAILED at step '$step': $*" >&2
  echo "gui-test: screenshot: $shot" >&2
  echo "gui-test: windows:" >&2
  local id
  for id in $(xdotool search --onlyvisible --name . 2>/dev/null); do
    echo "  $(xdotool getwindowname "$id" 2>/dev/null)" >&2
  done
  if [ -f "$work/gimp.log" ]; then echo "gui-test: GIMP's output (last lines):" >&2; tail -n 30 "$work/gimp.log" >&2; fi
  exit 1
}
# Waits until a visible window's title matches an extended regular expression; prints its id.
# A poll, not `search --sync`: that one gives up on the X errors of windows vanishing meanwhile.
wait_window() {
  local pattern=$1 timeout=${2:-60} end=$((SECONDS + ${2:-60})) id
  until id=$(xdotool search --onlyvisible --name "$pattern" 2>/dev/null | head -n 1) && [ -n "$id" ]; do
    [ $SECONDS -lt $end ] || fail "no window titled like '$pattern' within ${timeout}s"
    sleep 0.2
  done
  echo "$id"
}
# Waits until no visible window's title matches.
wait_no_window() {
  local pattern=$1 timeout=${2:-60} end=$((SECONDS + ${2:-60}))
  while xdotool search --onlyvisible --name "$pattern" >/dev/null 2>&1; do
    [ $SECONDS -lt $end ] || fail "a window titled like '$pattern' still open after ${timeout}s"
    sleep 0.2
  done
}
focus() { xdotool windowactivate --sync "$1" >/dev/null 2>&1 || xdotool windowfocus --sync "$1"; }
shot() { import -window root "$shots/$1.png" 2>/dev/null || true; }

# ---- X server and window manager ----
step=xvfb
exec 5>"$work/display"
Xvfb -displayfd 5 -screen 0 1280x1024x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
pids+=($!)
exec 5>&-
end=$((SECONDS + 30))
until [ -s "$work/display" ]; do
  [ $SECONDS -lt $end ] || fail "Xvfb did not start"; kill -0 "${pids[0]}" || fail "Xvfb died"
  sleep 0.2
done
export DISPLAY=:$(cat "$work/display")
step=wm
openbox --sm-disable >"$work/openbox.log" 2>&1 &
pids+=($!)
end=$((SECONDS + 30))
until xprop -root _NET_SUPPORTING_WM_CHECK 2>/dev/null | grep -q 'window id'; do
  [ $SECONDS -lt $end ] || fail "openbox did not start"; sleep 0.2
done
log "X display $DISPLAY with openbox"

# ---- GIMP ----
step=gimp-start
gimp-3.0 -n --no-splash "$photo" >"$work/gimp.log" 2>&1 &
pids+=($!)
win=$(wait_window '^smp\[\[photo\] \(imported\)\] layers=1 .*state=-' 120)
focus "$win"
log "GIMP shows the photo: $(xdotool getwindowname "$win")"
shot 1-opened
xdotool windowsize --sync "$win" 1200 960 >/dev/null 2>&1 || true

# Runs a menu entry through GIMP's action search ("/"): types its label, takes the first match.
search_action() {
  focus "$win"
  xdotool key slash
  local search
  search=$(wait_window '^Search Actions$' 30)
  focus "$search"
  xdotool type --delay 20 "$1"
  shot "search-$step"
  xdotool key Return
}

# Saves the image as OUT/NAME.xcf through Save As (ctrl+shift+s), waits until the title shows it
# saved and clean.
save_as() {
  focus "$win"
  xdotool key ctrl+shift+s
  local dialog
  dialog=$(wait_window '^Save Image$' 30)
  focus "$dialog"
  xdotool key ctrl+a
  xdotool type --delay 10 "$SMP_TEST_DIR/$1.xcf"
  xdotool key Return
  wait_window "^smp\[$1\.xcf\] .*state=- " 60 >/dev/null
  log "saved $1.xcf: $(xdotool getwindowname "$win")"
}
xdotool mousemove 0 0

# ---- the Follicle Dots Layer procedure: a new layer above the photo ----
step=procedure
search_action "$procedure_label"
dialog=$(wait_window "^$procedure_title\$" 60)
focus "$dialog"
shot 2-procedure-dialog
xdotool key Return
wait_window '^smp\[.*\] layers=[2-9] .*state=\*' 120 >/dev/null
wait_no_window "^$procedure_title\$" 60
log "procedure done: $(xdotool getwindowname "$win")"
shot 3-procedure-done
step=save-procedure
save_as procedure

# ---- the smp:follicle-dots filter on the photo layer, from the Filters menu entries ----
step=select-photo
focus "$win"
xdotool key Next
wait_window '^smp\[procedure\.xcf\] .*active=\[photo\.png\]' 30 >/dev/null
step=filter
search_action "$filter_label"
dialog=$(wait_window "^$filter_title\$" 60)
focus "$dialog"
shot 4-filter-dialog
xdotool key Return
wait_window '^smp\[procedure\.xcf\] .*state=\*' 120 >/dev/null
wait_no_window "^$filter_title\$" 60
log "filter applied: $(xdotool getwindowname "$win")"
shot 5-filter-done
step=save-filter
save_as filter

# ---- Undo ----
step=undo
focus "$win"
xdotool key ctrl+z
wait_window '^smp\[filter\.xcf\] .*state=\*' 30 >/dev/null
step=save-undo
save_as undo
shot 6-undone

# ---- read the files back ----
step=check
focus "$win"
xdotool key ctrl+q
wait_no_window ' – GIMP$' 60
log "GIMP closed"
step=check
SMP_GUI_OUT=$SMP_TEST_DIR "$SMP_SOURCE_ROOT/tests/gimp/gimp-test.sh" python "$here/gui-check.py" >"$work/check.log" 2>&1 ||
  { grep -v dconf "$work/check.log" >&2; echo "gui-test: FAILED: the saved files do not hold what the window showed" >&2; exit 1; }
grep "smp-test:" "$work/check.log"
log "passed"
