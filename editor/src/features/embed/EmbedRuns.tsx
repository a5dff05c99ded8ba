import { Button, Link, Paper, Table, TableBody, TableCell, TableHead, TableRow } from '@mui/material';
import { useEffect, useRef, useState } from 'react';
import { useRunsQuery } from '../../api/runs';
import { PageState } from '../../components/PageState';
import { StatusChip } from '../../components/StatusChip';
import { formatTime } from '../../components/format';
import { isUnfinished } from '../runs/progress';
import { RunProgress } from '../runs/RunProgress';
import { RunTrace } from '../runs/RunTrace';
import { tellParent } from './claims';

/** Runs of the embedded integration; a click opens the trace. Tells the portal when a run finishes. */
export function EmbedRuns({ integrationId }: { integrationId: string }) {
  const { data, isLoading, error } = useRunsQuery({ integrationId }, { pollingInterval: 3000 });
  const [open, setOpen] = useState<string | null>(null);
  const running = useRef(new Set<string>());
  useEffect(() => {
    for (const run of data?.items ?? []) {
      if (run.status === 'running') running.current.add(run.id);
      else if (running.current.delete(run.id))
        tellParent('isync:run-finished', { runId: run.id, status: run.status });
    }
  }, [data]);
  if (open)
    return (
      <>
        <Button onClick={() => setOpen(null)}>Back to runs</Button>
        <RunTrace runId={open} />
      </>
    );
  const runs = data?.items ?? [];
  return (
    <PageState loading={isLoading} error={error} empty={runs.length === 0} emptyText="No runs yet.">
      <Paper>
        <Table size="small" aria-label="Runs">
          <TableHead>
            <TableRow>
              <TableCell>Started</TableCell>
              <TableCell>Status</TableCell>
              <TableCell align="right">Created</TableCell>
              <TableCell align="right">Updated</TableCell>
              <TableCell align="right">Failed</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {runs.map((run) => (
              <TableRow key={run.id}>
                <TableCell>
                  <Link component="button" onClick={() => setOpen(run.id)}>
                    {formatTime(run.startedAt)}
                  </Link>
                </TableCell>
                <TableCell>
                  <StatusChip status={run.status} />
                  {isUnfinished(run) ? <RunProgress run={run} dense /> : null}
                </TableCell>
                <TableCell align="right">{run.counts.created}</TableCell>
                <TableCell align="right">{run.counts.updated}</TableCell>
                <TableCell align="right">{run.counts.failed}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </Paper>
    </PageState>
  );
}
