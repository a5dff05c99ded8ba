const COLUMN = 260;
const ROW = 140;
/** Between one start's band and the next: the directions of a two-way flow read as two rows. */
const BAND_GAP = 80;

/**
 * Left-to-right layers by longest path from the sources; nodes of a layer stacked. Each start (a node no
 * edge leads into: a source, or a node not wired yet) has a band of rows of its own, below the previous
 * start's, so the two directions of a two-way flow lie one above the other instead of interleaved.
 */
export function autoLayout<N extends { id: string; position: { x: number; y: number } }>(
  nodes: N[],
  edges: { source: string; target: string }[],
  /** Starts whose band goes on top, in this order (a two-way flow's forward source first). */
  first: string[] = [],
): N[] {
  const rank = new Map(nodes.map((n) => [n.id, 0]));
  for (let pass = 0; pass < nodes.length; pass++) {
    let changed = false;
    for (const edge of edges) {
      const next = (rank.get(edge.source) ?? 0) + 1;
      if (rank.has(edge.target) && next > (rank.get(edge.target) ?? 0) && next < nodes.length) {
        rank.set(edge.target, next);
        changed = true;
      }
    }
    if (!changed) break;
  }
  const priority = (id: string) => (first.includes(id) ? first.indexOf(id) : first.length);
  const starts = nodes
    .filter((n) => !edges.some((e) => e.target === n.id))
    .sort((a, b) => priority(a.id) - priority(b.id));
  const band = new Map<string, number>();
  starts.forEach((start, index) => {
    const stack = [start.id];
    while (stack.length > 0) {
      const id = stack.pop()!;
      if (band.has(id)) continue;
      band.set(id, index);
      stack.push(...edges.filter((e) => e.source === id).map((e) => e.target));
    }
  });
  // Nodes only a loop reaches go in a last band.
  const bandOf = (id: string) => band.get(id) ?? starts.length;
  const rows = new Map<string, number>();
  const rowIn = new Map<string, number>();
  const height = new Map<number, number>();
  for (const node of nodes) {
    const key = `${bandOf(node.id)}:${rank.get(node.id) ?? 0}`;
    const row = rows.get(key) ?? 0;
    rows.set(key, row + 1);
    rowIn.set(node.id, row);
    height.set(bandOf(node.id), Math.max(height.get(bandOf(node.id)) ?? 0, row + 1));
  }
  const above = (b: number) => [...height].filter(([other]) => other < b);
  const top = (b: number) => above(b).reduce((sum, [, h]) => sum + h * ROW + BAND_GAP, 0);
  return nodes.map((node) => ({
    ...node,
    position: {
      x: (rank.get(node.id) ?? 0) * COLUMN,
      y: top(bandOf(node.id)) + rowIn.get(node.id)! * ROW,
    },
  }));
}
