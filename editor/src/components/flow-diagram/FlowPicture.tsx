import { useTheme } from '@mui/material';
import { useId } from 'react';

interface PictureNode {
  id: string;
  type: string;
  label: string;
}

const BOX = { width: 150, height: 48 };
const GAP = { x: 40, y: 36 };
const PER_ROW = 3;
const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/**
 * A small read-only picture of a flow whose nodes run one after another: a box per node, an arrow per
 * edge, three boxes to a row (the edge from a row's end turns down to the next row's start).
 */
export function FlowPicture({ nodes, title }: { nodes: PictureNode[]; title: string }) {
  const theme = useTheme();
  const arrow = useId();
  const columns = Math.min(PER_ROW, Math.max(nodes.length, 1));
  const rows = Math.ceil(nodes.length / PER_ROW);
  const width = columns * BOX.width + (columns - 1) * GAP.x + 2;
  const height = rows * BOX.height + (rows - 1) * GAP.y + 2;
  const at = (index: number) => ({
    x: 1 + (index % PER_ROW) * (BOX.width + GAP.x),
    y: 1 + Math.floor(index / PER_ROW) * (BOX.height + GAP.y),
  });
  const fill = (type: string) =>
    type === 'source'
      ? theme.palette.primary.main
      : type === 'destination'
        ? theme.palette.success.main
        : theme.palette.grey[600];
  const edges = nodes.slice(1).map((node, i) => {
    const from = at(i);
    const to = at(i + 1);
    const midY = from.y + BOX.height + GAP.y / 2;
    const d =
      from.y === to.y
        ? `M${from.x + BOX.width},${from.y + BOX.height / 2} H${to.x - 2}`
        : `M${from.x + BOX.width / 2},${from.y + BOX.height} V${midY} H${to.x + BOX.width / 2} V${to.y - 2}`;
    return (
      <path
        key={node.id}
        d={d}
        fill="none"
        stroke={theme.palette.text.secondary}
        markerEnd={`url(#${arrow})`}
      />
    );
  });
  return (
    <svg
      role="img"
      aria-label={`${title}: ${nodes.map((n) => n.label).join(' → ')}`}
      viewBox={`0 0 ${width} ${height}`}
      style={{ width: '100%', maxHeight: 180, display: 'block' }}
    >
      <defs>
        <marker
          id={arrow}
          viewBox="0 0 10 10"
          refX="9"
          refY="5"
          markerWidth="7"
          markerHeight="7"
          orient="auto"
        >
          <path d="M0,0 L10,5 L0,10 z" fill={theme.palette.text.secondary} />
        </marker>
      </defs>
      {edges}
      {nodes.map((node, index) => {
        const { x, y } = at(index);
        return (
          <g key={node.id} data-testid="picture-node">
            <rect
              x={x}
              y={y}
              width={BOX.width}
              height={BOX.height}
              rx={6}
              fill={theme.palette.background.paper}
              stroke={fill(node.type)}
              strokeWidth={2}
            />
            <rect x={x} y={y} width={6} height={BOX.height} rx={3} fill={fill(node.type)} />
            <text x={x + 14} y={y + 21} fontSize={13} fontWeight={600} fill={theme.palette.text.primary}>
              {clip(node.label, 17)}
            </text>
            <text x={x + 14} y={y + 38} fontSize={11} fill={theme.palette.text.secondary}>
              {clip(node.type, 22)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
