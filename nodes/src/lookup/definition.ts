import { z } from 'zod';
import type { NodeProblem } from '@isync/core';
import { defineNode } from '../definition.js';
import { topField } from '../paths.js';
import { objectIn } from '../describe.js';
import { runLookup } from './runtime.js';

const config = z.object({
  through: z.enum(['destination', 'source']).default('destination'),
  /** The object to search, e.g. `x_nuvo_eam_elocation`. */
  object: z.string().min(1),
  /** The field compared with the source value, e.g. `name`. */
  matchField: z.string().min(1),
  /** Where the value comes from in the source record, e.g. `room`. */
  sourcePath: z.string().min(1),
  /**
   * `fields` reads `sourcePath` from the destination fields set upstream instead of the source record,
   * so lookups chain (a PlanGrid assignee uid → their e-mail → the Nuvolo user with that e-mail).
   */
  valueFrom: z.enum(['source', 'fields']).default('source'),
  /** The destination field to set, e.g. `work_location`. */
  targetField: z.string().min(1),
  /** The found record's field to put there, e.g. `sys_id`. */
  returnField: z.string().min(1).default('sys_id'),
  onMissing: z.enum(['leave-empty', 'skip', 'fail']).default('leave-empty'),
});

export const lookupNode = defineNode({
  type: 'lookup',
  label: 'Lookup',
  icon: 'ManageSearch',
  category: 'transform',
  description:
    'Resolves a source value through a system, e.g. a PlanGrid room name to the Nuvolo location it names.',
  ports: { in: ['items'], out: ['items'], maxInputs: 1, maxOutputs: 1 },
  config,
  // Called through a function: the runtime module imports this one (no cycle at load time).
  run: (items, config, context) => runLookup(items, config as LookupConfig, context),
  ui: {
    order: [
      'through',
      'object',
      'matchField',
      'valueFrom',
      'sourcePath',
      'targetField',
      'returnField',
      'onMissing',
    ],
    fields: {
      through: {
        widget: 'select',
        label: 'Look up in',
        options: [
          { value: 'destination', label: 'the destination' },
          { value: 'source', label: 'the source' },
        ],
      },
      object: { widget: 'destination-object', label: 'Table' },
      matchField: { widget: 'destination-field', label: 'Where' },
      valueFrom: {
        widget: 'select',
        label: 'equals a value from',
        options: [
          { value: 'source', label: 'the source record' },
          { value: 'fields', label: 'the fields mapped so far' },
        ],
      },
      sourcePath: { widget: 'source-field', label: 'equals the source field' },
      targetField: { widget: 'destination-field', label: 'Set the field' },
      returnField: { widget: 'text', label: 'to the found record’s' },
      onMissing: {
        widget: 'select',
        label: 'When nothing is found',
        options: [
          { value: 'leave-empty', label: 'leave the field empty' },
          { value: 'skip', label: 'skip the record' },
          { value: 'fail', label: 'fail the record' },
        ],
      },
    },
  },
  validate(config, context) {
    const problems: NodeProblem[] = [];
    const system =
      config.through === 'destination' ? context.environment.destination : context.environment.source;
    const object = objectIn(system, config.object);
    if (system && !object) {
      problems.push({
        field: 'object',
        severity: 'error',
        message: `${system.system} has no "${config.object}".`,
      });
    }
    if (object && !object.fields.some((f) => f.name === config.matchField)) {
      problems.push({
        field: 'matchField',
        severity: 'error',
        message: `${object.label} has no field "${config.matchField}".`,
      });
    }
    const connection = config.through === 'destination' ? context.destinationConfig : context.sourceConfig;
    if (!connection?.connectionId) {
      problems.push({
        field: 'through',
        severity: 'error',
        message: `the ${config.through} has no connection yet.`,
      });
    }
    return problems;
  },
  resolve(config, context) {
    const connection = config.through === 'destination' ? context.destinationConfig : context.sourceConfig;
    const project = config.through === 'source' ? context.sourceConfig?.project : undefined;
    return {
      connectionId: connection?.connectionId ?? null,
      ...(typeof project === 'string' && { project }),
    };
  },
  writes: (config) => [config.targetField],
  reads: (config) => ({
    [config.targetField]: config.valueFrom === 'source' ? [topField(config.sourcePath)] : [],
  }),
});

export type LookupConfig = z.infer<typeof config> & {
  /** Filled in by the compiler: the connection searched, and the source's project for a source lookup. */
  connectionId?: string | null;
  project?: string;
};
