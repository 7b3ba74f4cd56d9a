/* smp-components: the connected regions of a 0/1 mask, found as horizontal runs joined with a
 * union-find, and filtered by a test of each region: one scan of the mask plus work per run,
 * however large the regions. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A horizontal run of equal mask values: pixels [x0, x1) of row y. */
typedef struct {
  int y, x0, x1;
} SmpRun;

/* Decides whether to keep a region, given its runs, its area and whether it touches the plane's
 * border. */
typedef gboolean (*SmpRegionTest)(const SmpRun *runs, gsize n_runs, gsize area, gboolean border,
                                  gpointer data);

/* Finds the 4-connected regions of mask == value, asks `keep` about each (in the order of their
 * first run, top to bottom), and sets the pixels of the rejected ones to `replace`. */
void smp_mask_filter_regions(guint8 *mask, int width, int height, guint8 value, guint8 replace,
                             SmpRegionTest keep, gpointer data);

G_END_DECLS
