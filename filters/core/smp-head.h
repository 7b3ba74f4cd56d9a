/* The head as a surface: a smooth closed convex dome set by head width, length and height, placed
 * in a picture by the landmarks the hairline op uses, with orthographic top, front and side views.
 * It answers what the flat picture cannot: where a picture point lies on the skin, how much skin a
 * pixel shows, how the picture foreshortens the skin there, tape distances along the surface, and
 * skin areas. Plain C; the model and its sources: docs/head-model.md.
 *
 * Head frame (mm): X towards the person's right, Y towards the face (0 on the line joining the ear
 * canals), Z up (0 in the plane of the glabella, where head length and circumference are
 * measured). The surface is { X, Y, Z : rho(X, Y)^2 + (max(|Z| - Z_w, 0) / (H - Z_w))^2 = 1 }:
 * rho is a superellipse norm whose unit curve is the head outline seen from above (half width
 * a = width / 2; front b_f = 0.49 length, exponent 2.6; back b_b = 0.51 length, exponent 2.2),
 * Z_w = 30 mm the height of the widest section above the glabella plane, H the height of the vertex
 * above the glabella plane. Between -Z_w and Z_w the sides are straight (the outline at every
 * height); the part below the glabella plane only closes the surface; the scalp lies above it.
 *
 * View coordinates (mm, the hairline op's): u to the image right, v up the image (front and side
 * views) or towards the face (top view), about the view's origin landmark, rotated by `angle`:
 * top: u = X, v = Y, origin on the ear-canal line; front: u = -X, v = Z, origin at the glabella;
 * right (profile of the right side, face to the image right): u = Y - Y_glabella, v = Z; left:
 * u = Y_glabella - Y, v = Z, origin at the glabella. */
#pragma once
#include <glib.h>

#include "smp-error.h"

G_BEGIN_DECLS

typedef enum {
  SMP_HEAD_VIEW_FRONT, /* same values as the hairline op's views */
  SMP_HEAD_VIEW_TOP,
  SMP_HEAD_VIEW_RIGHT,
  SMP_HEAD_VIEW_LEFT,
} SmpHeadView;

/* The documented adult head sizes (mm; docs/head-model.md, "Measurements and adult ranges"): the
 * one range and default of every head-size op property, PDB argument and core check. */
#define SMP_HEAD_WIDTH_MIN 120.0
#define SMP_HEAD_WIDTH_MAX 190.0
#define SMP_HEAD_WIDTH_DEFAULT 155.0
#define SMP_HEAD_LENGTH_MIN 160.0
#define SMP_HEAD_LENGTH_MAX 230.0
#define SMP_HEAD_LENGTH_DEFAULT 195.0
#define SMP_HEAD_HEIGHT_MIN 80.0
#define SMP_HEAD_HEIGHT_MAX 140.0
#define SMP_HEAD_HEIGHT_DEFAULT 110.0

typedef struct {
  double ppi;                /* pixels per inch at level 0 */
  SmpHeadView view;          /* */
  double origin_x, origin_y; /* level-0 pixels of the view's origin landmark */
  double angle;              /* degrees, head tilt, counter-clockwise on screen */
  double width;              /* mm, maximum head breadth */
  double length;             /* mm, glabella to the back of the head */
  double height;             /* mm, vertex above the glabella plane */
} SmpHeadParams;

/* A 50th-percentile adult head in a top view: the defaults of the ops' head properties. */
void smp_head_params_init(SmpHeadParams *params);

/* Derived constants; plain data, safe to share between threads. */
#define SMP_HEAD_WALL_SAMPLES 1440

typedef struct {
  SmpHeadParams p;
  double mm_per_px; /* level-0 */
  double cos_a, sin_a;
  double a, b_front, b_back, n_front, n_back;
  double h;      /* vertex above the glabella plane */
  double z_wide; /* the widest section's height above the glabella plane */
  double h_dome; /* the vertex above the widest section */
  double y_glabella;
  /* Bounds over all directions of the top-view equal-area map, for conservative queries. */
  double r_edge_min, r_edge_max, k_min, k_max, map_radius_max;
  /* Arc length of the outline from the front of the midline, towards the person's right, at
   * SMP_HEAD_WALL_SAMPLES + 1 even steps of the angle about the vertex from the back round the left
   * to the back (the straight sides' own coordinate); not filled in for a top view. */
  double wall_arc[SMP_HEAD_WALL_SAMPLES + 1];
} SmpHead;

/* FALSE with `error` set, naming the parameter, when a parameter is out of range. */
gboolean smp_head_init(SmpHead *head, const SmpHeadParams *params, GError **error);

/* View millimetres of a level-0 pixel position, and back. */
void smp_head_view_position(const SmpHead *head, double x, double y, double *u, double *v);
void smp_head_pixel_position(const SmpHead *head, double u, double v, double *x, double *y);

/* A point of the surface as a view sees it. */
typedef struct {
  double pos[3];         /* head frame, mm */
  double normal[3];      /* outward unit normal */
  double area_factor;    /* skin area per picture area (1 / cos slope) */
  double slope;          /* radians between the normal and the direction to the viewer */
  double compress_u;     /* unit vector (view mm) along which the picture compresses the */
  double compress_v;     /*   skin: the slope's direction; (1, 0) where the skin faces the view */
  double foreshortening; /* cos slope: picture length / skin length along that direction */
} SmpHeadPoint;

/* The visible surface point under view position (u, v); FALSE outside the head's silhouette. */
gboolean smp_head_surface_at(const SmpHead *head, double u, double v, SmpHeadPoint *point);

/* Fills the view-dependent fields of `point` (slope, area factor, foreshortening) from its
 * position and normal; returns whether the view sees that side of the skin. */
gboolean smp_head_point_in_view(const SmpHead *head, SmpHeadPoint *point);

/* Normal of the surface at a head-frame point (which need not lie exactly on it). */
void smp_head_normal(const SmpHead *head, const double pos[3], double normal[3]);

/* Orthographic projection of a head-frame point into view mm. */
void smp_head_project(const SmpHead *head, const double pos[3], double *u, double *v);

/* The surface point where the ray from `inside` (a point within the head) along `dir` leaves it. */
void smp_head_surface_along(const SmpHead *head, const double inside[3], const double dir[3],
                            double out[3]);

/* Tape length (mm) from surface point p0 to p1 along the section of the surface by the plane
 * through p0, p1 and `via`, on the arc that passes the side of `via` (e.g. the vertex for a tape
 * laid over the top). */
double smp_head_section_length(const SmpHead *head, const double p0[3], const double p1[3],
                               const double via[3]);

/* Tape length between two surface points along the plane that holds both and their mean normal:
 * how a flexible tape laid between them runs on a convex dome (exact along the midline). */
double smp_head_tape(const SmpHead *head, const double p0[3], const double p1[3]);

/* The same between two visible view positions (mm); -1 if either lies outside the silhouette. */
double smp_head_tape_between(const SmpHead *head, double u0, double v0, double u1, double v1);

/* Tape length up the forehead along the midline from the glabella to `height` mm above the
 * glabella plane, and its inverse: the height above the glabella plane that a tape of `tape` mm
 * laid up the midline from the glabella reaches. */
double smp_head_forehead_tape(const SmpHead *head, double height);
double smp_head_forehead_height(const SmpHead *head, double tape);

/* A hairline design given as skin distances, as a tape measures them on a head of these sizes
 * (view and placement are ignored), to the front-view picture measures the hairline op draws:
 * `height` the tape up the midline from the glabella to the mid-frontal point, `temple` the tape
 * across the forehead between the frontotemporal angles, `recession` how much further up the
 * forehead (tape) the angles lie than the mid-frontal point. FALSE with `error` naming the
 * measure when the head cannot hold it. */
gboolean smp_head_design_from_skin(const SmpHeadParams *head, double *height, double *temple,
                                   double *recession, GError **error);

/* Skin area (mm²) shown by the pixels of a weight mask (0..1 per pixel, row stride `stride`
 * floats) covering [x, x + width) x [y, y + height) at mipmap `level`: the treated skin area of a
 * mask. Pixels outside the silhouette count nothing. */
double smp_head_skin_area(const SmpHead *head, int level, int x, int y, int width, int height,
                          const float *mask, int stride);

/* Skin area (mm²) of the dome above the widest section (all a top view sees), and of its picture
 * in the top view (the outline's area): their ratio is how much a top view underestimates it. */
double smp_head_dome_area(const SmpHead *head);
double smp_head_outline_area(const SmpHead *head);

/* The top view's equal-area map of the dome: picture (view mm) to a plane where areas equal skin
 * areas, directions about the vertex kept. Only for points inside the outline. */
void smp_head_equal_area_forward(const SmpHead *head, double u, double v, double *s, double *t);
/* Its inverse; FALSE for points beyond the image of the outline. `point` (may be NULL) receives
 * the surface point of the dome there, with its view-dependent fields for the head's view. */
gboolean smp_head_equal_area_inverse(const SmpHead *head, double s, double t, double *u, double *v,
                                     SmpHeadPoint *point);
/* The part of the map's plane that bounds below describe more tightly than their rectangle: radii
 * r0..r1 and, unless `full`, directions theta0..theta1 (radians, theta0 <= theta1). */
typedef struct {
  double r0, r1, theta0, theta1;
  gboolean full;
} SmpHeadSector;

/* A rectangle of the map's plane holding the image of the part of a view-mm quadrilateral (four
 * corners, any order around it) inside the outline; FALSE if none of it is inside. `sector` (may
 * be NULL) receives an annular sector that holds it too, to reject points of the rectangle
 * quickly. */
gboolean smp_head_equal_area_bounds(const SmpHead *head, const double corners_u[4],
                                    const double corners_v[4], double *s0, double *t0, double *s1,
                                    double *t1, SmpHeadSector *sector);

/* Skin coordinates that do not depend on the view, in which areas are skin areas: the dome above
 * the widest section through the equal-area map (s, t as above), and the straight sides below it
 * through (arc length along the outline from the front of the midline, positive towards the
 * person's right; height above the glabella plane), from -Z_w to Z_w. The bounds give rectangles
 * of each that hold every point whose picture lies in a view-mm quadrilateral and which the view
 * sees; FALSE if there is none. */
gboolean smp_head_dome_bounds(const SmpHead *head, const double corners_u[4],
                              const double corners_v[4], double *s0, double *t0, double *s1,
                              double *t1, SmpHeadSector *sector);
/* Whether a point (s, t) of the dome's map plane lies in a sector. */
gboolean smp_head_sector_holds(const SmpHeadSector *sector, double s, double t);
gboolean smp_head_wall_bounds(const SmpHead *head, const double corners_u[4],
                              const double corners_v[4], double *s0, double *z0, double *s1,
                              double *z1);
/* The point of the straight sides at arc length `s` and height `z`; FALSE beyond the outline's
 * length or the sides' height. */
gboolean smp_head_wall_point(const SmpHead *head, double s, double z, SmpHeadPoint *point);

/* Fits the head to outline points (level-0 pixels) of a top view (width, length, origin, angle)
 * or a front view (width, height, origin, angle; the outline above the glabella). `fit` holds the
 * starting guess and view and receives the result; returns the RMS distance of the points from
 * the fitted outline in mm, or a negative value (with `error` set) if the fit fails. */
double smp_head_fit_outline(SmpHeadParams *fit, const double *x, const double *y, int n,
                            GError **error);

/* Outline point (view mm) at angle `t` (radians) of the view's silhouette: all round in the top
 * view; in the others the dome's arc above the widest section for t in [0, pi] (the straight sides
 * below it are left out). */
void smp_head_outline_point(const SmpHead *head, double t, double *u, double *v);

G_END_DECLS
