import {
  Avatar,
  Box,
  Button,
  Divider,
  FormControl,
  InputLabel,
  Menu,
  MenuItem,
  Select,
  Typography,
} from '@mui/material';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useTenantsQuery } from '../../api/admin';
import { useLogoutMutation, useMeQuery, useSwitchTenantMutation } from '../../api/auth';
import { api } from '../../api/base';
import { csrfTokenSet } from '../../api/session';
import { useAppDispatch } from '../../app/hooks';

function TenantSwitch({ current }: { current: string }) {
  const { data } = useTenantsQuery();
  const [switchTenant] = useSwitchTenantMutation();
  const dispatch = useAppDispatch();
  const tenants = data?.items ?? [];
  return (
    <FormControl size="small" fullWidth sx={{ mt: 1 }}>
      <InputLabel id="tenant-switch-label">Act for tenant</InputLabel>
      <Select
        labelId="tenant-switch-label"
        label="Act for tenant"
        value={tenants.some((t) => t.tenant.id === current) ? current : ''}
        onChange={async (event) => {
          const result = await switchTenant({ tenantId: event.target.value });
          if ('data' in result) dispatch(api.util.resetApiState());
        }}
      >
        {tenants.map(({ tenant }) => (
          <MenuItem key={tenant.id} value={tenant.id}>
            {tenant.name}
          </MenuItem>
        ))}
      </Select>
    </FormControl>
  );
}

/** Who is signed in, for which tenant, with which role; switch tenant (platform admin); sign out. */
export function UserMenu() {
  const { data: me } = useMeQuery();
  const [logout] = useLogoutMutation();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const dispatch = useAppDispatch();
  const navigate = useNavigate();
  if (!me) return null;
  const signOut = async () => {
    await logout();
    dispatch(csrfTokenSet(null));
    dispatch(api.util.resetApiState());
    navigate('/signin');
  };
  return (
    <>
      <Button
        color="inherit"
        onClick={(e) => setAnchor(e.currentTarget)}
        aria-haspopup="menu"
        aria-label={`User menu: ${me.user.name}, ${me.tenant.name}, ${me.role}`}
        startIcon={<Avatar sx={{ width: 28, height: 28 }}>{me.user.name.slice(0, 1).toUpperCase()}</Avatar>}
        sx={{ textTransform: 'none' }}
      >
        <Box sx={{ textAlign: 'left', lineHeight: 1.1 }}>
          <Typography variant="body2">{me.tenant.name}</Typography>
          <Typography variant="caption">{me.role}</Typography>
        </Box>
      </Button>
      <Menu anchorEl={anchor} open={Boolean(anchor)} onClose={() => setAnchor(null)}>
        <Box sx={{ px: 2, py: 1, minWidth: 260 }}>
          <Typography variant="subtitle2">{me.user.name}</Typography>
          <Typography variant="body2" color="text.secondary">
            {me.user.email}
          </Typography>
          <Typography variant="body2">
            Tenant: <strong>{me.tenant.name}</strong>
          </Typography>
          <Typography variant="body2">
            Role: <strong>{me.role}</strong>
          </Typography>
          {me.role === 'platform-admin' ? <TenantSwitch current={me.tenant.id} /> : null}
        </Box>
        <Divider />
        <MenuItem onClick={signOut}>Sign out</MenuItem>
      </Menu>
    </>
  );
}
