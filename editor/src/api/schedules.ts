import type { Schedule } from '@isync/core';
import { api } from './base';

export interface SchedulePreview {
  /** The schedule in plain words, e.g. "Every 15 minutes". */
  summary: string;
  timezone: string;
  /** The next runs: the instant and the wall-clock time in the time zone. */
  nextRuns: { at: string; local: string }[];
  smallestGapSeconds: number | null;
  minScheduleSeconds: number;
  allowed: boolean;
  problem: string | null;
}

/** The next runs of a schedule, worked out by the API with the scheduler's own cron library. */
export const schedulesApi = api.injectEndpoints({
  endpoints: (build) => ({
    schedulePreview: build.query<SchedulePreview, { schedule: Schedule; timezone: string; count?: number }>({
      query: (body) => ({ url: 'api/schedules/preview', method: 'POST', body }),
    }),
  }),
});

export const { useSchedulePreviewQuery } = schedulesApi;
