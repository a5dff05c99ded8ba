import { Alert, Box, Button } from '@mui/material';
import { errorMessage } from '../../api/base';
import { useTestConnectionMutation } from '../../api/connections';

/** Test connection, with the API's answer in plain words under it. */
export function TestConnection({ connectionId, name }: { connectionId: string; name?: string }) {
  const [test, tested] = useTestConnectionMutation();
  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', gap: 1 }}>
      <Box>
        <Button
          variant="outlined"
          onClick={() => void test(connectionId)}
          disabled={tested.isLoading}
          aria-label={name ? `Test connection ${name}` : undefined}
        >
          {tested.isLoading ? 'Testing…' : 'Test connection'}
        </Button>
      </Box>
      {tested.data ? (
        <Alert severity={tested.data.ok ? 'success' : 'error'} role="status">
          {tested.data.message}
        </Alert>
      ) : null}
      {tested.error ? <Alert severity="error">{errorMessage(tested.error)}</Alert> : null}
    </Box>
  );
}
