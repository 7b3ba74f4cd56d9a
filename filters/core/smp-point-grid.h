/* smp-point-grid: points in a plane binned by square cells, for "which points lie near here"
 * queries (existing dots around a new one, nearest neighbours). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  double cell;
  int cw, ch;
  int *head; /* first point of each cell, -1 if none */
  int *next; /* next point in the same cell */
  double *xy;
  int n, cap;
} SmpPointGrid;

/* A grid over [0, width) x [0, height) with cells `cell` px square (at least 1); points outside
 * go to the nearest border cell. */
void smp_point_grid_init(SmpPointGrid *grid, int width, int height, double cell);
void smp_point_grid_clear(SmpPointGrid *grid);
/* Adds a point; returns its index (0, 1, 2... in the order of adding). */
int smp_point_grid_add(SmpPointGrid *grid, double x, double y);

/* Visits the points of the cells that overlap the square of half-side `radius` around (x, y). */
typedef struct {
  const SmpPointGrid *grid;
  int gx0, gx1, gy1, gx, gy, id;
} SmpPointGridIter;

void smp_point_grid_iter_init(SmpPointGridIter *it, const SmpPointGrid *grid, double x, double y,
                              double radius);
/* The next point's index, or -1 at the end. */
int smp_point_grid_iter_next(SmpPointGridIter *it);

G_END_DECLS
