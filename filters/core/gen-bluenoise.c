/* gen-bluenoise: builds the toroidal blue-noise point set that places follicular units, and writes
 * it as a C table.
 *
 *   gen-bluenoise OUTPUT.c [--stats]
 *
 * The set holds SMP_BLUENOISE_COUNT points in the unit square with wrap-around. It is grown by dart
 * throwing with a slowly shrinking exclusion radius (McCool & Fiume), so the insertion order is a
 * progressive ranking: every prefix is itself a near-maximal Poisson-disk set at a larger radius.
 * Rounds of two corrections follow: a flow down the gradient of the large-scale density excess
 * (so any window of a few hundred points holds very nearly its share), and a relaxation that
 * separates the closest pairs only, which raises the minimum distance without pulling the pattern
 * towards a hexagonal lattice. The points are stored sorted into SMP_BLUENOISE_BUCKETS^2 buckets
 * so that a query visits only nearby points. --stats prints quality measures on stderr.
 *
 * The table is built with IEEE-exact arithmetic only (+ - * / sqrt; the statistics use libm) and
 * the build disables FMA contraction, so it is identical on every platform. */
#include "smp-bluenoise.h"
#include "smp-random.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N SMP_BLUENOISE_COUNT

typedef struct {
  double x, y;
} Point;

/* Squared toroidal distance. */
static double
dist2(Point a, Point b)
{
  double dx = fabs(a.x - b.x), dy = fabs(a.y - b.y);
  if (dx > 0.5)
    dx = 1.0 - dx;
  if (dy > 0.5)
    dy = 1.0 - dy;
  return dx * dx + dy * dy;
}

static int
wrap(int i, int n)
{
  i %= n;
  return i < 0 ? i + n : i;
}

/* Radius of the densest (hexagonal) packing of n points in unit area: Lagae & Dutré's r_max. */
static double
r_max_for(double n)
{
  return sqrt(2.0 / (sqrt(3.0) * n));
}

/* Grows the progressive Poisson-disk set; returns the final exclusion radius. */
static double
throw_darts(Point *pts, SmpRng *rng, double darts_per_point)
{
  /* Cells of side <= r_floor / sqrt 2 hold at most one point each at any radius >= r_floor. */
  const double r_floor = 0.55 * r_max_for(N);
  const int grid = (int)floor(sqrt(2.0) / r_floor) + 1;
  const double cell = 1.0 / grid;
  int *owner = malloc(sizeof(int) * grid * grid);
  for (int i = 0; i < grid * grid; i++)
    owner[i] = -1;

  /* 1/r^2 grows linearly with the dart count, so a near-maximal set at radius r (about 0.7/r^2
   * points) grows at a steady number of darts per accepted point; r_floor is reached only after
   * more points than N would fit at a maximal radius. */
  const double darts_total = darts_per_point * N;
  const double r2_floor = r_floor * r_floor;
  double r2 = 1.0;
  int count = 0;
  for (double dart = 1.0; count < N; dart += 1.0) {
    r2 = r2_floor * (darts_total / dart);
    if (dart > darts_total) {
      fprintf(stderr, "gen-bluenoise: radius floor reached with %d points\n", count);
      exit(1);
    }
    Point p = {smp_rng_unit(rng), smp_rng_unit(rng)};
    double r = sqrt(r2);
    gboolean ok = TRUE;
    int reach = (int)ceil(r / cell);
    if ((2 * reach + 1) * (2 * reach + 1) > count) {
      for (int i = 0; i < count && ok; i++)
        ok = dist2(p, pts[i]) >= r2;
    } else {
      int cx = (int)(p.x * grid), cy = (int)(p.y * grid);
      for (int dy = -reach; dy <= reach && ok; dy++)
        for (int dx = -reach; dx <= reach && ok; dx++) {
          int o = owner[wrap(cy + dy, grid) * grid + wrap(cx + dx, grid)];
          if (o >= 0)
            ok = dist2(p, pts[o]) >= r2;
        }
    }
    if (ok) {
      int c = (int)(p.y * grid) * grid + (int)(p.x * grid);
      if (owner[c] >= 0) {
        fprintf(stderr, "gen-bluenoise: grid cell holds two points\n");
        exit(1);
      }
      owner[c] = count;
      pts[count++] = p;
    }
  }
  free(owner);
  return sqrt(r2);
}

/* Neighbour lists on a uniform grid with wrap-around, rebuilt per relaxation pass. */
typedef struct {
  int grid;
  int *start; /* grid*grid + 1 offsets */
  int *items;
} Grid;

static void
grid_build(Grid *g, const Point *pts, int n, double min_cell)
{
  g->grid = (int)floor(1.0 / min_cell);
  if (g->grid < 1)
    g->grid = 1;
  int cells = g->grid * g->grid;
  g->start = calloc(cells + 1, sizeof(int));
  g->items = malloc(sizeof(int) * n);
  int *cell_of = malloc(sizeof(int) * n);
  for (int i = 0; i < n; i++) {
    int cx = (int)(pts[i].x * g->grid) % g->grid, cy = (int)(pts[i].y * g->grid) % g->grid;
    cell_of[i] = cy * g->grid + cx;
    g->start[cell_of[i] + 1]++;
  }
  for (int c = 0; c < cells; c++)
    g->start[c + 1] += g->start[c];
  int *fill = malloc(sizeof(int) * cells);
  memcpy(fill, g->start, sizeof(int) * cells);
  for (int i = 0; i < n; i++)
    g->items[fill[cell_of[i]]++] = i;
  free(fill);
  free(cell_of);
}

static void
grid_free(Grid *g)
{
  free(g->start);
  free(g->items);
}

/* Called for each point near point i, with the toroidal offset (ex, ey) from i to it. */
typedef void (*NeighbourVisit)(void *data, double ex, double ey);

/* Visits every other point in the 3x3 cells around point i, in cell then grid order. */
static void
grid_visit_neighbours(const Grid *g, const Point *pts, int i, NeighbourVisit visit, void *data)
{
  int cx = (int)(pts[i].x * g->grid) % g->grid, cy = (int)(pts[i].y * g->grid) % g->grid;
  for (int dy = -1; dy <= 1; dy++)
    for (int dx = -1; dx <= 1; dx++) {
      int c = wrap(cy + dy, g->grid) * g->grid + wrap(cx + dx, g->grid);
      for (int k = g->start[c]; k < g->start[c + 1]; k++) {
        int j = g->items[k];
        if (j == i)
          continue;
        double ex = pts[j].x - pts[i].x, ey = pts[j].y - pts[i].y;
        ex -= floor(ex + 0.5);
        ey -= floor(ey + 0.5);
        visit(data, ex, ey);
      }
    }
}

static void
visit_nearest(void *data, double ex, double ey)
{
  double *best = data, d = ex * ex + ey * ey;
  if (d < *best)
    *best = d;
}

/* Smallest toroidal distance between any two points, and the nearest-neighbour mean. */
static void
measure(const Point *pts, int n, double *min_out, double *mean_out)
{
  Grid g;
  grid_build(&g, pts, n, 2.0 * r_max_for(n));
  double min2 = 1.0, sum = 0.0;
  for (int i = 0; i < n; i++) {
    double best = 1.0;
    grid_visit_neighbours(&g, pts, i, visit_nearest, &best);
    if (best < min2)
      min2 = best;
    sum += sqrt(best);
  }
  grid_free(&g);
  *min_out = sqrt(min2);
  *mean_out = sum / n;
}

typedef struct {
  double target;
  Point *move;
} Push;

/* Moves away from a neighbour closer than the target, by half the shortfall. */
static void
visit_push(void *data, double ex, double ey)
{
  Push *p = data;
  double d2 = ex * ex + ey * ey;
  if (d2 >= p->target * p->target || d2 == 0.0)
    return;
  double d = sqrt(d2), push = 0.5 * (p->target - d) / d;
  p->move->x -= ex * push;
  p->move->y -= ey * push;
}

/* Pushes apart pairs closer than `target`, each point by half the shortfall, leaving every other
 * pair alone: local repair of near-collisions, not a global Lloyd-style regularisation (which
 * would drift towards a hexagonal lattice). */
static void
relax_close_pairs(Point *pts, int n, double target, int passes)
{
  Point *move = malloc(sizeof(Point) * n);
  for (int pass = 0; pass < passes; pass++) {
    Grid g;
    grid_build(&g, pts, n, target);
    memset(move, 0, sizeof(Point) * n);
    for (int i = 0; i < n; i++) {
      Push push = {target, &move[i]};
      grid_visit_neighbours(&g, pts, i, visit_push, &push);
    }
    grid_free(&g);
    for (int i = 0; i < n; i++) {
      /* Small steps: a large jump could land a point on another's neighbour. */
      double len = sqrt(move[i].x * move[i].x + move[i].y * move[i].y), cap = 0.1 * target;
      double step = len > cap ? cap / len : 1.0;
      double x = pts[i].x + step * move[i].x, y = pts[i].y + step * move[i].y;
      x -= floor(x);
      y -= floor(y);
      pts[i].x = x < 1.0 ? x : 0.0;
      pts[i].y = y < 1.0 ? y : 0.0;
    }
  }
  free(move);
}

/* Cells per side of the grid on which large-scale density is equalised. */
#define EQUALISE_GRID 64

/* Moves the points down the gradient of the potential of their density excess, solved on a coarse
 * grid (-laplacian psi = density / mean - 1, periodic): a flow that removes density fluctuations
 * at scales above a few point spacings, which dart throwing leaves behind (so any 2 cm window
 * holds the requested number of units), while the point-to-point structure is left to the
 * close-pair relaxation. Gauss-Seidel keeps the arithmetic exact (no FFT twiddles). */
static void
equalise_density(Point *pts, int n, double step, double *psi)
{
  const int k = EQUALISE_GRID;
  const double h = 1.0 / k;
  double *rho = calloc(k * k, sizeof(double));
  /* Cloud-in-cell deposit; cell centres at (i + 0.5) h. */
  for (int i = 0; i < n; i++) {
    double gx = pts[i].x * k - 0.5, gy = pts[i].y * k - 0.5;
    int x0 = (int)floor(gx), y0 = (int)floor(gy);
    double fx = gx - x0, fy = gy - y0;
    rho[wrap(y0, k) * k + wrap(x0, k)] += (1 - fx) * (1 - fy);
    rho[wrap(y0, k) * k + wrap(x0 + 1, k)] += fx * (1 - fy);
    rho[wrap(y0 + 1, k) * k + wrap(x0, k)] += (1 - fx) * fy;
    rho[wrap(y0 + 1, k) * k + wrap(x0 + 1, k)] += fx * fy;
  }
  const double mean = (double)n / (k * k);
  for (int c = 0; c < k * k; c++)
    rho[c] = rho[c] / mean - 1.0;
  /* -laplacian psi = rho with 5-point stencil, red-black SOR from the previous solution. */
  for (int it = 0; it < 400; it++)
    for (int colour = 0; colour < 2; colour++)
      for (int y = 0; y < k; y++)
        for (int x = (y + colour) & 1; x < k; x += 2) {
          double sum = psi[y * k + wrap(x - 1, k)] + psi[y * k + wrap(x + 1, k)] +
                       psi[wrap(y - 1, k) * k + x] + psi[wrap(y + 1, k) * k + x];
          double target = 0.25 * (sum + h * h * rho[y * k + x]);
          psi[y * k + x] += 1.9 * (target - psi[y * k + x]);
        }
  /* Velocity -grad psi, interpolated at each point. */
  for (int i = 0; i < n; i++) {
    double gx = pts[i].x * k - 0.5, gy = pts[i].y * k - 0.5;
    int x0 = (int)floor(gx), y0 = (int)floor(gy);
    double fx = gx - x0, fy = gy - y0, vx = 0.0, vy = 0.0;
    for (int cy = 0; cy < 2; cy++)
      for (int cx = 0; cx < 2; cx++) {
        int x = wrap(x0 + cx, k), y = wrap(y0 + cy, k);
        double w = (cx ? fx : 1 - fx) * (cy ? fy : 1 - fy);
        vx -= w * (psi[y * k + wrap(x + 1, k)] - psi[y * k + wrap(x - 1, k)]) / (2 * h);
        vy -= w * (psi[wrap(y + 1, k) * k + x] - psi[wrap(y - 1, k) * k + x]) / (2 * h);
      }
    double x = pts[i].x + step * vx, y = pts[i].y + step * vy;
    x -= floor(x);
    y -= floor(y);
    pts[i].x = x < 1.0 ? x : 0.0;
    pts[i].y = y < 1.0 ? y : 0.0;
  }
  free(rho);
}

/* Relative standard deviation of the point count in square windows of side `side` (on a grid of
 * positions), compared with a Poisson process' 1/sqrt(mean). */
static double
window_count_spread(const Point *pts, int n, double side)
{
  const int steps = 16;
  double sum = 0.0, sum2 = 0.0;
  for (int wy = 0; wy < steps; wy++)
    for (int wx = 0; wx < steps; wx++) {
      double x0 = (double)wx / steps, y0 = (double)wy / steps;
      int count = 0;
      for (int i = 0; i < n; i++) {
        double dx = pts[i].x - x0, dy = pts[i].y - y0;
        dx -= floor(dx);
        dy -= floor(dy);
        count += dx < side && dy < side;
      }
      sum += count, sum2 += (double)count * count;
    }
  double mean = sum / (steps * steps), var = sum2 / (steps * steps) - mean * mean;
  return sqrt(var > 0 ? var : 0) / mean;
}

/* The 6 nearest neighbours seen so far, nearest first: squared distance and offset. */
typedef struct {
  double best[6], bx[6], by[6];
  int found;
} Nearest6;

static void
visit_nearest6(void *data, double ex, double ey)
{
  Nearest6 *n = data;
  double d = ex * ex + ey * ey;
  if (n->found == 6 && d >= n->best[5])
    return;
  int slot = n->found < 6 ? n->found++ : 5;
  n->best[slot] = d, n->bx[slot] = ex, n->by[slot] = ey;
  for (int m = slot; m > 0 && n->best[m] < n->best[m - 1]; m--) {
    double t = n->best[m];
    n->best[m] = n->best[m - 1], n->best[m - 1] = t;
    t = n->bx[m], n->bx[m] = n->bx[m - 1], n->bx[m - 1] = t;
    t = n->by[m], n->by[m] = n->by[m - 1], n->by[m - 1] = t;
  }
}

/* Mean bond-orientational order |psi_6| over the 6 nearest neighbours: 1 for a hexagonal lattice,
 * about 0.3-0.5 for disordered blue noise. */
static double
hex_order(const Point *pts, int n)
{
  Grid g;
  grid_build(&g, pts, n, 1.6 * r_max_for(n));
  double total = 0.0;
  for (int i = 0; i < n; i++) {
    Nearest6 near = {.found = 0};
    grid_visit_neighbours(&g, pts, i, visit_nearest6, &near);
    double re = 0.0, im = 0.0;
    for (int m = 0; m < near.found; m++) {
      double a = 6.0 * atan2(near.by[m], near.bx[m]);
      re += cos(a), im += sin(a);
    }
    total += near.found ? sqrt(re * re + im * im) / near.found : 0.0;
  }
  grid_free(&g);
  return total / n;
}

/* Prints rho_min, mean nearest-neighbour rho, hexagonal order and window-count spread (windows of
 * a tenth of the side, against a Poisson process) of the first n points. */
static void
report(const char *label, const Point *pts, int n)
{
  double min_d, mean_d, rmax = r_max_for(n);
  measure(pts, n, &min_d, &mean_d);
  fprintf(stderr,
          "%-10s rho_min %.4f  mean NN rho %.4f  |psi6| %.3f  window spread %.4f (Poisson %.4f)\n",
          label, min_d / rmax, mean_d / rmax, hex_order(pts, n), window_count_spread(pts, n, 0.1),
          1.0 / sqrt(0.01 * n));
}

/* Quantises the points to 16-bit fixed point and sorts them into buckets, keeping the insertion
 * rank, and writes the table as C to `path`. 0, or 1 when it cannot be written. */
static int
write_table(const char *path, const Point *pts, double rho_min)
{
  const int buckets = SMP_BLUENOISE_BUCKETS;
  const int shift = 16 - SMP_BLUENOISE_BUCKET_BITS;
  unsigned *qx = malloc(sizeof(unsigned) * N), *qy = malloc(sizeof(unsigned) * N);
  int *start = calloc(buckets * buckets + 1, sizeof(int));
  for (int i = 0; i < N; i++) {
    qx[i] = (unsigned)(pts[i].x * 65536.0) & 0xffffu;
    qy[i] = (unsigned)(pts[i].y * 65536.0) & 0xffffu;
    start[((qy[i] >> shift) * buckets + (qx[i] >> shift)) + 1]++;
  }
  for (int b = 0; b < buckets * buckets; b++)
    start[b + 1] += start[b];
  int *order = malloc(sizeof(int) * N), *fill = malloc(sizeof(int) * buckets * buckets);
  memcpy(fill, start, sizeof(int) * buckets * buckets);
  for (int i = 0; i < N; i++)
    order[fill[(qy[i] >> shift) * buckets + (qx[i] >> shift)]++] = i;

  FILE *out = fopen(path, "w");
  if (!out) {
    perror(path);
    return 1;
  }
  fprintf(out, "/* Generated by gen-bluenoise: %d toroidal blue-noise points, rho_min %.4f. */\n",
          N, rho_min);
  fprintf(out, "#include \"smp-bluenoise.h\"\n\n");
  fprintf(out, "const SmpBluenoisePoint smp_bluenoise_points[%d] = {\n", N);
  for (int k = 0; k < N; k++) {
    int i = order[k];
    fprintf(out, "{%u,%u,%d},%s", qx[i], qy[i], i, k % 6 == 5 ? "\n" : "");
  }
  fprintf(out, "};\n\nconst guint32 smp_bluenoise_bucket_start[%d] = {\n", buckets * buckets + 1);
  for (int b = 0; b <= buckets * buckets; b++)
    fprintf(out, "%d,%s", start[b], b % 12 == 11 ? "\n" : "");
  fprintf(out, "};\n");
  int status = 0;
  if (fclose(out) != 0) {
    perror(path);
    status = 1;
  }
  free(qx);
  free(qy);
  free(start);
  free(order);
  free(fill);
  return status;
}

int
main(int argc, char **argv)
{
  if (argc < 2) {
    fprintf(stderr, "usage: gen-bluenoise OUTPUT.c [--stats]\n");
    return 2;
  }
  gboolean stats = argc > 2 && strcmp(argv[2], "--stats") == 0;

  Point *pts = malloc(sizeof(Point) * N);
  SmpRng rng;
  smp_rng_init(&rng, 0x5350u); /* fixed: the table is part of the product */
  double r_final = throw_darts(pts, &rng, SMP_BLUENOISE_DARTS_PER_POINT);
  const double rmax = r_max_for(N);
  if (stats) {
    fprintf(stderr, "dart throwing: final radius %.4f r_max\n", r_final / rmax);
    report("thrown", pts, N);
  }
  double *psi = calloc(EQUALISE_GRID * EQUALISE_GRID, sizeof(double));
  for (int round = 0; round < SMP_BLUENOISE_EQUALISE_ROUNDS; round++) {
    equalise_density(pts, N, 0.5, psi);
    relax_close_pairs(pts, N, SMP_BLUENOISE_RELAX_RHO * rmax, SMP_BLUENOISE_RELAX_PASSES);
  }
  free(psi);
  double min_d, mean_d;
  measure(pts, N, &min_d, &mean_d);
  if (stats) {
    report("final", pts, N);
    for (int pct = 10; pct < 100; pct += 20) {
      char label[32];
      snprintf(label, sizeof label, "first %d %%", pct);
      report(label, pts, N * pct / 100);
    }
  }
  int status = write_table(argv[1], pts, min_d / rmax);
  free(pts);
  return status;
}
