import {
  Alert,
  Box,
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
import { Link as RouterLink } from 'react-router';
import { errorMessage } from '../../api/base';
import { useConnectionsQuery } from '../../api/connections';
import {
  useIntegrationActionMutation,
  useArchiveIntegrationMutation,
  useIntegrationsQuery,
} from '../../api/integrations';
import { PageHeader } from '../../components/PageHeader';
import { PageState } from '../../components/PageState';
import { StatusChip } from '../../components/StatusChip';
import { formatTime } from '../../components/format';
import { useCan } from '../../app/permissions';
import { IntegrationActions } from './IntegrationActions';
import { NewIntegrationMenu } from './NewIntegrationMenu';

export function IntegrationsPage() {
  const { data, isLoading, error } = useIntegrationsQuery(undefined, { pollingInterval: 5000 });
  const { data: connections } = useConnectionsQuery();
  const [, actionState] = useIntegrationActionMutation({ fixedCacheKey: 'integration-action' });
  const [, archiveState] = useArchiveIntegrationMutation({ fixedCacheKey: 'integration-archive' });
  const systemOf = (id: string | null) => {
    const connection = connections?.items.find((c) => c.id === id);
    return connection ? `${connection.name}` : '—';
  };
  const canEdit = useCan('integrations:edit');
  const items = (data?.items ?? []).filter((i) => i.status !== 'archived');
  const actionError = actionState.error ?? archiveState.error;
  return (
    <>
      <PageHeader title="Integrations">
        <NewIntegrationMenu />
      </PageHeader>
      {actionError ? (
        <Alert severity="error" sx={{ mb: 2 }}>
          {errorMessage(actionError)}
        </Alert>
      ) : null}
      <PageState
        loading={isLoading}
        error={error}
        empty={items.length === 0}
        emptyText={canEdit ? 'No integrations yet: start one with New integration.' : 'No integrations yet.'}
      >
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
                          {integration.lastRun.counts.created} created · {integration.lastRun.counts.updated}{' '}
                          updated · {integration.lastRun.counts.failed} failed
                        </Typography>
                      </Box>
                    ) : (
                      'Never'
                    )}
                  </TableCell>
                  <TableCell>{formatTime(integration.nextRunAt)}</TableCell>
                  <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
                    <IntegrationActions integration={integration} />
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
