#!/usr/bin/env python3
"""Fails when a source file runs to more than about 800 lines, or a C function to more than about
80 without a reason written above it.

"About" allows a tenth more (880 and 88 lines), so that a small change does not fail the build. A
function may be longer when the comment right above it says why, in a sentence that starts with
"Long because". Lines are counted from a function's name to its closing brace; sources are what
git tracks (or, outside a checkout, what lies) below filters, plugin, tests, bench and scripts,
generated tables left out."""
import os
import re
import subprocess
import sys

FILE_LINES, FUNCTION_LINES = 880, 88
DIRS = ('filters', 'plugin', 'tests', 'bench', 'scripts')
SOURCE = re.compile(r'\.(c|h|py|scm|sh)$')
# A function definition in the project's style: the return type on a line of its own, the name
# at the start of the next, the body's braces at the start of their lines.
RETURN_TYPE = re.compile(r'^[A-Za-z_][\w \t*]*$')
NAME = re.compile(r'^([A-Za-z_]\w*)\s*\(')


def sources(root):
    try:
        listed = subprocess.run(['git', '-C', root, 'ls-files', *DIRS], check=True,
                                capture_output=True, text=True).stdout.split('\n')
    except (OSError, subprocess.CalledProcessError):
        listed = [os.path.relpath(os.path.join(top, name), root)
                  for d in DIRS for top, _, names in os.walk(os.path.join(root, d))
                  for name in names]
    return sorted(f for f in listed if SOURCE.search(f) and not f.endswith('-table.c'))


def reason_above(lines, start):
    """Whether the comment right above line `start` (the return type's) says why it is long."""
    i = start - 1
    while i >= 0 and lines[i].lstrip().startswith(('/*', '*')):
        if 'long because' in lines[i].lower():
            return True
        i -= 1
    return False


def long_functions(lines):
    """(name, first line, length) of each C function over FUNCTION_LINES without a reason."""
    i = 0
    while i < len(lines):
        m = NAME.match(lines[i])
        if m and i > 0 and RETURN_TYPE.match(lines[i - 1]):
            body = i
            while body < len(lines) and not lines[body].startswith('{') and \
                    not lines[body].rstrip().endswith(';'):
                body += 1
            if body < len(lines) and lines[body].startswith('{'):
                end = body
                while end < len(lines) and not lines[end].startswith('}'):
                    end += 1
                length = end - i + 1
                if length > FUNCTION_LINES and not reason_above(lines, i - 1):
                    yield m.group(1), i + 1, length
                i = end
        i += 1


def main():
    root = os.environ.get('SMP_SOURCE_ROOT') or os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    problems = []
    files = sources(root)
    for path in files:
        with open(os.path.join(root, path), encoding='utf-8', errors='replace') as f:
            lines = f.read().splitlines()
        if len(lines) > FILE_LINES:
            problems.append(f'{path}: {len(lines)} lines, more than {FILE_LINES}')
        if path.endswith('.c'):
            for name, first, length in long_functions(lines):
                problems.append(f'{path}:{first}: {name}() runs {length} lines, more than '
                                f'{FUNCTION_LINES}, with no "Long because" comment above it')
    print('1..1')
    for problem in problems:
        print('#', problem)
    print(('not ok' if problems else 'ok') +
          f' 1 - {len(files)} sources within {FILE_LINES} lines, their functions within '
          f'{FUNCTION_LINES}')
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
