import {
  Alert,
  Box,
  Chip,
  Link,
  Paper,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import { useState } from 'react';
import { Link as RouterLink } from 'react-router';
import { errorCode, errorMessage } from '../../api/base';
import { useConnectionsQuery } from '../../api/connections';
import {
  useIntegrationActionMutation,
  useArchiveIntegrationMutation,
  useIntegrationsQuery,
} from '../../api/integrations';
import { asOptions, FilterSelect } from '../../components/FilterSelect';
import { PageHeader } from '../../components/PageHeader';
import { PageState } from '../../components/PageState';
import { Pager } from '../../components/paging/Pager';
import { pageShown, useListPage } from '../../components/paging/useListPage';
import { StatusChip } from '../../components/StatusChip';
import { formatTime } from '../../components/format';
import { useCan } from '../../app/permissions';
import { BriefChanges } from '../versions/BriefChanges';
import { draftHeadline } from '../versions/changes';
import { OverlapDialog } from '../versions/OverlapDialog';
import type { IntegrationSummary } from '../../api/types';
import { IntegrationActions } from './IntegrationActions';
import { NewIntegrationMenu } from './NewIntegrationMenu';

const STATUSES = ['draft', 'active', 'paused', 'error', 'archived'];

export function IntegrationsPage() {
  const list = useListPage({ filters: ['status'] as const });
  const { status = '' } = list.filter;
  const { data, loading, error } = pageShown(
    useIntegrationsQuery({ ...list.filter, ...list.request }, { pollingInterval: 5000 }),
  );
  const { data: connections } = useConnectionsQuery();
  const [, actionState] = useIntegrationActionMutation({ fixedCacheKey: 'integration-action' });
  const [overlap, setOverlap] = useState<{ message: string; confirm: () => void } | null>(null);
  const [notice, setNotice] = useState<{ id: string; title: string; notice: string } | null>(null);
  const [, archiveState] = useArchiveIntegrationMutation({ fixedCacheKey: 'integration-archive' });
  const systemOf = (id: string | null) => {
    const connection = connections?.items.find((c) => c.id === id);
    return connection ? `${connection.name}` : '—';
  };
  const canEdit = useCan('integrations:edit');
  // Archived integrations are listed only when asked for by their status.
  const items = (data?.items ?? []).filter((i) => status === 'archived' || i.status !== 'archived');
  const actionError = actionState.error ?? archiveState.error;
  return (
    <>
      <PageHeader title="Integrations">
        <FilterSelect
          id="integrations-status"
          label="Status"
          value={status}
          onChange={(value) => list.setFilter('status', value)}
          anyLabel="Any status"
          options={asOptions(STATUSES)}
        />
        <NewIntegrationMenu />
      </PageHeader>
      {actionError && errorCode(actionError) !== 'overlap' ? (
        <Alert severity="error" sx={{ mb: 2 }}>
          {errorMessage(actionError)}
        </Alert>
      ) : null}
      {notice ? (
        <Alert severity="info" sx={{ mb: 2 }} role="status" onClose={() => setNotice(null)}>
          Copied as{' '}
          <Link component={RouterLink} to={`/integrations/${notice.id}/wizard`}>
            {notice.title}
          </Link>
          . {notice.notice}
        </Alert>
      ) : null}
      <OverlapDialog
        message={overlap?.message ?? null}
        confirmLabel="Activate anyway"
        onConfirm={() => {
          overlap?.confirm();
          setOverlap(null);
        }}
        onCancel={() => setOverlap(null)}
      />
      <PageState
        loading={loading}
        error={error}
        empty={items.length === 0}
        emptyText={canEdit ? 'No integrations yet: start one with New integration.' : 'No integrations yet.'}
      >
        <Pager list={list} page={data} label="Integrations" />
        <TableContainer component={Paper}>
          <Table aria-label="Integrations">
            <TableHead>
              <TableRow>
                <TableCell>Integration</TableCell>
                <TableCell>Status</TableCell>
                <TableCell>Systems</TableCell>
                <TableCell>Last run</TableCell>
                <TableCell>Next run</TableCell>
                <TableCell align="right">Actions</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {items.map((integration) => (
                <TableRow key={integration.id} hover>
                  <TableCell>
                    <Link
                      component={RouterLink}
                      to={`/integrations/${integration.id}/${canEdit ? 'wizard' : 'canvas'}`}
                    >
                      {integration.title}
                    </Link>
                    <Typography variant="body2" color="text.secondary" noWrap sx={{ maxWidth: 260 }}>
                      {integration.description}
                    </Typography>
                    <DraftCell integration={integration} />
                  </TableCell>
                  <TableCell>
                    <StatusChip status={integration.status} />
                  </TableCell>
                  <TableCell>
                    {systemOf(integration.sourceConnectionId)} →{' '}
                    {systemOf(integration.destinationConnectionId)}
                  </TableCell>
                  <TableCell>
                    {integration.lastRun ? (
                      <Box>
                        <Link component={RouterLink} to={`/runs/${integration.lastRun.id}`}>
                          <StatusChip status={integration.lastRun.status} />
                        </Link>{' '}
                        <Typography variant="body2" component="span">
                          {formatTime(integration.lastRun.startedAt)}
                        </Typography>
                        <Typography variant="body2" color="text.secondary">
                          {integration.lastRun.counts.created} created ·{' '}
                          {integration.lastRun.counts.linked
                            ? `${integration.lastRun.counts.linked} linked · `
                            : ''}
                          {integration.lastRun.counts.updated} updated · {integration.lastRun.counts.failed}{' '}
                          failed
                        </Typography>
                      </Box>
                    ) : (
                      'Never'
                    )}
                  </TableCell>
                  <TableCell>{formatTime(integration.nextRunAt)}</TableCell>
                  <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
                    <IntegrationActions
                      integration={integration}
                      onOverlap={(message, confirm) => setOverlap({ message, confirm })}
                      onCopied={setNotice}
                    />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableContainer>
      </PageState>
    </>
  );
}

/** Whether the draft is what runs (and what differs), and the active integrations writing the same records. */
function DraftCell({ integration }: { integration: IntegrationSummary }) {
  const { liveVersion, draft, overlaps } = integration;
  const differs = liveVersion !== null && draft.differs;
  return (
    <Box sx={{ mt: 0.5, display: 'flex', flexDirection: 'column', alignItems: 'flex-start', gap: 0.5 }}>
      {liveVersion === null || differs ? (
        <Chip
          size="small"
          color={differs ? 'warning' : 'default'}
          label={differs ? draftHeadline(integration) : 'Not published yet'}
          component={RouterLink}
          to={`/integrations/${integration.id}/versions`}
          clickable
        />
      ) : null}
      {differs ? (
        <Box sx={{ maxWidth: 360, color: 'text.secondary' }}>
          <BriefChanges changes={draft.changes} limit={2} label={`Draft changes of ${integration.title}`} />
        </Box>
      ) : null}
      {overlaps.map((other) => (
        <Chip
          key={other.id}
          size="small"
          color="error"
          variant="outlined"
          label={`Same records as "${other.title}"`}
          title="Both read the same source records and write the same destination table: each would create its own copy."
          component={RouterLink}
          to={`/integrations/${other.id}/wizard`}
          clickable
        />
      ))}
    </Box>
  );
}
