/* smp-components: connected regions of a mask. See smp-components.h. */
#include "smp-components.h"

#include <string.h>

static int
run_root(int *parent, int i)
{
  while (parent[i] != i) {
    parent[i] = parent[parent[i]];
    i = parent[i];
  }
  return i;
}

/* Appends the runs of mask == value in one row to `runs` (each its own root in `parents`). */
static void
row_runs(const guint8 *row, int y, int w, guint8 value, GArray *runs, GArray *parents)
{
  for (int x = 0; x < w;) {
    if (row[x] != value) {
      const guint8 *next = memchr(row + x, value, w - x);
      if (!next)
        break;
      x = (int)(next - row);
    }
    int x0 = x;
    while (x < w && row[x] == value)
      x++;
    SmpRun run = {y, x0, x};
    int id = (int)runs->len;
    g_array_append_val(runs, run);
    g_array_append_val(parents, id);
  }
}

/* Joins the runs [start, end) of a row with the overlapping runs [prev_start, prev_end) of the
 * row above. */
static void
join_rows(const SmpRun *r, int *parent, int start, int end, int prev_start, int prev_end)
{
  for (int i = start, j = prev_start; i < end && j < prev_end;) {
    if (r[j].x1 <= r[i].x0) {
      j++;
      continue;
    }
    if (r[i].x1 <= r[j].x0) {
      i++;
      continue;
    }
    int a = run_root(parent, i), b = run_root(parent, j);
    if (a != b)
      parent[MAX(a, b)] = MIN(a, b);
    if (r[i].x1 < r[j].x1)
      i++;
    else
      j++;
  }
}

/* Asks `keep` about every region (the runs sharing a root, grouped by a counting sort on the
 * root) and resets the rejected ones. */
static void
filter_groups(guint8 *mask, int w, int h, const SmpRun *r, int *parent, int n, guint8 replace,
              SmpRegionTest keep, gpointer data)
{
  int *start = g_new0(int, n + 1), *order = g_new(int, MAX(n, 1));
  for (int i = 0; i < n; i++)
    start[run_root(parent, i) + 1]++;
  for (int i = 0; i < n; i++)
    start[i + 1] += start[i];
  int *fill = g_memdup2(start, sizeof(int) * (n + 1));
  for (int i = 0; i < n; i++)
    order[fill[parent[i]]++] = i;
  SmpRun *group = g_new(SmpRun, MAX(n, 1));
  for (int root = 0; root < n; root++) {
    int m = start[root + 1] - start[root];
    if (m == 0)
      continue;
    gsize area = 0;
    gboolean border = FALSE;
    for (int k = 0; k < m; k++) {
      const SmpRun *run = &r[order[start[root] + k]];
      group[k] = *run;
      area += run->x1 - run->x0;
      border |= run->y == 0 || run->y == h - 1 || run->x0 == 0 || run->x1 == w;
    }
    if (!keep(group, m, area, border, data))
      for (int k = 0; k < m; k++)
        memset(mask + (gsize)group[k].y * w + group[k].x0, replace, group[k].x1 - group[k].x0);
  }
  g_free(group);
  g_free(fill);
  g_free(order);
  g_free(start);
}

void
smp_mask_filter_regions(guint8 *mask, int w, int h, guint8 value, guint8 replace,
                        SmpRegionTest keep, gpointer data)
{
  g_return_if_fail(keep != NULL && w >= 0 && h >= 0);
  g_return_if_fail(mask != NULL || (gsize)w * h == 0);
  GArray *runs = g_array_new(FALSE, FALSE, sizeof(SmpRun));
  GArray *parents = g_array_new(FALSE, FALSE, sizeof(int));
  int prev_start = 0, prev_end = 0; /* runs of the previous row */
  for (int y = 0; y < h; y++) {
    const int row_start = (int)runs->len;
    row_runs(mask + (gsize)y * w, y, w, value, runs, parents);
    join_rows((const SmpRun *)runs->data, (int *)parents->data, row_start, (int)runs->len,
              prev_start, prev_end);
    prev_start = row_start;
    prev_end = (int)runs->len;
  }
  filter_groups(mask, w, h, (const SmpRun *)runs->data, (int *)parents->data, (int)runs->len,
                replace, keep, data);
  g_array_free(parents, TRUE);
  g_array_free(runs, TRUE);
}
