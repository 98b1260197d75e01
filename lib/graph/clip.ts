// Clipping a line segment to a rectangle (Liang-Barsky), for the graph's
// canvas layer (components/graph/canvas-layer.tsx): it strokes only the part
// of each edge that is on screen.

export type Box = { left: number; top: number; right: number; bottom: number };
export type Segment = { x1: number; y1: number; x2: number; y2: number };

/** Writes the part of (x1, y1)-(x2, y2) inside `box` into `out` (reused, no allocation per edge); false when no part is. */
export function clipSegment(x1: number, y1: number, x2: number, y2: number, box: Box, out: Segment) {
  const dx = x2 - x1;
  const dy = y2 - y1;
  // the part kept, as fractions of the segment
  let t0 = 0;
  let t1 = 1;
  // one side of the box: p is how fast the segment moves toward it, q its room to it
  const side = (p: number, q: number) => {
    if (p === 0) return q >= 0;
    const t = q / p;
    if (p < 0) {
      if (t > t1) return false;
      if (t > t0) t0 = t;
    } else {
      if (t < t0) return false;
      if (t < t1) t1 = t;
    }
    return true;
  };
  if (!side(-dx, x1 - box.left) || !side(dx, box.right - x1) || !side(-dy, y1 - box.top) || !side(dy, box.bottom - y1)) return false;
  out.x1 = x1 + t0 * dx;
  out.y1 = y1 + t0 * dy;
  out.x2 = x1 + t1 * dx;
  out.y2 = y1 + t1 * dy;
  return true;
}
