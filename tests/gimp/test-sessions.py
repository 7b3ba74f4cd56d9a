"""plug-in-smp-sessions from Python: one layer per session holding only the dots it adds, nested
subsets of the full pattern with lighter shades first, a report that matches the dots drawn, and
byte-identical originals."""
import re

from smp_test import (Gimp, alpha, blobs, check, check_error, check_mirrors, check_range, filter_config,
                      filter_ops, finish, make_image, pixels, run)

PPI = 300.0
W, H = 360, 260
DENSITY = 60.0

image, photo = make_image(W, H, ppi=PPI)
original = pixels(photo)



def session_numbers(report):
    """Dots and hours per session from the report text (GIMP 3.0's Python binding returns the
    int32 and double array values as opaque boxes; Script-Fu reads them: test-sessions.scm)."""
    rows = re.findall(
        r'Session (\d+) \(to (\d+) %\): (\d+) impressions, about (\d+) h (\d+) min', report)
    return [int(r[2]) for r in rows], [int(r[3]) + int(r[4]) / 60 for r in rows]


layers, _, _, area, total, total_hours, report, group, skin = run(
    'plug-in-smp-sessions', image, [photo], coverages='0.3 0.7 1', hair_type='medium-brown',
    skin_tone='monk-4', density=DENSITY, dot_size=0.25, appearance='fresh', seed=3,
    pace=4000.0, merge=True)
dots, hours = session_numbers(report)
check(len(layers) == 3 and len(dots) == 3 and len(hours) == 3, 'three sessions')
check(group.get_children() is not None and image.get_layers()[0] == group,
      'the plan group sits above the photo')
px_per_cm = PPI / 2.54
check_range(area, W * H / px_per_cm ** 2 * 0.999, W * H / px_per_cm ** 2 * 1.001,
            'treated area in cm² = the layer area')
# Hours: needling at the pace plus setting up (1 h the first session, 0.5 h later ones).
SETUP = (1.0, 0.5, 0.5)
for k, added in enumerate((0.3, 0.4, 0.3)):
    check(dots[k] == round(DENSITY * added * area), f'session {k + 1} plans {dots[k]} dots')
    check(abs(hours[k] - dots[k] / 4000.0 - SETUP[k]) < 0.5 / 60,
          f'session {k + 1} takes {hours[k]:.3f} h')
check(total == sum(dots) and abs(total_hours - total / 4000.0 - sum(SETUP)) < 1e-9,
      'totals add up')
# The touch-up advice: a year within 0-10, a share of the dots and the final shade.
advice = re.search(r'Touch-up: after about ([\d.]+) years .* re-impress (\d+) impressions '
                   r'\((\d+) % of the pattern', report)
check(advice is not None, f'the report advises a touch-up: {report!r}')
year, touch_dots, share = float(advice.group(1)), int(advice.group(2)), int(advice.group(3))
# Published: every 2-6 years at practice densities; this sparse test plan fades more slowly.
check_range(year, 2.0, 8.0, f'touch-up after {year} years')
check(abs(touch_dots - share / 100 * total) <= 0.01 * total + 1,
      f'the touch-up re-impresses {share} % of the {total} impressions ({touch_dots})')
check(all(f'Session {k}' in report for k in (1, 2, 3)) and str(total) in report,
      f'the report lists the sessions: {report!r}')
check(pixels(photo) == original, 'photo pixels byte-identical')

# The report matches what was drawn: blobs of ink per session.
planes = [alpha(layer) for layer in layers]
for k, plane in enumerate(planes):
    found = blobs(plane, W, H)
    check_range(found, 0.8 * dots[k], 1.15 * dots[k], f'session {k + 1} draws its planned dots')

# Each session adds dots where none were: no pixel is inked by two sessions.
for k in range(3):
    for j in range(k):
        both = sum(1 for a, b in zip(planes[j], planes[k]) if a >= 128 and b >= 128)
        check(both == 0, f'sessions {j + 1} and {k + 1} do not overlap ({both} px)')

# Together they are the full pattern: the dots of coverage 1 with the same seed.
(full,) = run('plug-in-smp-follicles', image, [photo], hair_type='medium-brown',
              skin_tone='monk-4', density=DENSITY, dot_size=0.25, appearance='fresh', seed=3,
              merge=True)
full_plane = alpha(full)
inked = [i for i, a in enumerate(full_plane) if a >= 128]
covered = sum(1 for i in inked if max(p[i] for p in planes) >= 64)
check_range(covered / len(inked), 0.97, 1.0, 'the sessions together cover the full pattern')
image.remove_layer(full)


# Lighter shade first: the mean lightness of the dot cores grows from the last session back.
def core_lightness(layer):
    rgba = pixels(layer, "R'G'B'A u8")
    values = [sum(rgba[i:i + 3]) / 3 for i in range(0, len(rgba), 4) if rgba[i + 3] >= 128]
    return sum(values) / len(values)


light = [core_lightness(layer) for layer in layers]
check(light[0] > light[1] > light[2], f'lighter shades first: {[round(v) for v in light]}')

# Non-destructive with a selection: editable effects, Erase-mode earlier sessions, the selection's
# area in the report.
image.select_ellipse(Gimp.ChannelOps.REPLACE, 40, 30, 200, 160)
layers, _, _, area, total, total_hours, report, group, skin = run(
    'plug-in-smp-sessions', image, [photo], coverages='0.5, 1', density=DENSITY, dilution=10.0,
    dilution_step=3.0)
check(len(layers) == 2, 'two sessions')
# The op dilutes: session 1 gets the dilution plus one dilution-step, session 2 the dilution alone.
session_dilution = [filter_config(layers[0]).get_property('dilution'),
                    filter_config(layers[1].get_children()[1]).get_property('dilution')]
check(session_dilution == [13.0, 10.0], f'dilution per session {session_dilution}')
check(filter_ops(layers[0]) == ['smp:follicle-dots'], 'session 1 is an effect')
children = layers[1].get_children()
check(len(children) == 2 and children[0].get_mode() == Gimp.LayerMode.ERASE and
      filter_ops(children[0]) == ['smp:follicle-dots'] and
      filter_ops(children[1]) == ['smp:follicle-dots'],
      'session 2 is its dots with session 1 erased, both effects')
ellipse = 3.14159265 * 100 * 80 / px_per_cm ** 2
check_range(area, 0.98 * ellipse, 1.02 * ellipse, 'treated area = the elliptic selection')
check(all(layer.get_mask() is not None for layer in layers), 'each session keeps to the selection')
# One mask per session layer: a second one would fail ("the layer already has one").
check(all(child.get_mask() is None for child in children),
      'the layers inside a session have no mask of their own')
Gimp.Selection.none(image)
check(pixels(photo) == original, 'photo pixels byte-identical after the second plan')

check_mirrors('plug-in-smp-sessions', 'smp:follicle-dots', photo,
              ['density', 'dot-size', 'dilution', 'appearance', 'density-source'])

check_error('plug-in-smp-sessions', image, [photo], ['coverages', 'grow'],
            'coverages that shrink', coverages='0.7 0.3')
check_error('plug-in-smp-sessions', image, [photo], ['coverages', 'abc'],
            'coverages that are not numbers', coverages='0.3 abc')
check_error('plug-in-smp-sessions', image, [photo], ['coverages', '1.5'],
            'a coverage above 1', coverages='0.5 1.5')

finish(__file__)
