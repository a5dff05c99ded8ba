import { Alert, Box, Button, Paper, TextField, Typography } from '@mui/material';
import { useState } from 'react';
import { useConnectionHostsQuery, useSaveConnectionHostsMutation } from '../../api/admin';
import { errorMessage } from '../../api/base';

/**
 * Tenant admin: private hosts the tenant's connections may reach (an on-premises Maximo, an ERP on the
 * corporate network) where the platform refuses loopback and private addresses. The API checks each entry.
 */
export function ConnectionHostsSection() {
  const { data, isLoading } = useConnectionHostsQuery();
  return (
    <Paper sx={{ p: 2 }} component="section" aria-label="Private hosts">
      <Typography variant="h6" component="h2" sx={{ mb: 1 }}>
        Private hosts
      </Typography>
      {isLoading || !data ? null : <HostsForm initial={data.hosts} />}
    </Paper>
  );
}

function HostsForm({ initial }: { initial: string[] }) {
  const [text, setText] = useState(initial.join('\n'));
  const [save, saved] = useSaveConnectionHostsMutation();
  const hosts = text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', gap: 1, maxWidth: 560 }}>
      <Typography variant="body2" color="text.secondary">
        Where iSync refuses private addresses (as it does in production), list the private hosts your
        connections need: host names, addresses or CIDR ranges such as 10.20.0.0/16, one per line.
      </Typography>
      <TextField
        label="Allowed private hosts (one per line)"
        multiline
        minRows={3}
        value={text}
        onChange={(e) => setText(e.target.value)}
      />
      <Box>
        <Button variant="outlined" disabled={saved.isLoading} onClick={() => void save(hosts)}>
          Save hosts
        </Button>
      </Box>
      {saved.isSuccess ? <Alert severity="success">Private hosts saved.</Alert> : null}
      {saved.error ? <Alert severity="error">{errorMessage(saved.error)}</Alert> : null}
    </Box>
  );
}
