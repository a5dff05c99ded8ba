import { api, listUrl, type Page, type PageRequest } from './base';
import type { ReplayAnswer } from './runs';
import type { RecordEvent, SyncRecord } from './types';

export interface RecordFilter extends PageRequest {
  integrationId?: string;
  status?: string;
  q?: string;
}

export interface ConflictDecision {
  recordId: string;
  /** The held conflict, by its field on the source side (e.g. PlanGrid `status`). */
  sourceField: string;
  keep: 'source' | 'destination';
}

export const recordsApi = api.injectEndpoints({
  endpoints: (build) => ({
    records: build.query<Page<SyncRecord>, RecordFilter>({
      query: (filter) => listUrl('api/records', { ...filter }),
      providesTags: ['Record'],
    }),
    timeline: build.query<{ record: SyncRecord; events: RecordEvent[] }, string>({
      query: (id) => `api/records/${id}/timeline`,
      providesTags: (_r, _e, id) => [{ type: 'Record', id }],
    }),
    record: build.query<SyncRecord, string>({
      query: (id) => `api/records/${id}`,
      providesTags: (_r, _e, id) => [{ type: 'Record', id }],
    }),
    /** Two-way sync: keeps one side's value of a conflict held for review; the next run writes it across. */
    decideConflict: build.mutation<SyncRecord, ConflictDecision>({
      query: ({ recordId, ...body }) => ({
        url: `api/records/${recordId}/conflicts/decide`,
        method: 'POST',
        body,
      }),
      invalidatesTags: (_r, _e, { recordId }) => [
        { type: 'Record', id: recordId },
        'Record',
        'Exception',
        'Run',
      ],
    }),
    replayRecords: build.mutation<ReplayAnswer, string[]>({
      query: (recordIds) => ({ url: 'api/records/replay', method: 'POST', body: { recordIds } }),
      invalidatesTags: ['Record', 'Run', 'Exception'],
    }),
  }),
});

export const {
  useRecordsQuery,
  useRecordQuery,
  useTimelineQuery,
  useDecideConflictMutation,
  useReplayRecordsMutation,
} = recordsApi;
