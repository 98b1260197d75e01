import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { clipSegment, type Box, type Segment } from "./clip";

const box: Box = { left: 0, top: 0, right: 100, bottom: 50 };
const clip = (x1: number, y1: number, x2: number, y2: number, b = box) => {
  const out: Segment = { x1: 0, y1: 0, x2: 0, y2: 0 };
  return clipSegment(x1, y1, x2, y2, b, out) ? out : null;
};

describe("clipSegment", () => {
  it("keeps a segment inside the box whole", () => {
    expect(clip(10, 10, 90, 40)).toEqual({ x1: 10, y1: 10, x2: 90, y2: 40 });
  });

  it("drops a segment that misses the box", () => {
    expect(clip(-10, -10, -1, 60)).toBeNull();
    expect(clip(0, 60, 100, 70)).toBeNull();
    // its line crosses the box, the segment stops short of it
    expect(clip(-20, 25, -5, 25)).toBeNull();
  });

  it("cuts an edge much taller than the screen to the screen", () => {
    // as from a client column to a profile column, 20,000 units down
    const got = clip(10, -10_000, 30, 10_000)!;
    expect([got.x1, got.y1, got.x2, got.y2].map((v) => Math.round(v * 1000) / 1000)).toEqual([20, 0, 20.05, 50]);
  });

  it("cuts at the sides, either direction", () => {
    expect(clip(-50, 25, 150, 25)).toEqual({ x1: 0, y1: 25, x2: 100, y2: 25 });
    expect(clip(150, 25, -50, 25)).toEqual({ x1: 100, y1: 25, x2: 0, y2: 25 });
  });

  it("agrees with sampling the segment", () => {
    const coord = fc.double({ min: -300, max: 300, noNaN: true });
    fc.assert(
      fc.property(coord, coord, coord, coord, (x1, y1, x2, y2) => {
        const inside = (x: number, y: number, e = 1e-6) => x >= box.left - e && x <= box.right + e && y >= box.top - e && y <= box.bottom + e;
        const got = clip(x1, y1, x2, y2);
        // 200 points along the segment: any inside the box must lie on the clipped part
        const samples = Array.from({ length: 201 }, (_, i) => i / 200).filter((t) => inside(x1 + t * (x2 - x1), y1 + t * (y2 - y1), -1e-6));
        if (!got) return samples.length === 0;
        const len = Math.hypot(x2 - x1, y2 - y1);
        const along = (x: number, y: number) => (len === 0 ? 0 : ((x - x1) * (x2 - x1) + (y - y1) * (y2 - y1)) / (len * len));
        const [a, b] = [along(got.x1, got.y1), along(got.x2, got.y2)];
        return inside(got.x1, got.y1) && inside(got.x2, got.y2) && samples.every((t) => t >= a - 1e-9 && t <= b + 1e-9);
      }),
    );
  });
});
