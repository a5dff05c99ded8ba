import {
  Alert,
  Box,
  Button,
  Checkbox,
  FormControl,
  FormControlLabel,
  FormGroup,
  InputLabel,
  MenuItem,
  Paper,
  Select,
  TextField,
  Typography,
} from '@mui/material';
import { useState } from 'react';
import { useCreateEmbedTokenMutation, useSaveEmbedOriginsMutation } from '../../api/admin';
import { useMeQuery } from '../../api/auth';
import { errorMessage } from '../../api/base';
import { useIntegrationsQuery } from '../../api/integrations';

const VIEWS = ['dashboard', 'runs', 'timeline', 'exceptions'];

const validOrigin = (line: string) => {
  try {
    return ['http:', 'https:'].includes(new URL(line).protocol);
  } catch {
    return false;
  }
};

/** Tenant admin: the portal origins allowed to frame iSync, and short-lived embed tokens. */
export function EmbedSection() {
  const { data: me } = useMeQuery();
  const { data: integrations } = useIntegrationsQuery();
  const [origins, setOrigins] = useState((me?.tenant.limits.allowedEmbedOrigins ?? []).join('\n'));
  const [saveOrigins, savedOrigins] = useSaveEmbedOriginsMutation();
  const [createToken, token] = useCreateEmbedTokenMutation();
  const [integrationId, setIntegrationId] = useState('');
  const [views, setViews] = useState<string[]>(['runs']);
  const [mode, setMode] = useState<'read-only' | 'operate'>('read-only');
  const lines = origins
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const badOrigin = lines.find((l) => !validOrigin(l));

  return (
    <Paper sx={{ p: 2 }} component="section" aria-label="Embedding">
      <Typography variant="h6" component="h2" sx={{ mb: 1 }}>
        Embedding
      </Typography>
      <Box sx={{ display: 'grid', gridTemplateColumns: { md: '1fr 1fr' }, gap: 3 }}>
        <Box sx={{ display: 'flex', flexDirection: 'column', gap: 1 }}>
          <TextField
            label="Allowed portal origins (one per line)"
            multiline
            minRows={3}
            value={origins}
            onChange={(e) => setOrigins(e.target.value)}
            error={Boolean(badOrigin)}
            helperText={badOrigin ? `${badOrigin} is not an origin such as https://portal.example.com` : ' '}
          />
          <Box>
            <Button
              variant="outlined"
              disabled={Boolean(badOrigin) || savedOrigins.isLoading}
              onClick={() => void saveOrigins(lines)}
            >
              Save origins
            </Button>
          </Box>
          {savedOrigins.isSuccess ? <Alert severity="success">Origins saved.</Alert> : null}
          {savedOrigins.error ? <Alert severity="error">{errorMessage(savedOrigins.error)}</Alert> : null}
        </Box>
        <Box sx={{ display: 'flex', flexDirection: 'column', gap: 1 }}>
          <FormControl size="small">
            <InputLabel id="embed-integration">Integration</InputLabel>
            <Select
              labelId="embed-integration"
              label="Integration"
              value={integrationId}
              onChange={(e) => setIntegrationId(e.target.value)}
            >
              {(integrations?.items ?? []).map((i) => (
                <MenuItem key={i.id} value={i.id}>
                  {i.title}
                </MenuItem>
              ))}
            </Select>
          </FormControl>
          <FormGroup row aria-label="Views">
            {VIEWS.map((v) => (
              <FormControlLabel
                key={v}
                label={v}
                control={
                  <Checkbox
                    checked={views.includes(v)}
                    onChange={(e) =>
                      setViews(e.target.checked ? [...views, v] : views.filter((x) => x !== v))
                    }
                  />
                }
              />
            ))}
          </FormGroup>
          <FormControl size="small">
            <InputLabel id="embed-mode">Mode</InputLabel>
            <Select
              labelId="embed-mode"
              label="Mode"
              value={mode}
              onChange={(e) => setMode(e.target.value as 'read-only' | 'operate')}
            >
              <MenuItem value="read-only">read-only</MenuItem>
              <MenuItem value="operate">operate (run now, replay)</MenuItem>
            </Select>
          </FormControl>
          <Box>
            <Button
              variant="contained"
              disabled={!integrationId || views.length === 0 || token.isLoading}
              onClick={() => void createToken({ integrationIds: [integrationId], views, mode })}
            >
              Create embed token
            </Button>
          </Box>
          {token.error ? <Alert severity="error">{errorMessage(token.error)}</Alert> : null}
          {token.data ? (
            <Alert severity="success">
              Valid until {new Date(token.data.expiresAt).toLocaleTimeString()}:
              {Object.entries(token.data.urls).map(([view, url]) => (
                <Box key={view} component="code" sx={{ display: 'block', wordBreak: 'break-all', mt: 0.5 }}>
                  {view}: {new URL(url, window.location.origin).href}
                </Box>
              ))}
            </Alert>
          ) : null}
        </Box>
      </Box>
    </Paper>
  );
}
