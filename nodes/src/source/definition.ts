import { z } from 'zod';
import { TimestampSchema } from '@isync/core';
import { defineNode } from '../definition.js';
import { objectIn } from '../describe.js';

export const sourceNode = defineNode({
  type: 'source',
  label: 'Source',
  icon: 'CloudDownload',
  category: 'source',
  description: 'Pulls records updated since the last run from the source system, page by page.',
  ports: { in: [], out: ['items'], maxInputs: 0, maxOutputs: 1 },
  config: z.object({
    connectionId: z.string().min(1, 'choose the source connection'),
    object: z.string().min(1, 'choose what to sync'),
    /** The container the records live in (a PlanGrid project), where the system has one. */
    project: z.string().max(200).optional(),
    dateRange: z
      .object({ from: TimestampSchema.nullable(), to: TimestampSchema.nullable() })
      .default({ from: null, to: null }),
    pageSize: z.number().int().min(1).max(500).default(50),
  }),
  ui: {
    order: ['connectionId', 'object', 'project', 'dateRange', 'pageSize'],
    fields: {
      connectionId: { widget: 'connection', label: 'Connection' },
      object: { widget: 'source-object', label: 'Records' },
      project: { widget: 'source-project', label: 'Project', help: 'The PlanGrid project to sync.' },
      dateRange: { widget: 'date-range', label: 'Updated between', help: 'Leave open to sync everything.' },
      pageSize: { widget: 'number', label: 'Page size' },
    },
  },
  validate(config, context) {
    const system = context.environment.source;
    const object = objectIn(system, config.object);
    if (system && !object) {
      return [
        {
          field: 'object',
          severity: 'error',
          message: `${system.system} has no "${config.object}" to read.`,
        },
      ];
    }
    if (object?.syncable === false) {
      return [
        {
          field: 'object',
          severity: 'error',
          message: `${object.label} can only be looked up, not synced; choose records to sync.`,
        },
      ];
    }
    const { from, to } = config.dateRange;
    if (from && to && from >= to) {
      return [{ field: 'dateRange', severity: 'error', message: 'the date range ends before it starts.' }];
    }
    return [];
  },
});

export type SourceConfig = z.infer<typeof sourceNode.config>;
