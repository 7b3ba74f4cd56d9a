/* smp-point-grid: points binned by square cells. See smp-point-grid.h. */
#include "smp-point-grid.h"

#include <math.h>

void
smp_point_grid_init(SmpPointGrid *g, int w, int h, double cell)
{
  g->cell = MAX(cell, 1.0);
  g->cw = MAX(1, (int)ceil(w / g->cell));
  g->ch = MAX(1, (int)ceil(h / g->cell));
  g->head = g_new(int, (gsize)g->cw * g->ch);
  for (gsize i = 0; i < (gsize)g->cw * g->ch; i++)
    g->head[i] = -1;
  g->n = 0;
  g->cap = 64;
  g->next = g_new(int, g->cap);
  g->xy = g_new(double, 2 * g->cap);
}

void
smp_point_grid_clear(SmpPointGrid *g)
{
  g_free(g->head);
  g_free(g->next);
  g_free(g->xy);
}

int
smp_point_grid_add(SmpPointGrid *g, double x, double y)
{
  if (g->n == g->cap) {
    g->cap *= 2;
    g->next = g_renew(int, g->next, g->cap);
    g->xy = g_renew(double, g->xy, 2 * g->cap);
  }
  int cx = CLAMP((int)(x / g->cell), 0, g->cw - 1), cy = CLAMP((int)(y / g->cell), 0, g->ch - 1);
  int c = cy * g->cw + cx, id = g->n++;
  g->xy[2 * id] = x;
  g->xy[2 * id + 1] = y;
  g->next[id] = g->head[c];
  g->head[c] = id;
  return id;
}

void
smp_point_grid_iter_init(SmpPointGridIter *it, const SmpPointGrid *g, double x, double y,
                         double radius)
{
  it->grid = g;
  it->gx0 = CLAMP((int)floor((x - radius) / g->cell), 0, g->cw - 1);
  it->gx1 = CLAMP((int)floor((x + radius) / g->cell), 0, g->cw - 1);
  it->gy1 = CLAMP((int)floor((y + radius) / g->cell), 0, g->ch - 1);
  it->gy = CLAMP((int)floor((y - radius) / g->cell), 0, g->ch - 1);
  it->gx = it->gx0;
  it->id = g->head[it->gy * g->cw + it->gx];
}

int
smp_point_grid_iter_next(SmpPointGridIter *it)
{
  const SmpPointGrid *g = it->grid;
  while (it->id < 0) {
    if (++it->gx > it->gx1) {
      it->gx = it->gx0;
      if (++it->gy > it->gy1)
        return -1;
    }
    it->id = g->head[it->gy * g->cw + it->gx];
  }
  int id = it->id;
  it->id = g->next[id];
  return id;
}
