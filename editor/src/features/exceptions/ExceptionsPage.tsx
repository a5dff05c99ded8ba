import {
  Alert,
  Button,
  Checkbox,
  Paper,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TableRow,
} from '@mui/material';
import { useState } from 'react';
import { errorMessage } from '../../api/base';
import { useExceptionsQuery, useResolveExceptionMutation, type ExceptionFilter } from '../../api/exceptions';
import { useIntegrationsQuery } from '../../api/integrations';
import { useReplayRecordsMutation } from '../../api/records';
import type { ExceptionLog } from '../../api/types';
import { useCan } from '../../app/permissions';
import { PageHeader } from '../../components/PageHeader';
import { PageState } from '../../components/PageState';
import { formatTime } from '../../components/format';
import { ExceptionDrawer } from './ExceptionDrawer';
import { ExceptionFilters } from './ExceptionFilters';

export function ExceptionsPage() {
  const [filter, setFilter] = useState<ExceptionFilter>({ resolved: 'false' });
  const { data, isLoading, error } = useExceptionsQuery(filter, { pollingInterval: 4000 });
  const { data: integrations } = useIntegrationsQuery();
  const [replay, replayed] = useReplayRecordsMutation();
  const [resolve, resolved] = useResolveExceptionMutation();
  const canReplay = useCan('records:replay');
  const canResolve = useCan('exceptions:resolve');
  const [chosen, setChosen] = useState<string[]>([]);
  const [open, setOpen] = useState<ExceptionLog | null>(null);
  const items = data?.items ?? [];
  const picked = items.filter((e) => chosen.includes(e.id));
  const titleOf = (id: string) => integrations?.items.find((i) => i.id === id)?.title ?? id;

  const replayAll = (list: ExceptionLog[]) => {
    const ids = [...new Set(list.map((e) => e.recordId).filter((id): id is string => Boolean(id)))];
    if (ids.length > 0) void replay(ids);
  };
  const resolveAll = async (list: ExceptionLog[]) => {
    for (const exception of list) await resolve(exception.id);
    setChosen([]);
  };

  return (
    <>
      <PageHeader title="Exceptions">
        {canReplay ? (
          <Button variant="outlined" disabled={picked.length === 0} onClick={() => replayAll(picked)}>
            Replay selected
          </Button>
        ) : null}
        {canResolve ? (
          <Button variant="outlined" disabled={picked.length === 0} onClick={() => void resolveAll(picked)}>
            Resolve selected
          </Button>
        ) : null}
      </PageHeader>
      <ExceptionFilters filter={filter} onChange={setFilter} integrations={integrations?.items ?? []} />
      {replayed.data ? (
        <Alert severity="success" sx={{ mb: 2 }}>
          {replayed.data.requeued} records queued for replay.
        </Alert>
      ) : null}
      {replayed.error || resolved.error ? (
        <Alert severity="error" sx={{ mb: 2 }}>
          {errorMessage(replayed.error ?? resolved.error)}
        </Alert>
      ) : null}
      <PageState
        loading={isLoading}
        error={error}
        empty={items.length === 0}
        emptyText="No exceptions match these filters."
      >
        <TableContainer component={Paper}>
          <Table aria-label="Exceptions" size="small">
            <TableHead>
              <TableRow>
                <TableCell padding="checkbox">
                  <Checkbox
                    slotProps={{ input: { 'aria-label': 'Select all exceptions' } }}
                    checked={items.length > 0 && picked.length === items.length}
                    indeterminate={picked.length > 0 && picked.length < items.length}
                    onChange={(e) => setChosen(e.target.checked ? items.map((i) => i.id) : [])}
                  />
                </TableCell>
                <TableCell>When</TableCell>
                <TableCell>Integration</TableCell>
                <TableCell>Node</TableCell>
                <TableCell>Kind</TableCell>
                <TableCell>HTTP</TableCell>
                <TableCell>Message</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {items.map((exception) => (
                <TableRow key={exception.id} hover>
                  <TableCell padding="checkbox">
                    <Checkbox
                      slotProps={{ input: { 'aria-label': `Select exception ${exception.message}` } }}
                      checked={chosen.includes(exception.id)}
                      onChange={(e) =>
                        setChosen(
                          e.target.checked
                            ? [...chosen, exception.id]
                            : chosen.filter((id) => id !== exception.id),
                        )
                      }
                    />
                  </TableCell>
                  <TableCell>
                    <Button size="small" onClick={() => setOpen(exception)}>
                      {formatTime(exception.at)}
                    </Button>
                  </TableCell>
                  <TableCell>{titleOf(exception.integrationId)}</TableCell>
                  <TableCell>{exception.nodeId ?? '—'}</TableCell>
                  <TableCell>{exception.kind}</TableCell>
                  <TableCell>{exception.httpStatus ?? '—'}</TableCell>
                  <TableCell
                    title={exception.message}
                    sx={{ maxWidth: 420, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}
                  >
                    {exception.message}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableContainer>
      </PageState>
      <ExceptionDrawer
        exception={open}
        onClose={() => setOpen(null)}
        onReplay={canReplay ? (e) => replayAll([e]) : undefined}
        onResolve={
          canResolve
            ? (e) => {
                void resolve(e.id);
                setOpen(null);
              }
            : undefined
        }
      />
    </>
  );
}
