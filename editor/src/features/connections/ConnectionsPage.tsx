import {
  Alert,
  Box,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
  FormControl,
  InputLabel,
  MenuItem,
  Paper,
  Select,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TableRow,
} from '@mui/material';
import Add from '@mui/icons-material/Add';
import { useState } from 'react';
import { errorMessage } from '../../api/base';
import { useConnectionsQuery, useDeleteConnectionMutation } from '../../api/connections';
import type { ConnectionView } from '../../api/types';
import { useCan } from '../../app/permissions';
import { PageHeader } from '../../components/PageHeader';
import { PageState } from '../../components/PageState';
import { authLabel } from '../../components/labels';
import { Pager } from '../../components/paging/Pager';
import { pageShown, useListPage } from '../../components/paging/useListPage';
import { systemNameOf, useConnectionChoices } from '../systems/useSystemChoices';
import { ConnectionForm } from './ConnectionForm';
import { TestConnection } from './TestConnection';

/** Adds a connection of the system picked first: one iSync ships, or one of the tenant's own. */
function NewConnectionDialog({ onClose }: { onClose: () => void }) {
  const choices = useConnectionChoices();
  const [key, setKey] = useState('plangrid');
  const choice = choices.find((c) => c.key === key) ?? choices[0]!;
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm" aria-labelledby="new-connection-title">
      <DialogTitle id="new-connection-title">New connection</DialogTitle>
      <DialogContent sx={{ display: 'flex', flexDirection: 'column', gap: 2, pt: '8px !important' }}>
        <FormControl size="small">
          <InputLabel id="new-connection-system-label">System</InputLabel>
          <Select
            labelId="new-connection-system-label"
            label="System"
            value={choice.key}
            onChange={(e) => setKey(e.target.value)}
          >
            {choices.map((c) => (
              <MenuItem key={c.key} value={c.key}>
                {c.label}
              </MenuItem>
            ))}
          </Select>
        </FormControl>
        <ConnectionForm
          key={choice.key}
          system={choice.system}
          tenantSystem={choice.tenantSystem && { ...choice.tenantSystem, name: choice.label }}
          onSaved={onClose}
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
      </DialogActions>
    </Dialog>
  );
}

/** Changes a connection; its credentials stay as they are unless new ones are typed. */
function EditConnectionDialog({ connection, onClose }: { connection: ConnectionView; onClose: () => void }) {
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm" aria-labelledby="edit-connection-title">
      <DialogTitle id="edit-connection-title">Edit {connection.name}</DialogTitle>
      <DialogContent sx={{ pt: '8px !important' }}>
        <ConnectionForm system={connection.system} existing={connection} onSaved={onClose} />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
      </DialogActions>
    </Dialog>
  );
}

/** Asks before deleting; a connection in use is refused and the API says by which integrations. */
function DeleteConnectionDialog({
  connection,
  onClose,
}: {
  connection: ConnectionView;
  onClose: () => void;
}) {
  const [remove, removed] = useDeleteConnectionMutation();
  const confirm = async () => {
    if (!('error' in (await remove(connection.id)))) onClose();
  };
  return (
    <Dialog open onClose={onClose} aria-labelledby="delete-connection-title">
      <DialogTitle id="delete-connection-title">Delete {connection.name}?</DialogTitle>
      <DialogContent sx={{ display: 'flex', flexDirection: 'column', gap: 2 }}>
        <DialogContentText>
          Its address and credentials are removed. Integrations that use it must be archived first.
        </DialogContentText>
        {removed.error ? <Alert severity="error">{errorMessage(removed.error)}</Alert> : null}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button color="error" variant="contained" onClick={() => void confirm()} disabled={removed.isLoading}>
          Delete
        </Button>
      </DialogActions>
    </Dialog>
  );
}

type Open = { kind: 'new' } | { kind: 'edit' | 'delete'; connection: ConnectionView } | null;

/** The tenant's connections: system, name, address and kind of authentication (never credentials). */
export function ConnectionsPage() {
  const list = useListPage();
  const { data, loading, error } = pageShown(useConnectionsQuery(list.request));
  const [open, setOpen] = useState<Open>(null);
  const canManage = useCan('connections:manage');
  const close = () => setOpen(null);
  const items = data?.items ?? [];
  return (
    <>
      <PageHeader title="Connections">
        {canManage ? (
          <Button variant="contained" startIcon={<Add />} onClick={() => setOpen({ kind: 'new' })}>
            New connection
          </Button>
        ) : null}
      </PageHeader>
      <PageState
        loading={loading}
        error={error}
        empty={items.length === 0}
        emptyText={canManage ? 'No connections yet: add one with New connection.' : 'No connections yet.'}
      >
        <Pager list={list} page={data} label="Connections" />
        <TableContainer component={Paper}>
          <Table aria-label="Connections">
            <TableHead>
              <TableRow>
                <TableCell>Name</TableCell>
                <TableCell>System</TableCell>
                <TableCell>Base URL</TableCell>
                <TableCell>Authentication</TableCell>
                <TableCell>Test</TableCell>
                {canManage ? <TableCell align="right">Actions</TableCell> : null}
              </TableRow>
            </TableHead>
            <TableBody>
              {items.map((connection) => (
                <TableRow key={connection.id} hover>
                  <TableCell>{connection.name}</TableCell>
                  <TableCell>{systemNameOf(connection)}</TableCell>
                  <TableCell sx={{ overflowWrap: 'anywhere' }}>{connection.baseUrl}</TableCell>
                  <TableCell>{authLabel(connection.authKind)}</TableCell>
                  <TableCell sx={{ maxWidth: 360 }}>
                    <TestConnection connectionId={connection.id} name={connection.name} />
                  </TableCell>
                  {canManage ? (
                    <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
                      <Box sx={{ display: 'inline-flex', gap: 1 }}>
                        <Button
                          onClick={() => setOpen({ kind: 'edit', connection })}
                          aria-label={`Edit ${connection.name}`}
                        >
                          Edit
                        </Button>
                        <Button
                          color="error"
                          onClick={() => setOpen({ kind: 'delete', connection })}
                          aria-label={`Delete ${connection.name}`}
                        >
                          Delete
                        </Button>
                      </Box>
                    </TableCell>
                  ) : null}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableContainer>
      </PageState>
      {open?.kind === 'new' ? <NewConnectionDialog onClose={close} /> : null}
      {open?.kind === 'edit' ? <EditConnectionDialog connection={open.connection} onClose={close} /> : null}
      {open?.kind === 'delete' ? (
        <DeleteConnectionDialog connection={open.connection} onClose={close} />
      ) : null}
    </>
  );
}
