#!/usr/bin/env bash
# Fails when a C source is not formatted with the project's .clang-format.
set -euo pipefail
cd "${SMP_SOURCE_ROOT:?run through meson test}"
mapfile -t sources < <(find filters plugin tests bench -name '*.[ch]' -not -name '*-table.c' | sort)
clang-format --dry-run -Werror "${sources[@]}"
echo "1..1"
echo "ok 1 - ${#sources[@]} C files follow .clang-format"
