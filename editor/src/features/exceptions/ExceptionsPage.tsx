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
import type { ExceptionRow as Exception } from '../../api/types';
import { useCan } from '../../app/permissions';
import { PageHeader } from '../../components/PageHeader';
import { PageState } from '../../components/PageState';
import { Pager } from '../../components/paging/Pager';
import { pageShown, useListPage } from '../../components/paging/useListPage';
import { useReplay } from '../runs/useReplay';
import { ExceptionDrawer } from './ExceptionDrawer';
import { ExceptionFilters, EXCEPTION_FILTERS } from './ExceptionFilters';
import { ExceptionRow } from './ExceptionRow';

/** The inbox shows open exceptions unless asked otherwise ("any" shows open and resolved). */
const asked = (filter: Partial<Record<(typeof EXCEPTION_FILTERS)[number], string>>): ExceptionFilter => {
  const { resolved = 'false', ...rest } = filter;
  return { ...rest, ...(resolved !== 'any' && { resolved: resolved as 'true' | 'false' }) };
};

/**
 * The drawer's exception as it is now: its row as the list is asked again, and once it has left the list's
 * filter (a replay resolved it while open), the same row asked by itself (the exceptions first seen at its
 * very millisecond).
 */
function useFollowed(opened: Exception | null, items: Exception[]): Exception | null {
  const inList = items.find((e) => e.id === opened?.id);
  const alone = useExceptionsQuery(
    opened
      ? {
          integrationId: opened.integrationId,
          kind: opened.kind,
          from: opened.at,
          to: new Date(Date.parse(opened.at) + 1).toISOString(),
          limit: 500,
        }
      : {},
    { skip: !opened || Boolean(inList), pollingInterval: 4000 },
  );
  return inList ?? alone.currentData?.items.find((e) => e.id === opened?.id) ?? opened;
}

export function ExceptionsPage() {
  const list = useListPage({ filters: EXCEPTION_FILTERS });
  const filter = asked(list.filter);
  const { data, loading, error } = pageShown(
    useExceptionsQuery({ ...filter, ...list.request }, { pollingInterval: 4000 }),
  );
  const { data: integrations } = useIntegrationsQuery();
  const replay = useReplay();
  const [resolve, resolved] = useResolveExceptionMutation();
  const canReplay = useCan('records:replay');
  const canResolve = useCan('exceptions:resolve');
  const [chosen, setChosen] = useState<string[]>([]);
  const [opened, setOpened] = useState<Exception | null>(null);
  const items = data?.items ?? [];
  const open = useFollowed(opened, items);
  const picked = items.filter((e) => chosen.includes(e.id));
  const titleOf = (id: string) => integrations?.items.find((i) => i.id === id)?.title ?? id;

  const replayAll = (list: Exception[]) => {
    const ids = [...new Set(list.map((e) => e.recordId).filter((id): id is string => Boolean(id)))];
    if (ids.length > 0) replay.replayRecords(ids);
  };
  const resolveAll = async (list: Exception[]) => {
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
      <ExceptionFilters
        filter={{ resolved: 'false', ...list.filter }}
        onChange={list.setFilter}
        integrations={integrations?.items ?? []}
      />
      {replay.outcome}
      {resolved.error ? (
        <Alert severity="error" sx={{ mb: 2 }}>
          {errorMessage(resolved.error)}
        </Alert>
      ) : null}
      <PageState
        loading={loading}
        error={error}
        empty={items.length === 0}
        emptyText="No exceptions match these filters."
      >
        <Pager list={list} page={data} label="Exceptions" />
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
                <TableCell>Cause</TableCell>
                <TableCell>Record</TableCell>
                <TableCell>Integration</TableCell>
                <TableCell align="right">Times</TableCell>
                <TableCell>First seen</TableCell>
                <TableCell>Last seen</TableCell>
                <TableCell>State</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {items.map((exception) => (
                <ExceptionRow
                  key={exception.id}
                  exception={exception}
                  integration={titleOf(exception.integrationId)}
                  chosen={chosen.includes(exception.id)}
                  onChoose={(on) =>
                    setChosen(on ? [...chosen, exception.id] : chosen.filter((id) => id !== exception.id))
                  }
                  onOpen={() => setOpened(exception)}
                />
              ))}
            </TableBody>
          </Table>
        </TableContainer>
      </PageState>
      <ExceptionDrawer
        exception={open}
        onClose={() => setOpened(null)}
        onReplay={canReplay ? (e) => replayAll([e]) : undefined}
        canDecide={canReplay}
        onResolve={
          canResolve
            ? (e) => {
                void resolve(e.id);
                setOpened(null);
              }
            : undefined
        }
      />
    </>
  );
}
