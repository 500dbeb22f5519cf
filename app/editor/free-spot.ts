import type { Position } from "~/domain/script-types";

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Space kept between a new step and its neighbours, and the step of the search (the snap grid). */
const GAP = 20;
/** How far from the wanted spot to look before giving up and overlapping (in grid steps). */
const MAX_RINGS = 40;

/**
 * The top-left corner for a new box of `size` as close to `wanted` as possible without overlapping any of
 * `taken` (with a gap between them): the wanted spot itself if it is free, else the nearest free spot on
 * rings of grid points around it (below first on a tie). Positions are whole grid steps away from `wanted`.
 */
export function freeSpot(
  wanted: Position,
  size: { width: number; height: number },
  taken: readonly Box[],
): Position {
  const fits = (x: number, y: number) =>
    taken.every(
      (b) =>
        x + size.width + GAP <= b.x ||
        b.x + b.width + GAP <= x ||
        y + size.height + GAP <= b.y ||
        b.y + b.height + GAP <= y,
    );
  if (fits(wanted.x, wanted.y)) return wanted;
  for (let ring = 1; ring <= MAX_RINGS; ring++) {
    let best: Position | null = null;
    let bestDistance = Infinity;
    for (let i = -ring; i <= ring; i++) {
      // On a tie, below and to the right come first: scripts read top-down.
      for (const [dx, dy] of [
        [i, ring],
        [ring, i],
        [i, -ring],
        [-ring, i],
      ]) {
        const x = wanted.x + dx * GAP;
        const y = wanted.y + dy * GAP;
        const distance = Math.hypot(dx, dy);
        if (distance < bestDistance && fits(x, y)) {
          best = { x, y };
          bestDistance = distance;
        }
      }
    }
    if (best) return best;
  }
  return wanted;
}
