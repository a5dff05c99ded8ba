import {
  Alert,
  Button,
  IconButton,
  Paper,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Tooltip,
  Typography,
} from '@mui/material';
import Delete from '@mui/icons-material/Delete';
import { Link as RouterLink } from 'react-router';
import { errorMessage } from '../../api/base';
import { useDeleteTenantSystemMutation, useTenantSystemsQuery } from '../../api/tenant-systems';
import { useCan } from '../../app/permissions';
import { PageHeader } from '../../components/PageHeader';
import { PageState } from '../../components/PageState';
import { formatTime } from '../../components/format';
import { SystemBadge } from './SystemBadge';

/** The tenant's own systems, defined in the connector builder. */
export function SystemsPage() {
  const { data, isLoading, error } = useTenantSystemsQuery();
  const [remove, removed] = useDeleteTenantSystemMutation();
  const canManage = useCan('systems:manage');
  const systems = data?.items ?? [];
  return (
    <>
      <PageHeader title="Systems">
        {canManage ? (
          <Button variant="contained" component={RouterLink} to="/systems/new">
            New system
          </Button>
        ) : null}
      </PageHeader>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
        Any REST API described as a connector definition. A connection can then use it like PlanGrid or
        Nuvolo.
      </Typography>
      {removed.error ? (
        <Alert severity="error" sx={{ mb: 2 }}>
          {errorMessage(removed.error)}
        </Alert>
      ) : null}
      <PageState
        loading={isLoading}
        error={error}
        empty={systems.length === 0}
        emptyText="No systems defined yet: New system opens the connector builder."
      >
        <Paper variant="outlined">
          <Table aria-label="Systems">
            <TableHead>
              <TableRow>
                <TableCell>System</TableCell>
                <TableCell>Version</TableCell>
                <TableCell>Saved</TableCell>
                <TableCell />
              </TableRow>
            </TableHead>
            <TableBody>
              {systems.map((system) => (
                <TableRow key={system.id}>
                  <TableCell>
                    <Button
                      component={RouterLink}
                      to={`/systems/${system.id}`}
                      startIcon={<SystemBadge label={system.label} />}
                      sx={{ textTransform: 'none' }}
                    >
                      {system.name}
                    </Button>
                  </TableCell>
                  <TableCell>{system.version}</TableCell>
                  <TableCell>
                    {formatTime(system.updatedAt)}
                    {system.updatedBy ? ` by ${system.updatedBy.name}` : ''}
                  </TableCell>
                  <TableCell align="right">
                    {canManage ? (
                      <Tooltip title="Delete (only when no connection uses it)">
                        <IconButton
                          aria-label={`Delete ${system.name}`}
                          onClick={() => void remove(system.id)}
                        >
                          <Delete />
                        </IconButton>
                      </Tooltip>
                    ) : null}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Paper>
      </PageState>
    </>
  );
}
