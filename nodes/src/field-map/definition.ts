import { z } from 'zod';
import type { FieldDescription, NodeProblem, NodeValidationContext } from '@isync/core';
import { defineNode } from '../definition.js';
import { expressionFields, templatePaths, topField } from '../paths.js';
import { destinationObject } from '../describe.js';
import { runFieldMap } from './runtime.js';

export const ValueSourceSchema = z.discriminatedUnion('kind', [
  /** A path into the source record: `title`, `created_by.email`, `assignees[0].uid`. */
  z.object({ kind: z.literal('path'), path: z.string().min(1).max(200) }),
  z.object({
    kind: z.literal('constant'),
    value: z.union([z.string().max(4000), z.number(), z.boolean(), z.null()]),
  }),
  /** Text with `{{path}}` placeholders: `PG-{{number}}: {{title}}`. */
  z.object({ kind: z.literal('template'), template: z.string().min(1).max(4000) }),
  /** A sandboxed JavaScript expression over `record`: `text.upper(record.title)`. */
  z.object({ kind: z.literal('expression'), expression: z.string().min(1).max(4000) }),
]);
export type ValueSource = z.infer<typeof ValueSourceSchema>;

export const FieldMappingSchema = z.object({ target: z.string().min(1).max(100), value: ValueSourceSchema });
export type FieldMapping = z.infer<typeof FieldMappingSchema>;

export const OPERATIONS = ['create', 'update'] as const;
export type Operation = (typeof OPERATIONS)[number];

/** The sandbox id of one mapping's expression. */
export const expressionId = (nodeId: string, operation: Operation, target: string) =>
  `${nodeId}:${operation}:${target}`;

const config = z.object({
  create: z.array(FieldMappingSchema).max(200).default([]),
  /** An update may map fewer fields than a create (e.g. leave a dispatcher's assignment alone). */
  update: z.array(FieldMappingSchema).max(200).default([]),
});

export const fieldMapNode = defineNode({
  type: 'field-map',
  label: 'Field map',
  icon: 'SwapHoriz',
  category: 'transform',
  description:
    'Sets destination fields from the source record: one table for create (POST) and one for update (PATCH).',
  ports: { in: ['items'], out: ['items'], maxInputs: 1, maxOutputs: 1 },
  config,
  // Called through a function: the runtime module imports this one (no cycle at load time).
  run: (items, config, context) => runFieldMap(items, config as FieldMapConfig, context),
  ui: {
    order: ['create', 'update'],
    fields: {
      create: { widget: 'mapping-tables', label: 'Create (POST)' },
      update: { widget: 'mapping-tables', label: 'Update (PATCH)' },
    },
  },
  validate(config, context) {
    const problems: NodeProblem[] = [];
    const object = destinationObject(context);
    const correlationField = context.destinationConfig?.correlationField;
    for (const operation of OPERATIONS) {
      const seen = new Set<string>();
      config[operation].forEach((mapping, index) => {
        const field = `${operation}.${index}`;
        if (typeof correlationField === 'string' && mapping.target === correlationField) {
          problems.push({
            field,
            severity: 'error',
            message: correlationMapped(correlationField, context, object?.label),
          });
        }
        if (seen.has(mapping.target)) {
          problems.push({
            field,
            severity: 'error',
            message: `${mapping.target} is mapped twice for ${operation}.`,
          });
        }
        seen.add(mapping.target);
        if (object && !object.fields.some((f) => f.name === mapping.target)) {
          problems.push({
            field,
            severity: 'error',
            message: `${object.label} has no field "${mapping.target}" (${operation}).`,
          });
        }
        if (mapping.value.kind === 'expression') {
          const why = context.environment.checkExpression(mapping.value.expression);
          if (why)
            problems.push({
              field,
              severity: 'error',
              message: `the expression for ${mapping.target} does not compile: ${why}`,
            });
        }
      });
    }
    if (config.create.length === 0 && config.update.length === 0) {
      problems.push({ field: 'create', severity: 'warning', message: 'no field is mapped yet.' });
    }
    return problems;
  },
  resolve(config, context) {
    const object = destinationObject(context);
    const fieldTypes: Record<string, Pick<FieldDescription, 'name' | 'type' | 'format'>> = {};
    for (const mapping of [...config.create, ...config.update]) {
      const field = object?.fields.find((f) => f.name === mapping.target);
      if (field)
        fieldTypes[field.name] = {
          name: field.name,
          type: field.type,
          ...(field.format && { format: field.format }),
        };
    }
    return { fieldTypes };
  },
  writes: (config, operation) => config[operation].map((mapping) => mapping.target),
  reads: (config) =>
    Object.fromEntries(config.update.map((mapping) => [mapping.target, valueReads(mapping.value)])),
  expressions(config, nodeId) {
    const expressions: Record<string, string> = {};
    for (const operation of OPERATIONS) {
      for (const mapping of config[operation]) {
        if (mapping.value.kind === 'expression')
          expressions[expressionId(nodeId, operation, mapping.target)] = mapping.value.expression;
      }
    }
    return expressions;
  },
});

/** The source record's top-level fields a value reads. */
export function valueReads(value: ValueSource): string[] {
  switch (value.kind) {
    case 'path':
      return [topField(value.path)];
    case 'template':
      return templatePaths(value.template).map(topField);
    case 'expression':
      return expressionFields(value.expression);
    case 'constant':
      return [];
  }
}

const SYSTEM_NAMES: Record<string, string> = { plangrid: 'PlanGrid', nuvolo: 'Nuvolo' };

/** Why a mapping may not set the destination's correlation field, and what to do instead. */
function correlationMapped(
  field: string,
  context: NodeValidationContext,
  objectLabel: string | undefined,
): string {
  const system = context.environment.source?.system;
  const sourceId = system && SYSTEM_NAMES[system] ? `${SYSTEM_NAMES[system]} id` : 'source record id';
  return (
    `"${field}" is the destination node's correlation field: iSync writes the ${sourceId} there to find ` +
    `the ${objectLabel?.toLowerCase() ?? 'record'} again after a crash. Map another field, or change the ` +
    `correlation field on the destination node.`
  );
}

export type FieldMapConfig = z.infer<typeof config> & {
  /** Filled in by the compiler from the destination's description. */
  fieldTypes?: Record<string, Pick<FieldDescription, 'name' | 'type' | 'format'>>;
};
