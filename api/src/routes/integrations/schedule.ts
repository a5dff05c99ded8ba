import { z } from 'zod';
import { ScheduleSchema, TimestampSchema, ValidationError, type Schedule, type Tenant } from '@isync/core';
import { assertSchedulable, nextFireTimes, ScheduleProblem, smallestGapSeconds } from '@isync/executor';
import { ApiError } from '../../http/errors.js';

/**
 * A schedule is checked by the scheduler's own cron library (croner) before it is stored: a cron croner
 * refuses, one that never fires or an unknown time zone is a 400 naming the field; a schedule whose two
 * closest fire times are nearer than the tenant's minimum (a seconds-field cron too) is refused naming the
 * limit.
 */
export function checkSchedule(schedule: Schedule, tenant: Tenant, timezone = 'UTC', now = new Date()): void {
  const gap = schedulableGap(schedule, timezone, now);
  const minimum = tenant.limits.minScheduleSeconds;
  if (gap !== null && gap < minimum) {
    const often = schedule.kind === 'cron' ? `"${schedule.expression}" fires ${gap} s apart; runs` : 'Runs';
    throw new ApiError(
      'limit_exceeded',
      `${often} can be at most every ${minimum} s for ${tenant.name} (minScheduleSeconds).`,
      403,
      {
        limit: 'minScheduleSeconds',
        max: minimum,
        field: schedule.kind === 'cron' ? 'schedule.expression' : 'schedule.everySeconds',
        smallestGapSeconds: gap,
      },
    );
  }
}

/** The smallest gap between fire times, or a ValidationError naming the field that cannot be scheduled. */
export function schedulableGap(schedule: Schedule, timezone: string, now = new Date()): number | null {
  try {
    assertSchedulable(schedule, timezone);
    return smallestGapSeconds(schedule, timezone, now);
  } catch (error) {
    if (error instanceof ScheduleProblem)
      throw new ValidationError(error.message, { field: error.field, reason: error.reason });
    throw error;
  }
}

export const SchedulePreviewRequest = z.object({
  schedule: ScheduleSchema,
  timezone: z.string().min(1).max(64).default('UTC'),
  count: z.number().int().min(1).max(20).default(5),
});

export const SchedulePreview = z.object({
  /** The schedule in plain words, e.g. "Every 15 minutes" or "On the cron 0 7 * * 1-5". */
  summary: z.string(),
  timezone: z.string(),
  /** The next fire times: the instant, and the wall-clock time in the time zone in plain words. */
  nextRuns: z.array(z.object({ at: TimestampSchema, local: z.string() })),
  smallestGapSeconds: z.number().nullable(),
  minScheduleSeconds: z.number(),
  /** Whether the tenant's minimum allows it; when not, `problem` says why. */
  allowed: z.boolean(),
  problem: z.string().nullable(),
});

const UNITS = [
  [86_400, 'day'],
  [3600, 'hour'],
  [60, 'minute'],
  [1, 'second'],
] as const;

/** "Every 15 minutes", "Every hour", "Every 90 seconds". */
export function everyInWords(seconds: number): string {
  const [size, unit] = UNITS.find(([size]) => seconds % size === 0)!;
  const n = seconds / size;
  return n === 1 ? `Every ${unit}` : `Every ${n} ${unit}s`;
}

/** The next runs of a schedule and whether the tenant may use it; a 400 naming the field when it cannot run. */
export function previewSchedule(
  request: z.output<typeof SchedulePreviewRequest>,
  tenant: Tenant,
  now = new Date(),
): z.infer<typeof SchedulePreview> {
  const { schedule, timezone, count } = request;
  const gap = schedulableGap(schedule, timezone, now);
  const minimum = tenant.limits.minScheduleSeconds;
  const withSeconds = gap !== null && gap < 60;
  const local = new Intl.DateTimeFormat('en-GB', {
    timeZone: timezone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    ...(withSeconds && { second: '2-digit' }),
    timeZoneName: 'short',
  });
  const allowed = gap === null || gap >= minimum;
  return {
    summary:
      schedule.kind === 'interval'
        ? everyInWords(schedule.everySeconds)
        : `On the cron "${schedule.expression}"${
            gap !== null
              ? `, at least ${everyInWords(gap)
                  .toLowerCase()
                  .replace(/^every /, '')} apart`
              : ''
          }`,
    timezone,
    nextRuns: nextFireTimes(schedule, timezone, now, count).map((at) => ({
      at: at.toISOString(),
      local: local.format(at),
    })),
    smallestGapSeconds: gap,
    minScheduleSeconds: minimum,
    allowed,
    problem: allowed
      ? null
      : `Runs can be at most every ${minimum} s for ${tenant.name} (minScheduleSeconds); this schedule runs ${gap} s apart.`,
  };
}
