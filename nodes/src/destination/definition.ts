import { z } from 'zod';
import { ConflictPolicySchema, type NodeProblem } from '@isync/core';
import { defineNode } from '../definition.js';
import { objectIn } from '../describe.js';
import { ValueSourceSchema } from '../field-map/definition.js';

/**
 * "Match existing records by": before creating, the destination is searched for a record whose `field`
 * equals `value` (computed from the source record like a field map's value); a match is linked instead of
 * created. A constant would link every record to the same one, so it is refused.
 */
export const MatchExistingSchema = z.object({
  /** The destination field to search by, e.g. Nuvolo `number` or `correlation_id`. */
  field: z.string().min(1).max(100),
  /** The source value it must equal: a path (`uid`), a template (`PG-{{number}}`) or an expression. */
  value: ValueSourceSchema,
});
export type MatchExisting = z.infer<typeof MatchExistingSchema>;

/** The sandbox id of a destination node's match expression. */
export const matchExpressionId = (nodeId: string) => `${nodeId}:match`;

export const destinationNode = defineNode({
  type: 'destination',
  label: 'Destination',
  icon: 'CloudUpload',
  category: 'destination',
  description:
    'Creates new records in the destination, or links existing ones found by a key, and updates the ones it created or linked.',
  ports: { in: ['items'], out: [], maxInputs: 1, maxOutputs: 0 },
  config: z.object({
    connectionId: z.string().min(1, 'choose the destination connection'),
    object: z.string().min(1, 'choose the destination table'),
    operations: z.enum(['create-and-update', 'create-only', 'update-only']).default('create-and-update'),
    /**
     * The destination field iSync owns: it writes the source id there on every create (and link), so the
     * record is found again after a crash. No mapping may set it. Nuvolo's is `correlation_id`.
     */
    correlationField: z.string().min(1).nullable().default('correlation_id'),
    /** Before creating, link a destination record whose field equals this value instead (null: never). */
    matchExisting: MatchExistingSchema.nullable().default(null),
    /** Fields of the destination's answer kept on the record (its id and number). */
    writeBack: z.array(z.string().min(1)).max(20).default(['sys_id', 'number']),
    /**
     * Two-way flows, on the forward direction's destination: who wins when both sides changed a field written
     * both ways since the last sync, by destination field (e.g. `state`).
     */
    conflicts: z.record(z.string().min(1).max(100), ConflictPolicySchema).default({}),
  }),
  ui: {
    order: [
      'connectionId',
      'object',
      'operations',
      'correlationField',
      'matchExisting',
      'writeBack',
      'conflicts',
    ],
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
      correlationField: {
        widget: 'destination-field',
        label: 'Correlation field',
        help: 'iSync writes the source id here to find the record again after a crash; do not map it.',
      },
      matchExisting: {
        widget: 'match-key',
        label: 'Match existing records by',
        help: 'Before creating, look for a record whose field equals this source value and link it instead of creating a duplicate.',
      },
      writeBack: { widget: 'destination-fields', label: 'Keep from the answer' },
      conflicts: {
        widget: 'conflict-policies',
        label: 'When both sides changed a field',
        help: 'Two-way flows: for each field written both ways, who wins when both sides changed it since the last sync.',
      },
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
    // A destination that only updates never creates, so nothing of it can be duplicated.
    if (!config.correlationField && config.operations !== 'update-only') {
      problems.push({
        field: 'correlationField',
        severity: 'warning',
        message: 'without a correlation field, a crash between a create and its record can duplicate it.',
      });
    }
    const match = config.matchExisting;
    if (match) {
      if (object && !object.fields.some((f) => f.name === match.field)) {
        problems.push({
          field: 'matchExisting.field',
          severity: 'error',
          message: `${object.label} has no field "${match.field}" to match existing records by.`,
        });
      }
      if (match.value.kind === 'constant') {
        problems.push({
          field: 'matchExisting.value',
          severity: 'error',
          message: `a constant would match every record to the same ${object?.label ?? 'record'}; match "${match.field}" by a source field, a template or an expression.`,
        });
      }
      if (match.value.kind === 'expression') {
        const why = context.environment.checkExpression(match.value.expression);
        if (why)
          problems.push({
            field: 'matchExisting.value',
            severity: 'error',
            message: `the expression to match existing records by does not compile: ${why}`,
          });
      }
    }
    return problems;
  },
  target: (config) => config.object,
  writes: (config, operation) =>
    operation === 'create' && config.correlationField ? [config.correlationField] : [],
  expressions: (config, nodeId): Record<string, string> =>
    config.matchExisting?.value.kind === 'expression'
      ? { [matchExpressionId(nodeId)]: config.matchExisting.value.expression }
      : {},
});

export type DestinationConfig = z.infer<typeof destinationNode.config>;
