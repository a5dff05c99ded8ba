import { Box, TextField } from '@mui/material';
import { useState } from 'react';
import { useSaveSettingsMutation } from '../../api/integrations';
import type { IntegrationView } from '../../api/types';
import { DateRangeFields, rangeProblem, toIso, toLocal, validZone } from '../../components/DateRangeFields';
import { configOf } from '../../components/flow';
import { StatusTable, type StatusRow } from '../../components/StatusTable';
import { useObjects } from '../../components/useObjects';
import { ScheduleFields, scheduleForm, scheduleOf } from './ScheduleFields';
import { StepActions } from './StepActions';

/** Step 5: frequency, date range, time zone and the status-mapping table. */
export function SettingsStep({
  integration,
  onBack,
  onDone,
}: {
  integration: IntegrationView;
  onBack: () => void;
  onDone: () => void;
}) {
  const { schedule, settings } = integration;
  const [frequency, setFrequency] = useState(() => scheduleForm(schedule));
  const [from, setFrom] = useState(toLocal(settings.dateRange.from));
  const [to, setTo] = useState(toLocal(settings.dateRange.to));
  const [timezone, setTimezone] = useState(
    settings.timezone || Intl.DateTimeFormat().resolvedOptions().timeZone,
  );
  const objects = useObjects(integration.flow);
  const table = configOf(integration.flow, 'status-map').table;
  const saved = Array.isArray(table) ? (table as StatusRow[]) : settings.statusMappings;
  const [rows, setRows] = useState<StatusRow[] | null>(saved.length > 0 ? saved : null);
  const states = objects.destination?.statuses ?? [];
  // Each source status starts on the destination state of the same name, when there is one.
  const suggested = (objects.source?.statuses ?? []).map((s) => ({
    from: s.value,
    to: states.find((state) => state.label.toLowerCase() === s.label.toLowerCase())?.value ?? '',
  }));
  const shown = rows ?? suggested;
  const [save, saving] = useSaveSettingsMutation();
  const zoneError = !validZone(timezone) ? 'Enter a time zone such as Europe/Paris' : '';
  const rangeError = rangeProblem(from, to);

  const chosen = scheduleOf(frequency);

  const next = async () => {
    if (zoneError || rangeError || !('schedule' in chosen)) return;
    const result = await save({
      id: integration.id,
      schedule: chosen.schedule,
      dateRange: { from: toIso(from), to: toIso(to) },
      timezone,
      statusMappings: shown.filter((row) => row.from !== '' && row.to !== ''),
    });
    if ('data' in result) onDone();
  };

  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', gap: 2, maxWidth: 760 }}>
      <ScheduleFields
        form={frequency}
        onChange={setFrequency}
        timezone={validZone(timezone) ? timezone : 'UTC'}
      />
      <DateRangeFields from={from} to={to} onFrom={setFrom} onTo={setTo} />
      <TextField
        label="Time zone"
        value={timezone}
        onChange={(e) => setTimezone(e.target.value)}
        error={Boolean(zoneError)}
        helperText={zoneError || ' '}
        sx={{ maxWidth: 320 }}
      />
      <StatusTable
        label="Status mapping"
        rows={shown}
        onChange={setRows}
        sourceStatuses={objects.source?.statuses ?? []}
        destinationStates={objects.destination?.statuses ?? []}
      />
      <StepActions onBack={onBack} onNext={next} busy={saving.isLoading} error={saving.error} />
    </Box>
  );
}
