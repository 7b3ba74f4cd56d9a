/* smp-analyse-hair: long hair the analysis's texture and level rules leave out. See
 * docs/photo-analysis.md, Classification. */
#include "smp-analyse-private.h"

#include <math.h>
#include <string.h>

#include "smp-components.h"

typedef struct {
  const guint8 *klass;
  const float *level;
  guint8 *out;
  int cw, ch;
  double skin_sum, skin_cells; /* log levels of all the skin cells, and their count */
} Enclosed;

/* A region of skin cells becomes hair when its level is nearer that of the hair around it than
 * that of the rest of the skin, and as far from the latter as hair by its level is. */
static gboolean
enclosed_region(const SmpRun *runs, gsize n_runs, gsize area, gboolean border, gpointer data)
{
  (void)border;
  Enclosed *e = data;
  double own = 0.0, hair = 0.0, hair_cells = 0.0;
  for (gsize k = 0; k < n_runs; k++) {
    for (int x = runs[k].x0; x < runs[k].x1; x++)
      own += e->level[(gsize)runs[k].y * e->cw + x];
    for (int x = runs[k].x0 - 1; x <= runs[k].x1; x++)
      for (int dy = -1; dy <= 1; dy++) {
        int y = runs[k].y + dy;
        if (x < 0 || y < 0 || x >= e->cw || y >= e->ch)
          continue;
        gsize i = (gsize)y * e->cw + x;
        if (e->klass[i] == SMP_CLASS_HAIR) {
          hair += e->level[i];
          hair_cells += 1.0;
        }
      }
  }
  const double rest_cells = e->skin_cells - area;
  /* the rest of the skin must be the larger part: the skin's level is known from it */
  if (hair_cells <= 0.0 || rest_cells < area)
    return TRUE;
  own /= area;
  hair /= hair_cells;
  const double rest = (e->skin_sum - own * area) / rest_cells;
  const gboolean apart = own - rest < log(SMP_HAIR_DARKER) || own - rest > log(SMP_HAIR_LIGHTER);
  if (apart && fabs(own - hair) < fabs(own - rest))
    for (gsize k = 0; k < n_runs; k++)
      memset(e->out + (gsize)runs[k].y * e->cw + runs[k].x0, SMP_CLASS_HAIR,
             runs[k].x1 - runs[k].x0);
  return TRUE;
}

void
smp_analyse_enclosed_hair(const guint8 *klass, const float *level, int cw, int ch, guint8 *hair)
{
  const gsize nc = (gsize)cw * ch;
  guint8 *mask = g_new(guint8, nc);
  Enclosed e = {klass, level, hair, cw, ch, 0.0, 0.0};
  for (gsize k = 0; k < nc; k++) {
    mask[k] = klass[k] == SMP_CLASS_SCALP || klass[k] == SMP_CLASS_STUBBLE;
    if (mask[k]) {
      e.skin_sum += level[k];
      e.skin_cells += 1.0;
    }
  }
  smp_mask_filter_regions(mask, cw, ch, 1, 0, enclosed_region, &e);
  g_free(mask);
}
