import { Box, TextField } from '@mui/material';
import { useState } from 'react';
import { PageHeader } from '../../components/PageHeader';
import { InsightsView } from './InsightsView';

const today = () => new Date().toISOString().slice(0, 10);
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
const startOf = (day: string) => `${day}T00:00:00.000Z`;
const endOf = (day: string) => new Date(Date.parse(startOf(day)) + 86_400_000).toISOString();

export function InsightsPage() {
  const [from, setFrom] = useState(daysAgo(6));
  const [to, setTo] = useState(today());
  const invalid = from > to;
  return (
    <>
      <PageHeader title="Insights">
        <Box sx={{ display: 'flex', gap: 2 }} role="group" aria-label="Date range">
          <TextField
            type="date"
            label="From"
            value={from}
            onChange={(e) => setFrom(e.target.value)}
            slotProps={{ inputLabel: { shrink: true } }}
          />
          <TextField
            type="date"
            label="To"
            value={to}
            onChange={(e) => setTo(e.target.value)}
            error={invalid}
            helperText={invalid ? 'Ends before it starts' : undefined}
            slotProps={{ inputLabel: { shrink: true } }}
          />
        </Box>
      </PageHeader>
      {invalid || !from || !to ? null : <InsightsView from={startOf(from)} to={endOf(to)} />}
    </>
  );
}
