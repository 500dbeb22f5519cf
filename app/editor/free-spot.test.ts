import { describe, expect, it } from "vitest";
import { freeSpot, type Box } from "./free-spot";

const size = { width: 260, height: 100 };
const overlaps = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe("freeSpot", () => {
  it("keeps the wanted spot when nothing is there", () => {
    expect(freeSpot({ x: 100, y: 40 }, size, [{ x: 500, y: 500, width: 260, height: 100 }])).toEqual({
      x: 100,
      y: 40,
    });
  });

  it("moves a new step off a step that sits exactly where it was wanted, to the nearest free spot", () => {
    const taken = [{ x: 0, y: 0, width: 260, height: 100 }];
    const spot = freeSpot({ x: 0, y: 0 }, size, taken);
    expect(overlaps({ ...spot, ...size }, taken[0])).toBe(false);
    // Nearest: just below (100 high + 20 gap) rather than beside (260 wide + 20 gap).
    expect(spot).toEqual({ x: 0, y: 120 });
  });

  it("finds a gap in a crowded area and keeps a gap to every neighbour", () => {
    const taken: Box[] = [];
    for (let row = 0; row < 5; row++)
      for (let col = 0; col < 5; col++)
        if (!(row === 3 && col === 1)) taken.push({ x: col * 300, y: row * 140, width: 260, height: 100 });
    const spot = freeSpot({ x: 300, y: 280 }, size, taken);
    const box = { ...spot, ...size };
    expect(taken.every((b) => !overlaps(box, b))).toBe(true);
    // The free cell's top edge plus the gap to the step above.
    expect(spot).toEqual({ x: 300, y: 400 });
  });
});
