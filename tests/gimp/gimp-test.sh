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
# A script may come with SCRIPT-without-extension.setup: run with the profile folder before GIMP
# starts (e.g. to put files there that GIMP meets while it starts).
setup=${script%.*}.setup
if [ -f "$setup" ]; then bash "$setup" "$GIMP3_DIRECTORY"; fi

case $lang in
  scheme)
    # One batch command: each -b runs in a fresh interpreter, so definitions would not carry over.
    gimp-console-3.0 -i -n --batch-interpreter plug-in-script-fu-eval \
      -b "(begin (define smp-test-dir \"$SMP_TEST_DIR\") \
                 (define smp-source-root \"$SMP_SOURCE_ROOT\") \
                 (load \"$SMP_SOURCE_ROOT/tests/gimp/smp-test.scm\") \
                 (load \"$script\"))" --quit ;;
  python)
    gimp-console-3.0 -i -n --batch-interpreter python-fu-eval \
      -b "import sys, runpy; sys.path.insert(0, '$SMP_SOURCE_ROOT/tests/gimp'); runpy.run_path('$script', run_name='__main__')" \
      --quit ;;
  *) echo "gimp-test.sh: unknown language '$lang'" >&2; exit 2 ;;
esac
