import { Box, Button, FormControl, InputLabel, MenuItem, Select, TextField, Typography } from '@mui/material';
import { useState } from 'react';
import { errorMessage } from '../../api/base';
import {
  useCreateConnectionMutation,
  useUpdateConnectionMutation,
  type NewConnection,
} from '../../api/connections';
import type { ConnectionView } from '../../api/types';
import { authLabel } from '../../components/labels';

/** The credentials each kind of authentication needs (the API checks them too). */
const AUTH_FIELDS: Record<string, { name: string; label: string; secret: boolean }[]> = {
  'api-key': [{ name: 'apiKey', label: 'API key', secret: true }],
  basic: [
    { name: 'username', label: 'User name', secret: false },
    { name: 'password', label: 'Password', secret: true },
  ],
  bearer: [{ name: 'token', label: 'Token', secret: true }],
  'oauth2-client-credentials': [
    { name: 'clientId', label: 'Client id', secret: false },
    { name: 'clientSecret', label: 'Client secret', secret: true },
  ],
  'oauth2-password': [
    { name: 'clientId', label: 'Client id', secret: false },
    { name: 'clientSecret', label: 'Client secret', secret: true },
    { name: 'username', label: 'User name', secret: false },
    { name: 'password', label: 'Password', secret: true },
  ],
};

const DEFAULT_AUTH: Record<NewConnection['system'], string> = {
  plangrid: 'api-key',
  nuvolo: 'basic',
  rest: 'bearer',
  // IBM Maximo Manage's shipped definition sends an API key in the apikey header.
  maximo: 'api-key',
};

export const SYSTEM_LABEL: Record<NewConnection['system'], string> = {
  plangrid: 'PlanGrid',
  nuvolo: 'Nuvolo',
  rest: 'REST',
  maximo: 'IBM Maximo',
};

const validUrl = (value: string) => {
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
};

interface Props {
  system: NewConnection['system'];
  /** A connection of one of the tenant's own systems (system `rest`), and the authentication its definition takes. */
  tenantSystem?: { id: string; name: string; authKind: string } | undefined;
  /** The connection to change; without it, the form adds one. */
  existing?: ConnectionView;
  onSaved: (id: string) => void;
}

/**
 * Adds or changes a connection: its address and credentials (sealed by the API, never shown again). When
 * changing one, blank credentials keep the current ones; a new kind of authentication needs them all.
 */
export function ConnectionForm({ system, tenantSystem, existing, onSaved }: Props) {
  const systemLabel = tenantSystem?.name ?? SYSTEM_LABEL[system];
  const [name, setName] = useState(existing?.name ?? systemLabel);
  const [baseUrl, setBaseUrl] = useState(existing?.baseUrl ?? '');
  const [authKind, setAuthKind] = useState<string>(
    existing?.authKind ?? tenantSystem?.authKind ?? DEFAULT_AUTH[system],
  );
  const [credentials, setCredentials] = useState<Record<string, string>>({});
  const [touched, setTouched] = useState(false);
  const [create, created] = useCreateConnectionMutation();
  const [update, updated] = useUpdateConnectionMutation();
  const fields = AUTH_FIELDS[authKind] ?? [];
  // Changing a connection: blank credentials mean unchanged, unless the kind of authentication changes.
  const anyCredential = fields.some((f) => credentials[f.name]);
  const needCredentials = !existing || authKind !== existing.authKind || anyCredential;
  const missing = (field: string) => touched && needCredentials && !credentials[field];
  const urlError =
    touched && !validUrl(baseUrl) ? 'Enter the address, e.g. https://acme.service-now.com' : '';

  const save = async () => {
    setTouched(true);
    if (!validUrl(baseUrl) || name.trim() === '') return;
    if (needCredentials && fields.some((f) => !credentials[f.name])) return;
    const picked = needCredentials
      ? { credentials: Object.fromEntries(fields.map((f) => [f.name, credentials[f.name] ?? ''])) }
      : {};
    const result = existing
      ? await update({ id: existing.id, name: name.trim(), baseUrl, authKind, ...picked })
      : await create({
          system,
          name: name.trim(),
          baseUrl,
          authKind,
          credentials: picked.credentials ?? {},
          ...(tenantSystem && { options: { tenantSystemId: tenantSystem.id } }),
        });
    if (result.data) onSaved(result.data.id);
  };

  const error = created.error ?? updated.error;
  return (
    <Box
      component="fieldset"
      sx={{ border: 1, borderColor: 'divider', borderRadius: 1, p: 2, display: 'grid', gap: 2 }}
    >
      <Typography component="legend" variant="subtitle2" sx={{ px: 1 }}>
        {existing ? `Change ${existing.name}` : `New ${systemLabel} connection`}
      </Typography>
      <TextField
        label="Connection name"
        value={name}
        onChange={(e) => setName(e.target.value)}
        error={touched && name.trim() === ''}
        helperText={touched && name.trim() === '' ? 'Name the connection' : ' '}
      />
      <TextField
        label="Base URL"
        value={baseUrl}
        onChange={(e) => setBaseUrl(e.target.value.trim())}
        error={Boolean(urlError)}
        helperText={urlError || ' '}
      />
      <FormControl size="small">
        <InputLabel id={`${system}-auth-label`}>Authentication</InputLabel>
        <Select
          labelId={`${system}-auth-label`}
          label="Authentication"
          value={authKind}
          onChange={(e) => setAuthKind(e.target.value)}
        >
          {Object.keys(AUTH_FIELDS).map((kind) => (
            <MenuItem key={kind} value={kind}>
              {authLabel(kind)}
            </MenuItem>
          ))}
        </Select>
      </FormControl>
      {fields.map((field) => (
        <TextField
          key={field.name}
          label={field.label}
          type={field.secret ? 'password' : 'text'}
          autoComplete="off"
          value={credentials[field.name] ?? ''}
          onChange={(e) => setCredentials({ ...credentials, [field.name]: e.target.value })}
          error={missing(field.name)}
          helperText={
            missing(field.name)
              ? `Enter the ${field.label.toLowerCase()}`
              : existing && !needCredentials
                ? 'Leave blank to keep the current one'
                : ' '
          }
        />
      ))}
      {error ? <Typography color="error">{errorMessage(error)}</Typography> : null}
      <Box>
        <Button variant="outlined" onClick={save} disabled={created.isLoading || updated.isLoading}>
          Save connection
        </Button>
      </Box>
    </Box>
  );
}
