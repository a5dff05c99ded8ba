import {
  Alert,
  Box,
  Button,
  FormControl,
  InputLabel,
  MenuItem,
  Paper,
  Select,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import { useState } from 'react';
import { useCreateUserMutation, useUpdateUserMutation, useUsersQuery } from '../../api/admin';
import { useMeQuery } from '../../api/auth';
import { errorMessage } from '../../api/base';
import { PageState } from '../../components/PageState';
import { Pager } from '../../components/paging/Pager';
import { pageShown, useListPage } from '../../components/paging/useListPage';
import { StatusChip } from '../../components/StatusChip';
import { InviteLink } from './InviteLink';

const ROLES = ['tenant-admin', 'editor', 'viewer'] as const;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/** Tenant admin: the tenant's users and their roles; invite a user. */
export function UsersSection() {
  const { data: me } = useMeQuery();
  const list = useListPage({ name: 'users' });
  const { data, loading, error } = pageShown(useUsersQuery(list.request));
  const [create, created] = useCreateUserMutation();
  const [update, updated] = useUpdateUserMutation();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<(typeof ROLES)[number]>('editor');
  const [touched, setTouched] = useState(false);
  const [inviteUrl, setInviteUrl] = useState<string | null>(null);
  const users = data?.items ?? [];

  const invite = async () => {
    setTouched(true);
    if (!EMAIL.test(email) || name.trim() === '') return;
    const result = await create({ email, name: name.trim(), role });
    if (result.data) {
      setInviteUrl(result.data.inviteUrl);
      setEmail('');
      setName('');
      setTouched(false);
    }
  };

  return (
    <Paper sx={{ p: 2 }} component="section" aria-label="Users">
      <Typography variant="h6" component="h2" sx={{ mb: 1 }}>
        Users of {me?.tenant.name}
      </Typography>
      <InviteLink url={inviteUrl} onClose={() => setInviteUrl(null)} />
      {created.error || updated.error ? (
        <Alert severity="error">{errorMessage(created.error ?? updated.error)}</Alert>
      ) : null}
      <Box sx={{ display: 'flex', gap: 1, mb: 2, flexWrap: 'wrap', alignItems: 'flex-start' }}>
        <TextField
          label="Email"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          error={touched && !EMAIL.test(email)}
          helperText={touched && !EMAIL.test(email) ? 'Enter an email address' : ' '}
        />
        <TextField
          label="Name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={touched && name.trim() === ''}
          helperText={touched && name.trim() === '' ? 'Enter a name' : ' '}
        />
        <FormControl size="small" sx={{ minWidth: 150 }}>
          <InputLabel id="new-user-role">Role</InputLabel>
          <Select
            labelId="new-user-role"
            label="Role"
            value={role}
            onChange={(e) => setRole(e.target.value as (typeof ROLES)[number])}
          >
            {ROLES.map((r) => (
              <MenuItem key={r} value={r}>
                {r}
              </MenuItem>
            ))}
          </Select>
        </FormControl>
        <Button variant="contained" onClick={invite} disabled={created.isLoading}>
          Invite user
        </Button>
      </Box>
      <PageState loading={loading} error={error} empty={users.length === 0} emptyText="No users.">
        <Pager list={list} page={data} label="Users" />
        <Table size="small" aria-label="Users">
          <TableHead>
            <TableRow>
              <TableCell>Name</TableCell>
              <TableCell>Email</TableCell>
              <TableCell>Role</TableCell>
              <TableCell>Status</TableCell>
              <TableCell align="right">Actions</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {users.map((user) => {
              const self = user.id === me?.user.id || user.role === 'platform-admin';
              return (
                <TableRow key={user.id}>
                  <TableCell>{user.name}</TableCell>
                  <TableCell>{user.email}</TableCell>
                  <TableCell>
                    {self ? (
                      user.role
                    ) : (
                      <Select
                        size="small"
                        value={user.role}
                        inputProps={{ 'aria-label': `Role of ${user.email}` }}
                        onChange={(e) =>
                          void update({ id: user.id, role: e.target.value as (typeof ROLES)[number] })
                        }
                      >
                        {ROLES.map((r) => (
                          <MenuItem key={r} value={r}>
                            {r}
                          </MenuItem>
                        ))}
                      </Select>
                    )}
                  </TableCell>
                  <TableCell>
                    <StatusChip status={user.status} />
                  </TableCell>
                  <TableCell align="right">
                    {self ? null : (
                      <Button
                        size="small"
                        onClick={() =>
                          void update({
                            id: user.id,
                            status: user.status === 'disabled' ? 'active' : 'disabled',
                          })
                        }
                      >
                        {user.status === 'disabled' ? 'Enable' : 'Disable'}
                      </Button>
                    )}
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      </PageState>
    </Paper>
  );
}
