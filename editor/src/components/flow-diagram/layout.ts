const COLUMN = 260;
const ROW = 140;

/** Left-to-right layers by longest path from the sources; nodes of a layer stacked. */
export function autoLayout<N extends { id: string; position: { x: number; y: number } }>(
  nodes: N[],
  edges: { source: string; target: string }[],
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
  const rows = new Map<number, number>();
  return nodes.map((node) => {
    const column = rank.get(node.id) ?? 0;
    const row = rows.get(column) ?? 0;
    rows.set(column, row + 1);
    return { ...node, position: { x: column * COLUMN, y: row * ROW } };
  });
}
