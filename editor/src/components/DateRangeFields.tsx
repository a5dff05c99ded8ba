import { Box, TextField } from '@mui/material';

/** `datetime-local` value ↔ ISO timestamp (UTC). */
export const toLocal = (iso: string | null) => (iso ? iso.slice(0, 16) : '');
export const toIso = (local: string) => (local ? new Date(`${local}:00Z`).toISOString() : null);

export const validZone = (zone: string) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return zone.trim() !== '';
  } catch {
    return false;
  }
};

export const rangeProblem = (from: string, to: string) =>
  from && to && from >= to ? 'The range must end after it starts' : '';

interface Props {
  from: string;
  to: string;
  onFrom: (value: string) => void;
  onTo: (value: string) => void;
}

/** The records' date range (UTC, either end open), as the wizard and the template form ask for it. */
export function DateRangeFields({ from, to, onFrom, onTo }: Props) {
  const rangeError = rangeProblem(from, to);
  return (
    <Box sx={{ display: 'flex', gap: 2 }}>
      <TextField
        label="Records updated from (UTC)"
        type="datetime-local"
        value={from}
        onChange={(e) => onFrom(e.target.value)}
        slotProps={{ inputLabel: { shrink: true } }}
        helperText="Empty: from the beginning"
      />
      <TextField
        label="Records updated until (UTC)"
        type="datetime-local"
        value={to}
        onChange={(e) => onTo(e.target.value)}
        error={Boolean(rangeError)}
        helperText={rangeError || 'Empty: no end'}
        slotProps={{ inputLabel: { shrink: true } }}
      />
    </Box>
  );
}
