#!/usr/bin/env bash
# Drives the real GIMP 3 window under Xvfb from the keyboard and checks what it made. A photo
# (from smp-photo-gen) is opened from the command line; then, each through GIMP's action search
# as a user finds it in the menus:
#   - Follicle Dots Layer: its preview shows on the canvas while the dialog is open and Cancel
#     leaves the image as it was (clean); run again with OK;
#   - each op's "... Filter..." on the photo layer with OK, then Undo;
#   - Scar Camouflage Layer on a selection; its filter opened in GIMP's own editor (Layers dock,
#     fx, edit): the canvas looks the same with the editor open, after Cancel and after OK;
#   - Hairline Layer (previewed), Practitioner Stencil from
#     that design layer (a new image, saved and closed), Session Plan (its report in a message);
#   - Analyse Photo and Calibrate Scale on what they refuse (a patch of scalp without hair, no
#     distance marked): a message naming the problem, the image unchanged and clean;
#   - the saved XCF reopened through File > Open;
#   - Correct Old SMP and Analyse Photo on photos they accept (old SMP, a head), with OK, then
#     one Undo: the photo alone again.
# The image is saved as XCF through Save As after the steps, and gui-check.py reads the files back
# in gimp-console to check layers, filters and pixels. Every step waits on a window title or state
# with a timeout, never a fixed sleep; on a failure a screenshot goes into the build folder and its
# path is printed.
set -euo pipefail
# A step failing inside $(...) fails the test, not only that subshell.
shopt -s inherit_errexit
: "${SMP_BUILD_ROOT:?run through meson test}" "${SMP_SOURCE_ROOT:?run through meson test}"
here=$SMP_SOURCE_ROOT/tests/gui
shots=$SMP_BUILD_ROOT/tests/gui
mkdir -p "$shots"
rm -rf "$shots"/*.png "$shots/files"

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
# A healed scar across the middle, lighter and smoother than the skin, for the scar camouflage.
mogrify -fill '#e6d2bc' -draw 'ellipse 200,160 90,16 0,360' "$photo"
mogrify -units PixelsPerInch -density 300 -define png:exclude-chunks=gAMA,cHRM,sRGB,iCCP,bKGD,tIME,tEXt,zTXt "$photo"

# The filter dialogs' titles: the op's title ("SMP Follicle Dots"), which the action search also
# finds it by, with the op's name in some GIMP versions.
op_title() { echo "^SMP $1( \\(smp:$2\\))?\$"; }

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
  local logfile
  for logfile in xvfb openbox gimp; do
    [ -s "$work/$logfile.log" ] || continue
    echo "gui-test: $logfile's output (last lines):" >&2; tail -n 30 "$work/$logfile.log" >&2
  done
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
# openbox now and then exits at once when several X servers start together: it gets three tries.
start_wm() {
  openbox --sm-disable >>"$work/openbox.log" 2>&1 &
  wm_pid=$!
  pids+=($wm_pid)
}
start_wm
tries=1 end=$((SECONDS + 30))
until xprop -root _NET_SUPPORTING_WM_CHECK 2>/dev/null | grep -q 'window id'; do
  [ $SECONDS -lt $end ] || fail "openbox did not start"
  if ! kill -0 "$wm_pid" 2>/dev/null; then
    [ $tries -lt 3 ] || fail "openbox exited $tries times"
    tries=$((tries + 1)); start_wm
  fi
  sleep 0.2
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
# The search window is gone before the next search opens it.
search_action() {
  wait_no_window '^Search Actions$' 30
  focus "$win"
  xdotool key slash
  local search
  search=$(wait_window '^Search Actions$' 30)
  focus "$search"
  xdotool type --delay 20 "$1"
  shot "search-$step"
  xdotool key Return
  wait_no_window '^Search Actions$' 30
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
# Waits for the image window's title to match (after "smp["), e.g. 'procedure\.xcf\] layers=2'.
wait_title() { wait_window "^smp\[$1" "${2:-120}" >/dev/null; }
title() { xdotool getwindowname "$win"; }
# The number of layers the title shows now (those in groups included).
layers() { title | sed -n 's/.* layers=\([0-9]*\) .*/\1/p'; }
# Waits until the image holds more than N layers and is dirty.
wait_more_layers() {
  local end=$((SECONDS + ${2:-120}))
  until [ "$(layers)" -gt "$1" ] && title | grep -q 'state=\*'; do
    [ $SECONDS -lt $end ] || fail "no more than $1 layers after ${2:-120}s: $(title)"
    sleep 0.2
  done
}

# Opens a menu entry's dialog through the action search; prints the dialog's id, focused.
open_dialog() {
  search_action "$1"
  local dialog
  dialog=$(wait_window "$2" 60)
  focus "$dialog"
  echo "$dialog"
}

# Accepts a dialog with Return and waits until it is gone.
accept() {
  focus "$1"
  xdotool key Return
  wait_no_window "$2" 120
}

# A message GIMP shows for a plug-in: waits for it, keeps a screenshot, closes it.
dismiss_message() {
  local message
  message=$(wait_window "$1" 120)
  shot "message-$step"
  focus "$message"
  xdotool key Return
  wait_no_window "$1" 30
}
message_title='^(GIMP Message|smp-studio Message|.*Message)$'

# The bottom layer (the photo) or the top one, by GIMP's layer-selection keys. Those reach the
# canvas only while it has the keyboard focus, which a closed dialog or message leaves elsewhere:
# a middle click (panning by nothing) on the empty canvas beside the image gives it back.
select_layer() {
  focus "$win"
  xdotool mousemove --window "$win" 120 300 click 2 mousemove 0 0
  case $1 in bottom) xdotool key End ;; top) xdotool key Home ;; esac
  wait_title "$2" 30
}

xdotool mousemove 0 0

# ---- the Follicle Dots Layer procedure: previewed, cancelled, then accepted ----
step=procedure-preview
dialog=$(open_dialog 'Follicle Dots Layer' '^Follicle Dots$')
shot 2-procedure-dialog
# The preview's layer is on the canvas while the dialog is open; the selection stays on the photo.
wait_title '.* layers=2 active=\[photo\.png\]' 60
shot 2-procedure-preview
step=procedure-cancel
focus "$dialog"
xdotool key Escape
wait_no_window '^Follicle Dots$' 60
wait_title '\[photo\] \(imported\)\] layers=1 active=\[photo\.png\] state=-' 60
log "Cancel left the image as it was: $(title)"
step=procedure
dialog=$(open_dialog 'Follicle Dots Layer' '^Follicle Dots$')
accept "$dialog" '^Follicle Dots$'
wait_title '.* layers=2 active=\[SMP dots .*state=\*' 120
log "procedure done: $(title)"
shot 3-procedure-done
step=save-procedure
save_as procedure

# ---- each op from the Filters menu on the photo layer, with OK; then Undo ----

for op in 'follicle-dots:Follicle Dots' 'hairline-mask:Hairline Mask' 'scar-camouflage:Scar Camouflage'; do
  name=${op%%:*} label=${op#*:}
  step=filter-$name
  select_layer bottom '.* active=\[photo\.png\]'
  dialog=$(open_dialog "SMP $label" "$(op_title "$label" "$name")")
  shot "4-filter-$name-dialog"
  log "the filter's dialog: $(xdotool getwindowname "$dialog")"
  accept "$dialog" "$(op_title "$label" "$name")"
  wait_title '.* state=\*' 120
  log "filter $name applied: $(title)"
  shot "5-filter-$name-done"
  step=save-filter-$name
  save_as "filter-$name"
  step=undo-$name
  focus "$win"
  xdotool key ctrl+z
  wait_title "filter-$name\.xcf\] .*state=\*" 30
  step=save-undo-$name
  save_as "undo-$name"
done

# ---- Scar Camouflage Layer on a selection ----
step=scar
focus "$win"
xdotool key ctrl+a
# On top of the stack, the scar layer is the first row of the Layers dock (edited below).
select_layer top '.* active=\[SMP dots '
n=$(layers)
dialog=$(open_dialog 'Scar Camouflage Layer' '^Scar Camouflage$')
shot 8-scar-dialog
accept "$dialog" '^Scar Camouflage$'
wait_title ".* layers=$((n + 1)) active=\[SMP scar camouflage .*state=\*" 180
focus "$win"
xdotool key ctrl+shift+a
save_as scar

# ---- the scar layer's filter edited in GIMP's own editor: the same look when it opens, after
# Cancel and after OK (a property GIMP could not carry would fall back to its default) ----
step=edit-filter
# Where the default theme puts things in a 1200 x 960 window with the Layers dock open: the
# first row's effects (fx) button, then in its popover the first effect and the edit button.
fx_button='1048 191' effect_row='993 91' edit_button='973 144'
# The left part of the image on the canvas, clear of the editor's dialog.
canvas='360x290+412+370'
look() { import -window root -crop "$canvas" +repage ppm:- 2>/dev/null | md5sum; }
# Waits until the canvas shows LOOK again (the editor renders its preview in chunks).
wait_look() {
  local end=$((SECONDS + 60))
  until [ "$(look)" = "$1" ]; do
    [ $SECONDS -lt $end ] || fail "the canvas does not show the layer as before ($2)"
    sleep 0.2
  done
}
# Waits until a part of the screen changes from what it showed.
wait_change() {
  local before=$2 end=$((SECONDS + 30))
  while [ "$(import -window root -crop "$1" +repage ppm:- 2>/dev/null | md5sum)" = "$before" ]; do
    [ $SECONDS -lt $end ] || fail "the screen at $1 did not change"
    sleep 0.2
  done
}
dock='40x40+1028+171'
focus "$win"
before_dock=$(import -window root -crop "$dock" +repage ppm:- 2>/dev/null | md5sum)
xdotool key ctrl+l
wait_change "$dock" "$before_dock"
wait_title 'scar\.xcf\] .*state=-' 30
scar_look=$(look)
popover='180x40+980+70'
crop() { import -window root -crop "$1" +repage ppm:- 2>/dev/null | md5sum; }
# Opens the first effect of the first row in GIMP's filter editor; sets `editor`. The effects
# popover may still be open from the last edit: a click on fx would then close it, so the click
# only comes when the popover does not show as it did the first time.
open_editor() {
  if [ -z "${popover_look:-}" ]; then
    local before
    before=$(crop "$popover")
    xdotool mousemove $fx_button click 1 mousemove 0 0
    wait_change "$popover" "$before"
    popover_look=$(crop "$popover")
  elif [ "$(crop "$popover")" != "$popover_look" ]; then
    xdotool mousemove $fx_button click 1 mousemove 0 0
    local end=$((SECONDS + 30))
    until [ "$(crop "$popover")" = "$popover_look" ]; do
      [ $SECONDS -lt $end ] || fail "the effects popover did not open"
      sleep 0.2
    done
  fi
  xdotool mousemove $effect_row click 1 mousemove $edit_button click 1 mousemove 0 0
  editor=$(wait_window '^Scar camouflage$' 60)
}
open_editor
shot 8-scar-editor
wait_look "$scar_look" 'the editor opened'
log "the editor shows the layer as it was"
focus "$editor"
xdotool key Escape
wait_no_window '^Scar camouflage$' 30
wait_look "$scar_look" 'after Cancel'
wait_title 'scar\.xcf\] .*state=-' 30
open_editor
wait_look "$scar_look" 'the editor opened again'
accept "$editor" '^Scar camouflage$'
wait_look "$scar_look" 'after OK'
log "Cancel and OK keep the look: $(title)"
save_as scar-edited

# ---- Hairline Layer, previewed; the stencil from that design layer ----
step=hairline
select_layer bottom '.* active=\[photo\.png\]'
n=$(layers)
dialog=$(open_dialog 'Hairline Layer' '^Hairline$')
wait_title ".* layers=$((n + 1)) active=\[photo\.png\]" 60
shot 6-hairline-preview
accept "$dialog" '^Hairline$'
wait_title ".* layers=$((n + 1)) active=\[SMP hairline \(mask\)\] state=\*" 120
save_as hairline
step=stencil
dialog=$(open_dialog 'Practitioner Stencil' '^Practitioner Stencil \(1:1 PDF\)$')
shot 7-stencil-dialog
accept "$dialog" '^Practitioner Stencil \(1:1 PDF\)$'
wait_title '\[Untitled\]\] layers=[0-9]+ ' 180
shot 7-stencil
save_as stencil
focus "$win"
xdotool key ctrl+w
wait_title "hairline\\.xcf\\] layers=$((n + 1)) .*state=-" 60
hairline_layers=$((n + 1))


# ---- Session Plan: its report in a message ----
step=sessions
select_layer bottom '.* active=\[photo\.png\]'
n=$(layers)
dialog=$(open_dialog 'Session Plan' '^Session Plan$')
accept "$dialog" '^Session Plan$'
dismiss_message "$message_title"
wait_more_layers "$n" 60
n=$(layers)
save_as sessions

# ---- Analyse Photo: a report; Calibrate Scale with no distance marked: refused ----
step=analyse
dialog=$(open_dialog 'Analyse Photo' '^Analyse Photo$')
accept "$dialog" '^Analyse Photo$'
dismiss_message "$message_title"
step=calibrate
dialog=$(open_dialog 'Calibrate Scale' '^Calibrate Scale$')
accept "$dialog" '^Calibrate Scale$'
dismiss_message "$message_title"
wait_title "sessions\\.xcf\\] layers=$n .*state=-" 30
log "analysed and refused calibration: $(title)"

# ---- reopened through File > Open ----
step=reopen
focus "$win"
xdotool key ctrl+o
dialog=$(wait_window '^Open Image$' 30)
focus "$dialog"
xdotool key ctrl+a
xdotool type --delay 10 "$SMP_TEST_DIR/hairline.xcf"
xdotool key Return
wait_title "hairline\\.xcf\\] layers=$hairline_layers .*state=-" 60
shot 9-reopened
step=save-reopened
save_as reopened

# ---- Correct Old SMP and Analyse Photo on photos they accept, with OK; then one Undo ----
# Each adds several layers in one undo step: after one Ctrl+Z the photo stands alone again, clean
# of them (gui-check.py compares its pixels with the file's).
undo_photo_procedure() {
  local name=$1 label=$2 dialog_title=$3 added=$4
  step=$name
  focus "$win"
  xdotool key ctrl+o
  local dialog
  dialog=$(wait_window '^Open Image$' 30)
  focus "$dialog"
  xdotool key ctrl+a
  xdotool type --delay 10 "$SMP_TEST_DIR/$name.png"
  xdotool key Return
  wait_title "\\[$name\\] \\(imported\\)\\] layers=1 .*state=-" 60
  dialog=$(open_dialog "$label" "$dialog_title")
  accept "$dialog" "$dialog_title"
  dismiss_message "$message_title"
  wait_title "\\[$name\\] \\(imported\\)\\] layers=$((1 + added)) .*state=\\*" 180
  log "$name added $added layers: $(title)"
  shot "10-$name"
  save_as "$name"
  step=undo-$name
  focus "$win"
  xdotool key ctrl+z
  wait_title "$name\\.xcf\\] layers=1 .*state=\\*" 30
  log "one Undo: $(title)"
  save_as "undo-$name"
}
# Old SMP with planted faults, 17 x 14 mm at 600 ppi; a head seen from above with bald scalp,
# stubble and long hair, 54 mm square at 300 ppi.
"$SMP_BUILD_ROOT/tests/photo/smp-photo-gen" faults -o "$SMP_TEST_DIR/correction.png" --width 400 \
  --height 320 --ppi 600 --seed 5 >/dev/null
"$SMP_BUILD_ROOT/tests/photo/smp-photo-gen" -o "$SMP_TEST_DIR/analysis.png" --width 640 \
  --height 640 --ppi 300 --centre-x 50 --centre-y -10 --bald 30 --monk 5 --hair dark-brown \
  --seed 35 --light-elevation 40 >/dev/null
for file in correction:600 analysis:300; do
  mogrify -units PixelsPerInch -density "${file#*:}" \
    -define png:exclude-chunks=gAMA,cHRM,sRGB,iCCP,bKGD,tIME,tEXt,zTXt "$SMP_TEST_DIR/${file%%:*}.png"
done
undo_photo_procedure correction 'Correct Old SMP' '^Correct Old SMP$' 4
undo_photo_procedure analysis 'Analyse Photo' '^Analyse Photo$' 3

# ---- read the files back ----
step=quit
focus "$win"
xdotool key ctrl+q
wait_no_window ' – GIMP$' 60
log "GIMP closed"
step=check
SMP_GUI_OUT=$SMP_TEST_DIR "$SMP_SOURCE_ROOT/tests/gimp/gimp-test.sh" python "$here/gui-check.py" >"$work/check.log" 2>&1 ||
  { grep -v dconf "$work/check.log" >&2
    mkdir -p "$shots/files" && cp "$SMP_TEST_DIR"/*.xcf "$SMP_TEST_DIR"/*.png "$shots/files/"
    echo "gui-test: FAILED: the saved files do not hold what the window showed (kept in $shots/files)" >&2
    exit 1; }
grep "smp-test:" "$work/check.log"
log "passed"
