import type { NodeType, Problem, UiHint } from '../../api/types';

/**
 * The config a node of this type starts from: each field's schema default, and for a status map the
 * integration's status mappings (so a status map added again keeps the table the settings hold).
 */
export function defaultConfig(
  nodeType: NodeType | undefined,
  statusMappings: readonly { from: string; to: string }[] = [],
): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(nodeType?.configSchema.properties ?? {})) {
    if (schema.default !== undefined) config[name] = structuredClone(schema.default);
  }
  if (nodeType?.type === 'status-map' && statusMappings.length > 0)
    config.table = statusMappings.map((row) => ({ ...row }));
  return config;
}

const ACTION: Record<string, string> = {
  'json-logic': 'write the rule',
  connection: 'pick a connection',
  select: 'pick one',
  'source-object': 'pick the records to read',
  'destination-object': 'pick the table to write',
  'source-field': 'pick a field',
  'destination-field': 'pick a field',
  'source-project': 'pick the project',
  'mapping-tables': 'map at least one field',
  'status-table': 'map the statuses',
  number: 'enter a number',
};

/** A schema's raw complaint ("Invalid input: expected record, received undefined") in words. */
function rawInWords(raw: string, hint: UiHint | undefined): string | null {
  const action = ACTION[hint?.widget ?? ''] ?? 'fill it in';
  if (/received undefined|Required/i.test(raw)) return `not set yet: ${action}`;
  if (/expected (string|number) to have >=?1|Too small/i.test(raw)) return `empty: ${action}`;
  if (/Invalid (input|option)|expected/i.test(raw)) return `not a valid value: ${action}`;
  return null;
}

/**
 * A compile problem as a person reads it: "Rule: not set yet — write the rule" instead of the schema's
 * "rule: Invalid input: expected record, received undefined". Problems already in words are kept.
 */
export function problemInWords(problem: Problem, nodeType: NodeType | undefined): Problem {
  // The compiler says `"Filter": rule: Invalid input: …` — the node's name, the field's path, the complaint.
  const match = /^("[^"]*": )?([\w.]+): (.*)$/.exec(problem.message);
  const field = problem.field ?? match?.[2] ?? null;
  const raw = match ? match[3]! : problem.message;
  if (!field) return problem;
  const [name, row] = field.split('.');
  const hint = nodeType?.ui.fields[name!];
  // A row of a table (`create.0.value.expression`): the row is named, and it lacks a value, not rows.
  const inRow = row !== undefined && /^\d+$/.test(row);
  const words = rawInWords(raw, inRow ? undefined : hint);
  if (!words) return problem;
  const named = `${hint?.label ?? name}${inRow ? ` row ${Number(row) + 1}` : ''}`;
  return { ...problem, field, message: `${match?.[1] ?? ''}${named}: ${words}` };
}
