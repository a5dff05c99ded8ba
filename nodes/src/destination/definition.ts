import { z } from 'zod';
import type { NodeProblem } from '@isync/core';
import { defineNode } from '../definition.js';
import { objectIn } from '../describe.js';

export const destinationNode = defineNode({
  type: 'destination',
  label: 'Destination',
  icon: 'CloudUpload',
  category: 'destination',
  description: 'Creates new records in the destination and updates the ones it created before.',
  ports: { in: ['items'], out: [], maxInputs: 1, maxOutputs: 0 },
  config: z.object({
    connectionId: z.string().min(1, 'choose the destination connection'),
    object: z.string().min(1, 'choose the destination table'),
    operations: z.enum(['create-and-update', 'create-only', 'update-only']).default('create-and-update'),
    /** The destination field that keeps the source id, so a record is found again after a crash. */
    correlationField: z.string().min(1).nullable().default('correlation_id'),
    /** Fields of the destination's answer kept on the record (its id and number). */
    writeBack: z.array(z.string().min(1)).max(20).default(['sys_id', 'number']),
  }),
  ui: {
    order: ['connectionId', 'object', 'operations', 'correlationField', 'writeBack'],
    fields: {
      connectionId: { widget: 'connection', label: 'Connection' },
      object: { widget: 'destination-object', label: 'Table' },
      operations: {
        widget: 'select',
        label: 'Write',
        options: [
          { value: 'create-and-update', label: 'create and update' },
          { value: 'create-only', label: 'create only' },
          { value: 'update-only', label: 'update only' },
        ],
      },
      correlationField: { widget: 'destination-field', label: 'Correlation field' },
      writeBack: { widget: 'destination-fields', label: 'Keep from the answer' },
    },
  },
  validate(config, context) {
    const problems: NodeProblem[] = [];
    const system = context.environment.destination;
    const object = objectIn(system, config.object);
    if (system && !object) {
      problems.push({
        field: 'object',
        severity: 'error',
        message: `${system.system} has no table "${config.object}".`,
      });
    }
    if (object && config.correlationField && !object.fields.some((f) => f.name === config.correlationField)) {
      problems.push({
        field: 'correlationField',
        severity: 'error',
        message: `${object.label} has no field "${config.correlationField}" to keep the source id in.`,
      });
    }
    if (!config.correlationField) {
      problems.push({
        field: 'correlationField',
        severity: 'warning',
        message: 'without a correlation field, a crash between a create and its record can duplicate it.',
      });
    }
    return problems;
  },
  target: (config) => config.object,
  writes: (config, operation) =>
    operation === 'create' && config.correlationField ? [config.correlationField] : [],
});

export type DestinationConfig = z.infer<typeof destinationNode.config>;
