import { Alert, Box, Typography } from '@mui/material';
import { useState } from 'react';
import { useIntegrationQuery } from '../../api/integrations';
import { useRunQuery } from '../../api/runs';
import { PageState } from '../../components/PageState';
import { StatusChip } from '../../components/StatusChip';
import { formatDuration, formatTime, runDuration } from '../../components/format';
import { NodeSamples } from './NodeSamples';
import { TraceDiagram } from './TraceDiagram';

/** A run: its totals, the flow with per-node figures, and a clicked node's samples. */
export function RunTrace({ runId }: { runId: string }) {
  const run = useRunQuery(runId, { pollingInterval: 3000 });
  const integration = useIntegrationQuery(run.data?.integrationId ?? '', { skip: !run.data });
  const [selected, setSelected] = useState<string | null>(null);
  const data = run.data;
  const flow = integration.data?.flow;
  const node = flow?.nodes.find((n) => n.id === selected);
  return (
    <PageState loading={run.isLoading || integration.isLoading} error={run.error ?? integration.error}>
      {data && flow ? (
        <Box>
          <Box sx={{ display: 'flex', gap: 2, alignItems: 'center', mb: 2, flexWrap: 'wrap' }}>
            <StatusChip status={data.status} />
            <Typography>
              {data.trigger} run of {integration.data?.title}, started {formatTime(data.startedAt)}, took{' '}
              {formatDuration(runDuration(data))}
            </Typography>
            <Typography color="text.secondary">
              pulled {data.counts.pulled} · created {data.counts.created} · linked {data.counts.linked ?? 0} ·
              updated {data.counts.updated} · skipped {data.counts.skipped} · failed {data.counts.failed}
            </Typography>
          </Box>
          {data.error ? (
            <Alert severity="error" sx={{ mb: 2 }}>
              {data.error}
            </Alert>
          ) : null}
          <TraceDiagram flow={flow} traces={data.nodeTraces} onSelect={setSelected} />
          {node ? (
            <NodeSamples
              label={node.data.label ?? node.type}
              trace={data.nodeTraces.find((t) => t.nodeId === node.id)}
            />
          ) : (
            <Typography color="text.secondary" sx={{ mt: 1 }}>
              Click a node for its sample items.
            </Typography>
          )}
        </Box>
      ) : null}
    </PageState>
  );
}
