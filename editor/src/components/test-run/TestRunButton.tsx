import { Box, Button, TextField } from '@mui/material';
import Science from '@mui/icons-material/Science';
import type { LiveTest } from './useLiveTest';

/** "Test with live data", with how many records to read (1 to 50). */
export function TestRunButton({ test, disabled = false }: { test: LiveTest; disabled?: boolean }) {
  return (
    <Box sx={{ display: 'inline-flex', gap: 1, alignItems: 'center' }}>
      <Button
        variant="outlined"
        startIcon={<Science />}
        onClick={() => void test.start()}
        disabled={disabled || test.busy}
      >
        {test.busy ? 'Testing…' : 'Test with live data'}
      </Button>
      <TextField
        size="small"
        type="number"
        label="Records"
        value={test.limit}
        onChange={(e) => test.setLimit(Math.max(1, Math.min(50, Number(e.target.value) || 1)))}
        slotProps={{ htmlInput: { min: 1, max: 50 } }}
        sx={{ width: 96 }}
      />
    </Box>
  );
}
