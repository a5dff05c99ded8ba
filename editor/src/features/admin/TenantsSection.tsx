import {
  Alert,
  Button,
  Paper,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import { useState } from 'react';
import { errorMessage } from '../../api/base';
import { useInviteTenantAdminMutation, useTenantsQuery, useUpdateTenantMutation } from '../../api/admin';
import type { Tenant } from '../../api/types';
import { PageState } from '../../components/PageState';
import { Pager } from '../../components/paging/Pager';
import { pageShown, useListPage } from '../../components/paging/useListPage';
import { StatusChip } from '../../components/StatusChip';
import { InviteLink } from './InviteLink';
import { TenantDialog } from './TenantDialog';

/** Platform admin: customer tenants with limits and usage; create, edit, suspend, invite. */
export function TenantsSection() {
  const list = useListPage({ name: 'tenants' });
  const { data, loading, error } = pageShown(useTenantsQuery(list.request));
  const [update, updated] = useUpdateTenantMutation();
  const [invite, invited] = useInviteTenantAdminMutation();
  const [editing, setEditing] = useState<Tenant | 'new' | null>(null);
  const [inviteUrl, setInviteUrl] = useState<string | null>(null);
  const items = (data?.items ?? []).filter((t) => t.tenant.slug !== 'platform');

  const inviteAdmin = async (tenant: Tenant) => {
    const email = window.prompt(`Email of the new tenant admin of ${tenant.name}`);
    if (!email) return;
    const result = await invite({ id: tenant.id, email, name: email.split('@')[0] ?? email });
    if (result.data) setInviteUrl(result.data.inviteUrl);
  };

  return (
    <Paper sx={{ p: 2 }} component="section" aria-label="Tenants">
      <Typography variant="h6" component="h2" sx={{ mb: 1 }}>
        Tenants
      </Typography>
      <InviteLink url={inviteUrl} onClose={() => setInviteUrl(null)} />
      {updated.error || invited.error ? (
        <Alert severity="error">{errorMessage(updated.error ?? invited.error)}</Alert>
      ) : null}
      <Button variant="contained" onClick={() => setEditing('new')} sx={{ mb: 2 }}>
        New tenant
      </Button>
      <PageState
        loading={loading}
        error={error}
        empty={items.length === 0}
        emptyText="No customer tenants yet."
      >
        <Pager list={list} page={data} label="Tenants" />
        <Table size="small" aria-label="Tenants">
          <TableHead>
            <TableRow>
              <TableCell>Tenant</TableCell>
              <TableCell>Status</TableCell>
              <TableCell>Integrations</TableCell>
              <TableCell>Users</TableCell>
              <TableCell>Records this month</TableCell>
              <TableCell align="right">Actions</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {items.map(({ tenant, usage }) => (
              <TableRow key={tenant.id}>
                <TableCell>
                  {tenant.name} <Typography variant="caption">({tenant.slug})</Typography>
                </TableCell>
                <TableCell>
                  <StatusChip status={tenant.status} />
                </TableCell>
                <TableCell>
                  {usage.integrations} / {tenant.limits.maxIntegrations}
                </TableCell>
                <TableCell>
                  {usage.users} / {tenant.limits.maxUsers}
                </TableCell>
                <TableCell>
                  {usage.recordsThisMonth} / {tenant.limits.maxRecordsPerMonth}
                </TableCell>
                <TableCell align="right">
                  <Button size="small" onClick={() => setEditing(tenant)}>
                    Edit
                  </Button>
                  <Button size="small" onClick={() => void inviteAdmin(tenant)}>
                    Invite admin
                  </Button>
                  <Button
                    size="small"
                    color={tenant.status === 'active' ? 'error' : 'primary'}
                    onClick={() =>
                      void update({
                        id: tenant.id,
                        status: tenant.status === 'active' ? 'suspended' : 'active',
                      })
                    }
                  >
                    {tenant.status === 'active' ? 'Suspend' : 'Reactivate'}
                  </Button>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </PageState>
      {editing ? (
        <TenantDialog
          tenant={editing === 'new' ? null : editing}
          onClose={(url) => {
            setEditing(null);
            if (url) setInviteUrl(url);
          }}
        />
      ) : null}
    </Paper>
  );
}
