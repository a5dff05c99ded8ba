import { Box, Chip, Typography } from '@mui/material';
import ArrowForward from '@mui/icons-material/ArrowForward';
import type { Flow } from '@isync/core';
import { Fragment } from 'react';
import { configOf, pathOf, stringOf } from '../../components/flow';

/** The flow the wizard edits, node by node, as the canvas drew it (filters included). */
export function FlowOutline({ flow }: { flow: Flow }) {
  const path = pathOf(flow);
  if (path.length === 0) return null;
  const filter = configOf(flow, 'filter');
  return (
    <Box component="section" aria-label="Flow" sx={{ mb: 2 }}>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, flexWrap: 'wrap' }}>
        {path.map((node, index) => (
          <Fragment key={node.id}>
            {index > 0 ? <ArrowForward fontSize="small" color="action" /> : null}
            <Chip label={node.data.label ?? node.type} variant="outlined" />
          </Fragment>
        ))}
      </Box>
      {flow.nodes.some((n) => n.type === 'filter') ? (
        <Typography variant="body2" sx={{ mt: 1 }} data-testid="filter-rule">
          Filter: {stringOf(filter.description) || 'only records matching'}{' '}
          <code>{JSON.stringify(filter.rule ?? {})}</code>
        </Typography>
      ) : null}
    </Box>
  );
}
