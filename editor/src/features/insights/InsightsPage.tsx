import { Box, MenuItem, TextField } from '@mui/material';
import { useMemo, useState } from 'react';
import { useIntegrationsQuery } from '../../api/integrations';
import { PageHeader } from '../../components/PageHeader';
import { InsightsView } from './InsightsView';
import { daysBetween, nextDay, startOfDay, todayIn, viewerZone } from './zoned-days';

const daysBefore = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00.000Z`) - n * 86_400_000).toISOString().slice(0, 10);

/** The zones a person may count days in: their own, UTC, and the chosen integration's. */
function zoneChoices(own: string, integrationZone: string | undefined) {
  const choices = [{ value: own, label: `Your time zone (${own})` }];
  if (own !== 'UTC') choices.push({ value: 'UTC', label: 'UTC' });
  if (integrationZone && integrationZone !== own && integrationZone !== 'UTC')
    choices.push({ value: integrationZone, label: `The integration's (${integrationZone})` });
  return choices;
}

export function InsightsPage() {
  const own = useMemo(viewerZone, []);
  const [zone, setZone] = useState(own);
  const [to, setTo] = useState(() => todayIn(own));
  const [from, setFrom] = useState(() => daysBefore(todayIn(own), 6));
  const [integrationId, setIntegrationId] = useState('');
  const { data: integrations } = useIntegrationsQuery();
  const integration = integrations?.items.find((i) => i.id === integrationId);
  const zones = zoneChoices(own, integration?.settings.timezone);
  // The integration's zone goes with the integration: another choice falls back to the viewer's.
  const shown = zones.some((z) => z.value === zone) ? zone : own;
  const invalid = from > to;
  const days = useMemo(() => (invalid ? [] : daysBetween(from, to)), [from, to, invalid]);
  return (
    <>
      <PageHeader title="Insights">
        <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap' }} role="group" aria-label="Date range">
          <TextField
            select
            label="Integration"
            value={integrationId}
            onChange={(e) => setIntegrationId(e.target.value)}
            sx={{ minWidth: 200 }}
          >
            <MenuItem value="">All integrations</MenuItem>
            {(integrations?.items ?? []).map((i) => (
              <MenuItem key={i.id} value={i.id}>
                {i.title}
              </MenuItem>
            ))}
          </TextField>
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
          <TextField
            select
            label="Days in"
            value={shown}
            onChange={(e) => setZone(e.target.value)}
            sx={{ minWidth: 220 }}
          >
            {zones.map((z) => (
              <MenuItem key={z.value} value={z.value}>
                {z.label}
              </MenuItem>
            ))}
          </TextField>
        </Box>
      </PageHeader>
      {invalid || !from || !to ? null : (
        <InsightsView
          from={startOfDay(from, shown)}
          to={startOfDay(nextDay(to), shown)}
          zone={shown}
          days={days}
          {...(integrationId && { integrationId })}
        />
      )}
    </>
  );
}
