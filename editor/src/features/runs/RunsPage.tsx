import { useEffect, useState } from 'react';
import { Link, Paper, Table, TableBody, TableCell, TableContainer, TableHead, TableRow } from '@mui/material';
import { Link as RouterLink } from 'react-router';
import { useIntegrationsQuery } from '../../api/integrations';
import { useRunsQuery } from '../../api/runs';
import { asOptions, FilterSelect } from '../../components/FilterSelect';
import { PageHeader } from '../../components/PageHeader';
import { PageState } from '../../components/PageState';
import { StatusChip } from '../../components/StatusChip';
import { formatDuration, formatTime, runDuration } from '../../components/format';
import { Pager } from '../../components/paging/Pager';
import { pageShown, useListPage } from '../../components/paging/useListPage';
import { isUnfinished, pollWhile } from './progress';
import { RunProgress } from './RunProgress';

const STATUSES = ['queued', 'running', 'succeeded', 'partial', 'failed', 'canceled', 'skipped'];
const COUNTS = [
  ['pulled', 'Pulled'],
  ['unchanged', 'Unchanged'],
  ['created', 'Created'],
  ['linked', 'Linked'],
  ['updated', 'Updated'],
  ['skipped', 'Skipped'],
  ['failed', 'Failed'],
] as const;

export function RunsPage() {
  const list = useListPage({ filters: ['integrationId', 'status'] as const });
  const { integrationId = '', status = '' } = list.filter;
  const { data: integrations } = useIntegrationsQuery();
  const [live, setLive] = useState(false);
  const { data, loading, error } = pageShown(
    useRunsQuery({ ...list.filter, ...list.request }, pollWhile(live)),
  );
  const runs = data?.items ?? [];
  const unfinished = runs.some(isUnfinished);
  // Asked again while a run on this page is queued or running, until it ends.
  useEffect(() => setLive(unfinished), [unfinished]);
  const titleOf = (id: string) => integrations?.items.find((i) => i.id === id)?.title ?? id;
  return (
    <>
      <PageHeader title="Runs">
        <FilterSelect
          id="runs-integration"
          label="Integration"
          value={integrationId}
          onChange={(value) => list.setFilter('integrationId', value)}
          anyLabel="All integrations"
          options={(integrations?.items ?? []).map((i) => ({ value: i.id, label: i.title }))}
          minWidth={260}
        />
        <FilterSelect
          id="runs-status"
          label="Status"
          value={status}
          onChange={(value) => list.setFilter('status', value)}
          anyLabel="Any status"
          options={asOptions(STATUSES)}
        />
      </PageHeader>
      <PageState loading={loading} error={error} empty={runs.length === 0} emptyText="No runs match.">
        <Pager list={list} page={data} label="Runs" />
        <TableContainer component={Paper}>
          <Table aria-label="Runs">
            <TableHead>
              <TableRow>
                <TableCell>Started</TableCell>
                <TableCell>Integration</TableCell>
                <TableCell>Status</TableCell>
                <TableCell>Trigger</TableCell>
                {COUNTS.map(([key, label]) => (
                  <TableCell key={key} align="right">
                    {label}
                  </TableCell>
                ))}
                <TableCell align="right">Duration</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {runs.map((run) => (
                <TableRow key={run.id} hover data-testid="run-row">
                  <TableCell>
                    <Link component={RouterLink} to={`/runs/${run.id}`}>
                      {formatTime(run.startedAt)}
                    </Link>
                  </TableCell>
                  <TableCell>{titleOf(run.integrationId)}</TableCell>
                  <TableCell>
                    <StatusChip status={run.status} />
                    {isUnfinished(run) ? <RunProgress run={run} dense /> : null}
                  </TableCell>
                  <TableCell>{run.trigger}</TableCell>
                  {COUNTS.map(([key]) => (
                    <TableCell key={key} align="right">
                      {run.counts[key] ?? 0}
                    </TableCell>
                  ))}
                  <TableCell align="right">{formatDuration(runDuration(run))}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableContainer>
      </PageState>
    </>
  );
}
