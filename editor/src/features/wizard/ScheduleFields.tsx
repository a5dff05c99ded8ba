import { Alert, Box, FormControl, InputLabel, MenuItem, Select, TextField, Typography } from '@mui/material';
import type { Schedule } from '@isync/core';
import { useEffect, useState } from 'react';
import { errorMessage } from '../../api/base';
import { useSchedulePreviewQuery, type SchedulePreview } from '../../api/schedules';

export type ScheduleUnit = 'seconds' | 'minutes' | 'hours' | 'days' | 'cron';

const UNIT_SECONDS = { seconds: 1, minutes: 60, hours: 3600, days: 86_400 } as const;
const UNIT_LABELS: Record<ScheduleUnit, string> = {
  seconds: 'Every N seconds',
  minutes: 'Every N minutes',
  hours: 'Every N hours',
  days: 'Every N days',
  cron: 'On a cron schedule',
};

/** How the form shows a stored schedule: the largest whole unit of an interval, or its cron. */
export interface ScheduleForm {
  unit: ScheduleUnit;
  every: string;
  expression: string;
}

export function scheduleForm(schedule: Schedule): ScheduleForm {
  if (schedule.kind === 'cron') return { unit: 'cron', every: '15', expression: schedule.expression };
  const unit = (['days', 'hours', 'minutes'] as const).find(
    (u) => schedule.everySeconds % UNIT_SECONDS[u] === 0,
  );
  return unit
    ? { unit, every: String(schedule.everySeconds / UNIT_SECONDS[unit]), expression: '0 * * * *' }
    : { unit: 'seconds', every: String(schedule.everySeconds), expression: '0 * * * *' };
}

/** The schedule the form stands for, or a problem to show next to the field. */
export function scheduleOf(form: ScheduleForm): { schedule: Schedule } | { problem: string } {
  if (form.unit === 'cron') {
    const expression = form.expression.trim();
    return expression.length < 9
      ? { problem: 'Enter a cron such as 0 7 * * 1-5 (minute hour day month weekday)' }
      : { schedule: { kind: 'cron', expression } };
  }
  const n = Number(form.every);
  if (!Number.isInteger(n) || n < 1) return { problem: 'Enter a whole number, at least 1' };
  return { schedule: { kind: 'interval', everySeconds: n * UNIT_SECONDS[form.unit] } };
}

/**
 * The wizard's frequency: every N seconds, minutes, hours or days, or a cron, with the next runs in the
 * integration's time zone as the API (the scheduler's own cron library) works them out.
 */
export function ScheduleFields({
  form,
  onChange,
  timezone,
}: {
  form: ScheduleForm;
  onChange: (form: ScheduleForm) => void;
  timezone: string;
}) {
  const chosen = scheduleOf(form);
  // Asked for once typing pauses, not on every key.
  const [asked, setAsked] = useState<{ schedule: Schedule; timezone: string } | null>(null);
  const key = 'schedule' in chosen ? JSON.stringify([chosen.schedule, timezone]) : null;
  useEffect(() => {
    if (!key) return;
    const [schedule, zone] = JSON.parse(key) as [Schedule, string];
    const timer = setTimeout(() => setAsked({ schedule, timezone: zone }), 350);
    return () => clearTimeout(timer);
  }, [key]);
  const preview = useSchedulePreviewQuery(
    asked ? { ...asked, count: 5 } : { schedule: { kind: 'interval', everySeconds: 900 }, timezone },
    {
      skip: !asked,
    },
  );

  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', gap: 1 }}>
      <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap' }}>
        <FormControl size="small" sx={{ minWidth: 240 }}>
          <InputLabel id="frequency-label">Frequency</InputLabel>
          <Select
            labelId="frequency-label"
            label="Frequency"
            value={form.unit}
            onChange={(e) => onChange({ ...form, unit: e.target.value as ScheduleUnit })}
          >
            {(Object.keys(UNIT_LABELS) as ScheduleUnit[]).map((unit) => (
              <MenuItem key={unit} value={unit}>
                {UNIT_LABELS[unit]}
              </MenuItem>
            ))}
          </Select>
        </FormControl>
        {form.unit === 'cron' ? (
          <TextField
            size="small"
            label="Cron"
            value={form.expression}
            onChange={(e) => onChange({ ...form, expression: e.target.value })}
            error={'problem' in chosen}
            helperText={
              'problem' in chosen ? chosen.problem : 'minute hour day month weekday (seconds first if six)'
            }
            sx={{ minWidth: 280 }}
          />
        ) : (
          <TextField
            size="small"
            type="number"
            label={`Every how many ${form.unit}`}
            value={form.every}
            onChange={(e) => onChange({ ...form, every: e.target.value })}
            error={'problem' in chosen}
            helperText={'problem' in chosen ? chosen.problem : ' '}
            slotProps={{ htmlInput: { min: 1, step: 1 } }}
            sx={{ maxWidth: 200 }}
          />
        )}
      </Box>
      <SchedulePreviewText preview={asked && 'schedule' in chosen ? preview : null} timezone={timezone} />
    </Box>
  );
}

function SchedulePreviewText({
  preview,
  timezone,
}: {
  preview: { isLoading: boolean; error?: unknown; data?: SchedulePreview | undefined } | null;
  timezone: string;
}) {
  if (!preview || preview.isLoading) return null;
  if (preview.error) return <Alert severity="error">{errorMessage(preview.error)}</Alert>;
  const data = preview.data;
  if (!data) return null;
  return (
    <Box aria-label="Next runs">
      <Typography variant="body2">
        {data.summary}. Next runs ({timezone}):
      </Typography>
      <Box component="ul" sx={{ m: 0, pl: 3 }}>
        {data.nextRuns.map((run) => (
          <Typography component="li" variant="body2" key={run.at}>
            {run.local}
          </Typography>
        ))}
      </Box>
      {data.problem ? (
        <Alert severity="warning" sx={{ mt: 1 }}>
          {data.problem}
        </Alert>
      ) : null}
    </Box>
  );
}
