import { api, listUrl, type Page, type PageRequest } from './base';
import type { ReplayAnswer } from './runs';
import type { RecordEvent, SyncRecord } from './types';

export interface RecordFilter extends PageRequest {
  integrationId?: string;
  status?: string;
  q?: string;
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
    replayRecords: build.mutation<ReplayAnswer, string[]>({
      query: (recordIds) => ({ url: 'api/records/replay', method: 'POST', body: { recordIds } }),
      invalidatesTags: ['Record', 'Run', 'Exception'],
    }),
  }),
});

export const { useRecordsQuery, useTimelineQuery, useReplayRecordsMutation } = recordsApi;
