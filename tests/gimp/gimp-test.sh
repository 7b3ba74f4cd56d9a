#!/usr/bin/env bash
# Runs one integration test script in a real headless gimp-console-3.0 with a throwaway profile
# (GIMP3_DIRECTORY) and XDG folders holding the freshly built module and plug-in.
#
#   gimp-test.sh scheme|python SCRIPT
#
# The script sees the variables SMP_TEST_DIR (a scratch folder) and SMP_SOURCE_ROOT; Script-Fu
# scripts get them as the globals smp-test-dir and smp-source-root, and load tests/gimp/smp-test.scm.
set -euo pipefail
lang=$1 script=$2
: "${SMP_BUILD_ROOT:?run through meson test}" "${SMP_SOURCE_ROOT:?run through meson test}"

work=$(mktemp -d "${TMPDIR:-/tmp}/smp-gimp-test.XXXXXX")
# GIMP runs as a child, not through exec, so that this trap removes the profile afterwards; a
# timeout's signal ends the script through the EXIT trap too.
trap 'rm -rf "$work"' EXIT
trap 'exit 143' TERM INT HUP
export GIMP3_DIRECTORY="$work/profile" XDG_DATA_HOME="$work/data" XDG_CONFIG_HOME="$work/config"
export XDG_CACHE_HOME="$work/cache" SMP_TEST_DIR="$work/out"
export GEGL_USE_OPENCL=no GEGL_SWAP=RAM
unset GIMP_BATCH_INTERPRETER
mkdir -p "$GIMP3_DIRECTORY" "$SMP_TEST_DIR"
"$SMP_SOURCE_ROOT/scripts/install-into" "$SMP_BUILD_ROOT" "$GIMP3_DIRECTORY" "$XDG_DATA_HOME"
# SMP_PLUGIN_BUILD_ROOT: the plug-in from another build (e.g. with AddressSanitizer; GIMP itself
# cannot load a sanitized GEGL module, so the module stays the one of SMP_BUILD_ROOT). Sanitizer
# reports go to files, checked after GIMP quits: the plug-in's exit code does not reach the test.
if [ -n "${SMP_PLUGIN_BUILD_ROOT:-}" ]; then
  install -m 0755 "$SMP_PLUGIN_BUILD_ROOT/plugin/smp-studio" "$GIMP3_DIRECTORY/plug-ins/smp-studio/"
  export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}log_path=$work/sanitizer"
  export UBSAN_OPTIONS="${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}log_path=$work/sanitizer"
fi
# A script may come with SCRIPT-without-extension.setup: run with the profile folder before GIMP
# starts (e.g. to put files there that GIMP meets while it starts).
setup=${script%.*}.setup
if [ -f "$setup" ]; then bash "$setup" "$GIMP3_DIRECTORY"; fi

# GIMP's output, kept to look for CRITICALs once it quits (below).
console() { gimp-console-3.0 "$@" 2>&1 | tee -a "$work/console.log"; }

status=0
case $lang in
  scheme)
    # One batch command: each -b runs in a fresh interpreter, so definitions would not carry over.
    console -i -n --batch-interpreter plug-in-script-fu-eval \
      -b "(begin (define smp-test-dir \"$SMP_TEST_DIR\") \
                 (define smp-source-root \"$SMP_SOURCE_ROOT\") \
                 (load \"$SMP_SOURCE_ROOT/tests/gimp/smp-test.scm\") \
                 (load \"$script\"))" --quit || status=$? ;;
  python)
    console -i -n --batch-interpreter python-fu-eval \
      -b "import sys, runpy; sys.path.insert(0, '$SMP_SOURCE_ROOT/tests/gimp'); runpy.run_path('$script', run_name='__main__')" \
      --quit || status=$? ;;
  *) echo "gimp-test.sh: unknown language '$lang'" >&2; exit 2 ;;
esac
# A CRITICAL logged by a Python script or by the plug-in is an API misused, by the test or by
# smp-studio, which GLib lets pass with a message: it fails the test. GIMP's own are GIMP's, and
# Script-Fu's come from the hostile values its tests hand over on purpose (NaN for a double).
critical='^\((python-eval\.py|smp-studio):[0-9]+\): ([A-Za-z-]+-)?CRITICAL \*\*'
if grep -E "$critical" "$work/console.log" >&2; then
  echo "gimp-test.sh: CRITICALs above, from the test script or the plug-in" >&2
  status=1
fi
# A report counts when its stack passes through smp-studio's own code; the others (allocations
# libgimp makes and drops on its own) are listed only.
if ls "$work"/sanitizer.* >/dev/null 2>&1; then
  python3 - "$work"/sanitizer.* <<'PY' || status=1
import sys
ours = others = 0
for path in sys.argv[1:]:
    for block in open(path, errors="replace").read().split("\n\n"):
        if "/plugin/" in block or "/filters/" in block:
            ours += 1
            print(block, file=sys.stderr)
        elif "leak of" in block:
            others += 1
print(f"gimp-test.sh: sanitized plug-in: {ours} report(s) in smp-studio's code, {others} leak(s) "
      "of libgimp alone", file=sys.stderr)
sys.exit(1 if ours else 0)
PY
fi
exit $status
