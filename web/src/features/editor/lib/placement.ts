/** Where a node added from the palette goes: near the view centre, on no other node. */

type Box = { position: { x: number; y: number }; measured?: { width?: number; height?: number } };

/** The grid spot nearest `near` where a new node overlaps no other (spiralling outwards). */
export function freeSpot(nodes: readonly Box[], near: { x: number; y: number }, size = { width: 248, height: 96 }, grid = 16) {
  const snap = (v: number) => Math.round(v / grid) * grid;
  const free = (x: number, y: number) =>
    nodes.every((n) => {
      const w = n.measured?.width ?? 248;
      const h = n.measured?.height ?? 80;
      return x + size.width + 24 <= n.position.x || n.position.x + w + 24 <= x || y + size.height + 16 <= n.position.y || n.position.y + h + 16 <= y;
    });
  for (let ring = 0; ring < 40; ring++) {
    for (let dx = -ring; dx <= ring; dx++) {
      for (let dy = -ring; dy <= ring; dy++) {
        if (Math.max(Math.abs(dx), Math.abs(dy)) !== ring) continue;
        const x = snap(near.x + dx * 64);
        const y = snap(near.y + dy * 56);
        if (free(x, y)) return { x, y };
      }
    }
  }
  return { x: snap(near.x), y: snap(near.y) };
}
