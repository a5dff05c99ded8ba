import { Box, Chip, Typography } from '@mui/material';
import ArrowForward from '@mui/icons-material/ArrowForward';
import type { Flow } from '@isync/core';
import { Fragment } from 'react';
import { flowDirections } from '../../components/directions';
import { configOf, pathOf, stringOf } from '../../components/flow';

const WAY: Record<string, string> = { forward: 'Forward', back: 'Way back' };

/**
 * The flow the wizard edits, node by node, as the canvas drew it (filters included); a two-way flow's
 * way back on a line of its own.
 */
export function FlowOutline({ flow }: { flow: Flow }) {
  const directions = flowDirections(flow).all;
  const paths =
    directions.length > 0 ? directions.map((d) => ({ way: d.way, path: pathOf(flow, d.source) })) : [];
  if (paths.every(({ path }) => path.length === 0)) return null;
  const filter = configOf(flow, 'filter');
  return (
    <Box
      component="section"
      aria-label="Flow"
      sx={{ mb: 2, display: 'flex', flexDirection: 'column', gap: 1 }}
    >
      {paths.map(({ way, path }) => (
        <Box
          key={path[0]?.id ?? way}
          sx={{ display: 'flex', alignItems: 'center', gap: 1, flexWrap: 'wrap' }}
          aria-label={WAY[way] ?? undefined}
          role={WAY[way] ? 'group' : undefined}
        >
          {WAY[way] ? (
            <Typography variant="body2" sx={{ fontWeight: 600, minWidth: 72 }}>
              {WAY[way]}
            </Typography>
          ) : null}
          {path.map((node, index) => (
            <Fragment key={node.id}>
              {index > 0 ? <ArrowForward fontSize="small" color="action" /> : null}
              <Chip label={node.data.label ?? node.type} variant="outlined" />
            </Fragment>
          ))}
        </Box>
      ))}
      {flow.nodes.some((n) => n.type === 'filter') ? (
        <Typography variant="body2" sx={{ mt: 1 }} data-testid="filter-rule">
          Filter: {stringOf(filter.description) || 'only records matching'}{' '}
          <code>{JSON.stringify(filter.rule ?? {})}</code>
        </Typography>
      ) : null}
    </Box>
  );
}
