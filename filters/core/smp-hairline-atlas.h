/* The hair-loss atlas: each stage as areas on the head, anchored to its landmarks (the client's
 * natural front line above the glabella, the line joining the ear canals, the midline, the crown)
 * and scaled with the head's size, never with the designed hairline. Stage descriptions and their
 * sources: docs/hair-loss-patterns.md.
 *
 * Positions are top-view head millimetres: u to the right of the midline, sv ahead of the line
 * joining the ear canals along the scalp as seen from above. Internal to the hairline core. */
#pragma once
#include "smp-hairline.h"

G_BEGIN_DECLS

/* The client's front line before any loss, the line Norwood I starts from: its height above the
 * glabella at the midline, how much higher the frontotemporal angles sit (women: barely), and
 * the angles' distance from the midline as a share of the head's width. */
#define SMP_ATLAS_LINE_HEIGHT 70.0
#define SMP_ATLAS_LINE_RECESSION 8.0
#define SMP_ATLAS_FEMALE_RECESSION 2.0
#define SMP_ATLAS_HALF_TEMPLE_SHARE 0.31

/* An area of loss: a superellipse |du/ru|^n + |dv/rv|^n <= 1 centred on the midline at sv = cv,
 * `depth` the share of hair lost inside. */
typedef struct {
  double ru, rv, cv, depth;
  int exponent;          /* 2 or 4 */
  double inv_ru, inv_rv; /* 1 / ru, 1 / rv (set by smp_atlas_stage) */
} SmpAtlasArea;

#define SMP_ATLAS_MAX_AREAS 3

typedef struct {
  gboolean female; /* the client's natural line has (almost) no frontotemporal recession */
  /* The front line recedes by mid + temple x a wedge peaking at the frontotemporal angles. */
  double mid, temple;
  SmpAtlasArea areas[SMP_ATLAS_MAX_AREAS];
  int n_areas;
  /* Thinning that keeps the front line (Ludwig, Sinclair, Olsen), relative to the natural line:
   * inside the ellipse of areas[] only from `thin_front` mm behind the line. */
  double thin_front;
  double part_half, part_depth, part_back; /* central part: half width, loss, back end (sv) */
  /* Olsen's frontal accentuation: a triangle along the part, tree_half wide at the front on each
   * side, narrowing to nothing at sv = tree_back, with branch-like steps every tree_step mm. */
  double tree_half, tree_back, tree_step, tree_depth;
} SmpAtlasStage;

/* The stage of `pattern` on a head of the given size; `line_mid` and `line_angle` are the
 * client's natural line (sv) at the midline and at the frontotemporal angle. */
void smp_atlas_stage(SmpAtlasStage *stage, SmpHairlinePattern pattern, double head_width,
                     double head_length, double line_mid, double line_angle);

/* How far (sv mm) the stage's front line lies behind the natural line at |u| = a, the natural
 * line's half temple width being `half_temple`. */
double smp_atlas_recession(const SmpAtlasStage *stage, double a, double half_temple);

/* Share of hair lost at (u, sv), `behind` mm behind the natural line, with edges softened over
 * 1 / inv_support mm. */
double smp_atlas_loss(const SmpAtlasStage *stage, double u, double sv, double behind,
                      double inv_support);

/* The terms of the loss: the areas (bit i), Olsen's tree and the central part. */
#define SMP_ATLAS_TREE (1u << SMP_ATLAS_MAX_AREAS)
#define SMP_ATLAS_PART (SMP_ATLAS_TREE << 1)
#define SMP_ATLAS_ALL (SMP_ATLAS_PART | SMP_ATLAS_TREE | (SMP_ATLAS_TREE - 1u))

/* Over the disk of radius `slack` around (u, sv), `behind` varying by at most `behind_slack`:
 * the terms that vary (returned), and in *base the loss of those that are the same all over it.
 * smp_atlas_loss_partial(..., *base, terms) at any point of the disk then equals smp_atlas_loss;
 * with no term left, *base is the loss everywhere on the disk. */
guint smp_atlas_classify(const SmpAtlasStage *stage, double u, double sv, double behind,
                         double slack, double behind_slack, double inv_support, double *base);
double smp_atlas_loss_partial(const SmpAtlasStage *stage, double u, double sv, double behind,
                              double inv_support, double base, guint terms);

/* Signed distances (mm, positive inside) to the edges of the bald areas and of the partial
 * (thinning) areas, for the outline; -G_MAXDOUBLE where a stage has none. */
void smp_atlas_edges(const SmpAtlasStage *stage, double u, double sv, double behind, double *bald,
                     double *partial);

/* Smoothstep across a support of 1 / inv_support mm centred on distance 0. */
static inline double
smp_atlas_step(double distance, double inv_support)
{
  double t = distance * inv_support + 0.5;
  if (t <= 0.0)
    return 0.0;
  if (t >= 1.0)
    return 1.0;
  return t * t * (3.0 - 2.0 * t);
}

G_END_DECLS
