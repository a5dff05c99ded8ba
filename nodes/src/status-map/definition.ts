import { z } from 'zod';
import type { NodeProblem } from '@isync/core';
import { defineNode } from '../definition.js';
import { topField } from '../paths.js';
import { destinationObject, sourceObject } from '../describe.js';
import { runStatusMap } from './runtime.js';

const config = z.object({
  sourceField: z.string().min(1).default('status'),
  /** How to read a status object (PlanGrid RFI statuses are `{uid, label, color}`): by label or by uid. */
  match: z.enum(['value', 'label', 'uid']).default('value'),
  targetField: z.string().min(1).default('state'),
  table: z.array(z.object({ from: z.string().max(200), to: z.string().max(200) })).max(500),
  unmapped: z.enum(['fail', 'skip', 'default']).default('fail'),
  default: z.string().max(200).optional(),
  /** Deleted source records get this state (e.g. `Canceled`) whatever their status. */
  whenDeleted: z.string().max(200).optional(),
  deletedField: z.string().min(1).default('deleted'),
});

export const statusMapNode = defineNode({
  type: 'status-map',
  label: 'Status map',
  icon: 'Rule',
  category: 'transform',
  description:
    "Translates the source's status into the destination's state, with a policy for unmapped values.",
  ports: { in: ['items'], out: ['items'], maxInputs: 1, maxOutputs: 1 },
  config,
  // Called through a function: the runtime module imports this one (no cycle at load time).
  run: (items, config, context) => runStatusMap(items, config as StatusMapConfig, context),
  ui: {
    order: [
      'sourceField',
      'match',
      'targetField',
      'table',
      'unmapped',
      'default',
      'whenDeleted',
      'deletedField',
    ],
    fields: {
      sourceField: { widget: 'source-field', label: 'Source status field' },
      match: {
        widget: 'select',
        label: 'Match status by',
        options: [
          { value: 'value', label: 'Value' },
          { value: 'label', label: 'Label (status objects)' },
          { value: 'uid', label: 'Id (status objects)' },
        ],
      },
      targetField: { widget: 'destination-field', label: 'Destination state field' },
      table: {
        widget: 'status-table',
        label: 'Statuses',
        picker: { from: 'source-status', to: 'destination-state' },
      },
      unmapped: {
        widget: 'select',
        label: 'A status with no row',
        options: [
          { value: 'fail', label: 'fails the record' },
          { value: 'skip', label: 'skips the record' },
          { value: 'default', label: 'gets the default state' },
        ],
      },
      default: { widget: 'text', label: 'Default state' },
      whenDeleted: { widget: 'text', label: 'State for deleted records' },
      deletedField: { widget: 'source-field', label: 'Source field that marks a deleted record' },
    },
  },
  validate(config, context) {
    const problems: NodeProblem[] = [];
    if (config.unmapped === 'default' && !config.default) {
      problems.push({
        field: 'default',
        severity: 'error',
        message: 'give the default state for unmapped statuses.',
      });
    }
    const froms = new Set<string>();
    config.table.forEach((row, index) => {
      if (froms.has(row.from)) {
        problems.push({
          field: `table.${index}`,
          severity: 'error',
          message: `"${row.from}" is mapped twice.`,
        });
      }
      froms.add(row.from);
    });
    const destination = destinationObject(context);
    if (destination) {
      if (!destination.fields.some((f) => f.name === config.targetField)) {
        problems.push({
          field: 'targetField',
          severity: 'error',
          message: `${destination.label} has no field "${config.targetField}".`,
        });
      }
      const states = new Set(destination.statuses.flatMap((s) => [s.value, s.label]));
      const targets: [string, string | undefined][] = [
        ...config.table.map((row, index): [string, string] => [`table.${index}`, row.to]),
        ['default', config.default],
        ['whenDeleted', config.whenDeleted],
      ];
      for (const [field, state] of targets) {
        if (state !== undefined && !states.has(state)) {
          problems.push({
            field,
            severity: 'error',
            message: `${destination.label} has no state "${state}".`,
          });
        }
      }
    }
    const source = sourceObject(context);
    if (source && config.unmapped !== 'default') {
      const key = config.match === 'uid' ? 'value' : config.match === 'label' ? 'label' : 'value';
      for (const status of source.statuses) {
        // A value may be picked by its label too (a two-way flow's way back reads ServiceNow states).
        if (!froms.has(status[key]) && !(config.match === 'value' && froms.has(status.label))) {
          problems.push({
            field: 'table',
            severity: 'warning',
            message: `the source status "${status[key]}" has no row; such records will ${config.unmapped === 'skip' ? 'be skipped' : 'fail'}.`,
          });
        }
      }
    }
    return problems;
  },
  /**
   * Users pick states by label; the systems store their values (ServiceNow `2` for "Open"): on the
   * destination side, and on the source side when statuses are matched by value.
   */
  resolve(config, context) {
    const valueIn = (statuses: { value: string; label: string }[]) => (state: string | undefined) =>
      state === undefined
        ? undefined
        : (statuses.find((s) => s.value === state)?.value ??
          statuses.find((s) => s.label === state)?.value ??
          state);
    const valueOf = valueIn(destinationObject(context)?.statuses ?? []);
    const fromValueOf = config.match === 'value' ? valueIn(sourceObject(context)?.statuses ?? []) : String;
    return {
      table: config.table.map((row) => ({ from: fromValueOf(row.from)!, to: valueOf(row.to)! })),
      ...(config.default !== undefined && { default: valueOf(config.default) }),
      ...(config.whenDeleted !== undefined && { whenDeleted: valueOf(config.whenDeleted) }),
    };
  },
  writes: (config) => [config.targetField],
  reads: (config) => ({
    [config.targetField]: [topField(config.sourceField), topField(config.deletedField)],
  }),
});

export type StatusMapConfig = z.infer<typeof config>;
