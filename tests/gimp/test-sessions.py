"""plug-in-smp-sessions from Python: one layer per session holding only the dots it adds, nested
subsets of the full pattern with lighter shades first, a report that matches the dots drawn, and
byte-identical originals."""
import math
import re

from smp_test import (Gimp, alpha, blobs, check, check_error, check_mirrors, check_range, filter_config,
                      filter_ops, finish, log, make_image, pixels, run)

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

# ---- On the domed head: the plan counts the skin the pixels show (docs/head-model.md). --------
# The head model's dome above its widest section, as docs/head-model.md gives it, for an
# independent skin area: z = Z_w + H_d sqrt(1 - rho^2), rho a superellipse norm of the outline.
HEAD_W, HEAD_L, HEAD_H, Z_WIDE = 155.0, 195.0, 110.0, 30.0


def area_factor(x, y):
    """Skin per picture area at head-frame (x, y) mm of a top view: sqrt(1 + |grad z|^2)."""
    n, b = (2.6, 0.49 * HEAD_L) if y >= 0 else (2.2, 0.51 * HEAD_L)
    a = HEAD_W / 2
    px, py = (abs(x) / a) ** n, (abs(y) / b) ** n
    rho = (px + py) ** (1 / n)
    if rho >= 1.0:
        return None
    if rho == 0.0:
        return 1.0
    gx = rho ** (1 - n) * (abs(x) / a) ** (n - 1) / a
    gy = rho ** (1 - n) * (abs(y) / b) ** (n - 1) / b
    slope = (HEAD_H - Z_WIDE) * rho / math.sqrt(1 - rho * rho)
    return math.sqrt(1 + slope * slope * (gx * gx + gy * gy))


DOME_PPI, DW, DH, DOME_DENSITY = 80.0, 560, 680, 15.0
MM = 25.4 / DOME_PPI
OX, OY = DW / 2, DH / 2
dome_image, dome_photo = make_image(DW, DH, ppi=DOME_PPI, name='top view')
dome_original = pixels(dome_photo)
# The crown and the slopes around it: 60 x 75 mm half axes about the ear-canal line's midpoint.
dome_image.select_ellipse(Gimp.ChannelOps.REPLACE, OX - 60 / MM, OY - 75 / MM, 120 / MM, 150 / MM)
selection = pixels(dome_image.get_selection(), 'Y u8')
expected_picture = expected_skin = 0.0
for j in range(DH):
    for i in range(DW):
        weight = selection[j * DW + i] / 255.0
        if weight > 0.0:
            # Image y grows downwards, the top view's v towards the face (the top of the image).
            factor = area_factor((i + 0.5 - OX) * MM, (OY - j - 0.5) * MM)
            expected_picture += weight * MM * MM / 100
            expected_skin += weight * (factor or 0.0) * MM * MM / 100
dome = dict(coverages='0.3 0.7 1', hair_type='medium-brown', skin_tone='monk-4',
            density=DOME_DENSITY, dot_size=0.8, appearance='fresh', seed=5, merge=True,
            surface='dome', view='top', origin_x=OX, origin_y=OY)
layers, _, _, area, total, total_hours, report, group, skin = run(
    'plug-in-smp-sessions', dome_image, [dome_photo], **dome)
check_range(area, 0.995 * expected_picture, 1.005 * expected_picture,
            f'dome plan: picture area {area:.2f} cm² (expected {expected_picture:.2f})')
check_range(skin, 0.99 * expected_skin, 1.01 * expected_skin,
            f'dome plan: treated skin {skin:.2f} cm² (expected {expected_skin:.2f})')
check(skin > 1.1 * area, f'the dome shows more skin ({skin:.1f}) than the picture ({area:.1f})')
dots, hours = session_numbers(report)
for k, added in enumerate((0.3, 0.4, 0.3)):
    check(abs(dots[k] - DOME_DENSITY * added * skin) <= 1,
          f'dome session {k + 1} plans {dots[k]} impressions on {skin:.1f} cm² of skin')
    check(abs(hours[k] - dots[k] / 3500.0 - SETUP[k]) < 0.5 / 60,
          f'dome session {k + 1} takes {hours[k]:.3f} h')
check(f'Treated skin: {skin:.1f} cm²' in report and f'{area:.1f} cm² in the picture' in report,
      f'the report gives the skin and the picture area: {report!r}')
# The op draws what the plan counts: dots per session on the skin's density.
for k, layer in enumerate(layers):
    found = blobs(alpha(layer), layer.get_width(), layer.get_height())
    check_range(found, 0.9 * dots[k], 1.1 * dots[k],
                f'dome session {k + 1} draws {found} of its {dots[k]} planned impressions')
# Flat, the same plan counts the picture's area.
flat = dict(dome, surface='flat')
_, _, _, flat_area, flat_total, _, _, _, flat_skin = run(
    'plug-in-smp-sessions', dome_image, [dome_photo], **flat)
check(flat_skin == flat_area and abs(flat_area - area) < 0.005 * area,
      f'flat: skin area = picture area ({flat_skin:.2f} cm²)')
check_range(total / flat_total, 0.99 * skin / flat_area, 1.01 * skin / flat_area,
            'the dome plan has as many more impressions as it has more skin')
Gimp.Selection.none(dome_image)
check(pixels(dome_photo) == dome_original, 'dome plan: photo pixels byte-identical')
for procedure in ('plug-in-smp-sessions', 'plug-in-smp-follicles'):
    check_mirrors(procedure, 'smp:follicle-dots', dome_photo,
                  ['surface', 'view', 'angle', 'head-width', 'head-length', 'head-height'])
dome_image.delete()

# ---- A Norwood 5 against published session lengths (docs/impression-model.md). -------------
# The stage's area to treat from above, on a default head at 50 ppi; the plan at the defaults
# (dark-brown, 165 impressions/cm², 3,500 an hour, 1 / 0.5 / 0.5 h of setting up).
N_PPI, NW, NH = 50.0, 420, 480
n_image, n_photo = make_image(NW, NH, ppi=N_PPI, name='Norwood 5 from above')
(mask, _, _) = run('plug-in-smp-hairline', n_image, [n_photo], view='top', pattern='norwood-5',
                   area='treatment', origin_x=NW / 2, origin_y=NH / 2, merge=True)
_, _, _, n_area, n_total, n_hours, n_report, _, n_skin = run(
    'plug-in-smp-sessions', n_image, [n_photo], coverages='0.3 0.7 1', hair_type='dark-brown',
    density_from=mask, surface='dome', view='top', origin_x=NW / 2, origin_y=NH / 2)
n_dots, n_session_hours = session_numbers(n_report)
log(f'Norwood 5: {n_area:.1f} cm² from above, {n_skin:.1f} cm² of skin, '
    f'{n_dots} impressions, {[round(h, 2) for h in n_session_hours]} h, {n_hours:.2f} h in all')
# The model's ratio of skin to top view for this stage (docs/impression-model.md): 1.25.
check_range(n_skin / n_area, 1.2, 1.3, 'a Norwood 5 shows a quarter more skin than its top view')
# Published sessions last 2-4 h (Gerow) or 3-5 h (three sessions for a Norwood 5).
for k, h in enumerate(n_session_hours):
    check_range(h, 2.0, 5.0, f'Norwood 5 session {k + 1} lasts 2-5 h, as published')
check_range(n_hours, 0.9 * 9.0, 15.0, 'the Norwood 5 plan takes about 9-15 h in all')
n_image.delete()

finish(__file__)
