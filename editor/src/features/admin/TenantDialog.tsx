import {
  Alert,
  Box,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  TextField,
} from '@mui/material';
import { useState } from 'react';
import { errorMessage } from '../../api/base';
import { useCreateTenantMutation, useUpdateTenantMutation } from '../../api/admin';
import type { Tenant } from '../../api/types';

const LIMITS = [
  { key: 'maxIntegrations', label: 'Max integrations', min: 0 },
  { key: 'maxUsers', label: 'Max users', min: 1 },
  { key: 'maxRecordsPerMonth', label: 'Max records per month', min: 0 },
  { key: 'minScheduleSeconds', label: 'Shortest schedule (s)', min: 1 },
] as const;
type LimitKey = (typeof LIMITS)[number]['key'];

const SLUG = /^[a-z0-9][a-z0-9-]{1,63}$/;

/** Create a tenant (and invite its first admin), or edit its name and limits. */
export function TenantDialog({
  tenant,
  onClose,
}: {
  tenant: Tenant | null;
  onClose: (inviteUrl?: string) => void;
}) {
  const [name, setName] = useState(tenant?.name ?? '');
  const [slug, setSlug] = useState(tenant?.slug ?? '');
  const [limits, setLimits] = useState<Record<LimitKey, string>>({
    maxIntegrations: String(tenant?.limits.maxIntegrations ?? 25),
    maxUsers: String(tenant?.limits.maxUsers ?? 25),
    maxRecordsPerMonth: String(tenant?.limits.maxRecordsPerMonth ?? 100000),
    minScheduleSeconds: String(tenant?.limits.minScheduleSeconds ?? 60),
  });
  const [adminEmail, setAdminEmail] = useState('');
  const [adminName, setAdminName] = useState('');
  const [touched, setTouched] = useState(false);
  const [create, created] = useCreateTenantMutation();
  const [update, updated] = useUpdateTenantMutation();
  const limitError = (key: LimitKey, min: number) => !/^\d+$/.test(limits[key]) || Number(limits[key]) < min;
  const invalid =
    name.trim() === '' ||
    (!tenant && !SLUG.test(slug)) ||
    LIMITS.some((l) => limitError(l.key, l.min)) ||
    (adminEmail !== '' && adminName.trim() === '');

  const save = async () => {
    setTouched(true);
    if (invalid) return;
    const numbers = Object.fromEntries(LIMITS.map((l) => [l.key, Number(limits[l.key])]));
    if (tenant) {
      if ((await update({ id: tenant.id, name: name.trim(), limits: numbers })).data) onClose();
      return;
    }
    const result = await create({
      name: name.trim(),
      slug,
      limits: numbers,
      ...(adminEmail && { admin: { email: adminEmail, name: adminName.trim() } }),
    });
    if (result.data) onClose(result.data.invitation?.inviteUrl);
  };

  const error = created.error ?? updated.error;
  return (
    <Dialog open onClose={() => onClose()} maxWidth="sm" fullWidth>
      <DialogTitle>{tenant ? `Edit ${tenant.name}` : 'New tenant'}</DialogTitle>
      <DialogContent>
        <Box sx={{ display: 'grid', gap: 2, pt: 1, gridTemplateColumns: '1fr 1fr' }}>
          {error ? (
            <Alert severity="error" sx={{ gridColumn: '1 / -1' }}>
              {errorMessage(error)}
            </Alert>
          ) : null}
          <TextField
            label="Name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            error={touched && name.trim() === ''}
            helperText={touched && name.trim() === '' ? 'Name the tenant' : ' '}
          />
          <TextField
            label="Slug"
            value={slug}
            disabled={Boolean(tenant)}
            onChange={(e) => setSlug(e.target.value.toLowerCase())}
            error={touched && !tenant && !SLUG.test(slug)}
            helperText={touched && !tenant && !SLUG.test(slug) ? 'Lowercase letters, digits and dashes' : ' '}
          />
          {LIMITS.map((l) => (
            <TextField
              key={l.key}
              label={l.label}
              type="number"
              value={limits[l.key]}
              onChange={(e) => setLimits({ ...limits, [l.key]: e.target.value })}
              error={touched && limitError(l.key, l.min)}
              helperText={touched && limitError(l.key, l.min) ? `A whole number from ${l.min}` : ' '}
            />
          ))}
          {tenant ? null : (
            <>
              <TextField
                label="First admin's email (optional)"
                type="email"
                value={adminEmail}
                onChange={(e) => setAdminEmail(e.target.value)}
              />
              <TextField
                label="First admin's name"
                value={adminName}
                onChange={(e) => setAdminName(e.target.value)}
                error={touched && adminEmail !== '' && adminName.trim() === ''}
              />
            </>
          )}
        </Box>
      </DialogContent>
      <DialogActions>
        <Button onClick={() => onClose()}>Cancel</Button>
        <Button variant="contained" onClick={save} disabled={created.isLoading || updated.isLoading}>
          Save
        </Button>
      </DialogActions>
    </Dialog>
  );
}
