import { Alert, Box, Typography } from '@mui/material';
import { useState } from 'react';
import { useIntegrationQuery } from '../../api/integrations';
import { useRunQuery } from '../../api/runs';
import { PageState } from '../../components/PageState';
import { StatusChip } from '../../components/StatusChip';
import { formatDuration, formatTime, runDuration } from '../../components/format';
import { NodeSamples } from './NodeSamples';
import { isUnfinished, pollWhile } from './progress';
import { RunProgress } from './RunProgress';
import { TraceDiagram } from './TraceDiagram';

/** A run: its totals, the flow with per-node figures, and a clicked node's samples. */
export function RunTrace({ runId }: { runId: string }) {
  const [live, setLive] = useState(true);
  // Asked again while the run is queued or running: its counts and node traces are stored as it goes.
  const run = useRunQuery(runId, pollWhile(live));
  if (run.data && isUnfinished(run.data) !== live) setLive(isUnfinished(run.data));
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
            <span data-testid="run-status">
              <StatusChip status={data.status} />
            </span>
            <Typography>
              {data.trigger} run of {integration.data?.title},{' '}
              {data.status === 'queued' ? 'asked for' : 'started'} {formatTime(data.startedAt)}
              {live ? '' : `, took ${formatDuration(runDuration(data))}`}
            </Typography>
            {live ? <RunProgress run={data} /> : null}
            <Typography color="text.secondary" data-testid="run-counts">
              pulled {data.counts.pulled} · unchanged {data.counts.unchanged} · created {data.counts.created}{' '}
              · linked {data.counts.linked ?? 0} · updated {data.counts.updated} · skipped{' '}
              {data.counts.skipped} · failed {data.counts.failed}
              {data.counts.recovered ? ` · recovered ${data.counts.recovered}` : ''}
              {data.counts.waiting ? ` · ${data.counts.waiting} waiting` : ''}
            </Typography>
          </Box>
          {data.error ? (
            <Alert severity="error" sx={{ mb: 2 }}>
              {data.error}
            </Alert>
          ) : null}
          <TraceDiagram flow={flow} traces={data.nodeTraces} running={live} onSelect={setSelected} />
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
