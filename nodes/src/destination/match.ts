import type { DestinationRef } from '../connectors/connector.js';
import type { FlowItem, RuntimeContext } from '../definition.js';
import { getPath, renderTemplate, templatePaths } from '../paths.js';
import { matchExpressionId, type MatchExisting } from './definition.js';

/** One item's key for "match existing records by": text to look up, null (nothing to match), or why not. */
export type MatchKey =
  { ok: true; value: string | null } | { ok: false; kind: 'expression' | 'mapping'; message: string };

const missing = (value: unknown) => value === undefined || value === null || value === '';

function keyOf(value: unknown, field: string): MatchKey {
  if (missing(value)) return { ok: true, value: null };
  if (typeof value === 'string') return { ok: true, value };
  if (typeof value === 'number' || typeof value === 'boolean') return { ok: true, value: String(value) };
  return {
    ok: false,
    kind: 'mapping',
    message: `The value to match existing records by (${field}) is ${Array.isArray(value) ? 'a list' : 'an object'}, not text; match by one of its fields.`,
  };
}

/**
 * The key of each item, in order: its source value for the destination field it is matched by. A template
 * with a missing part gives no key (a partial key would match the wrong record); an expression runs once
 * for the whole batch in the plan's sandbox.
 */
export async function matchKeys(
  items: readonly FlowItem[],
  match: MatchExisting,
  context: Pick<RuntimeContext, 'nodeId' | 'sandbox'>,
): Promise<MatchKey[]> {
  const { field, value } = match;
  switch (value.kind) {
    case 'path':
      return items.map((item) => keyOf(getPath(item.source, value.path), field));
    case 'template': {
      const paths = templatePaths(value.template);
      return items.map((item) =>
        paths.some((path) => missing(getPath(item.source, path)))
          ? { ok: true, value: null }
          : keyOf(renderTemplate(value.template, item.source), field),
      );
    }
    case 'constant':
      // The compiler refuses it: every record would match the same destination record.
      return items.map(() => ({
        ok: false,
        kind: 'mapping',
        message: `A constant cannot match existing records by ${field}; use a source field, a template or an expression.`,
      }));
    case 'expression': {
      if (!context.sandbox) throw new Error('This plan has expressions but the run has no sandbox.');
      const results = await context.sandbox.evaluate(
        matchExpressionId(context.nodeId),
        items.map((item) => item.source),
      );
      return results.map((result) =>
        result.ok
          ? keyOf(result.value, field)
          : {
              ok: false,
              kind: 'expression',
              message: `The expression to match existing records by (${field}) failed: ${result.error.message}`,
            },
      );
    }
  }
}

/** What "match existing records by" decides for one create: link the record its key found, create, or refuse. */
export type MatchDecision =
  { kind: 'link'; ref: DestinationRef } | { kind: 'create' } | { kind: 'refuse'; message: string };

const shareAdvice =
  'two records cannot share one destination record. Give the records distinct keys, or change "match ' +
  'existing records by" on the destination node.';

/**
 * Decides, in order, what each keyed create does with the destination records its key found (`found`, by
 * key): one destination record is never linked to two source records, and one key is never written twice.
 * `taken` holds the keys records met before took, each with its source record; a run keeps one across its
 * batches (they overlap, so a create may not have landed when the next batch looks its key up). Records
 * refused take nothing.
 */
export function decideMatches(
  keyed: readonly { sourceId: string; value: string }[],
  found: ReadonlyMap<string, DestinationRef>,
  field: string,
  taken = new Map<string, string>(),
): MatchDecision[] {
  const linkedBy = new Map<string, string>();
  return keyed.map(({ sourceId, value }): MatchDecision => {
    const ref = found.get(value);
    const other = (ref && linkedBy.get(ref.id)) ?? taken.get(value);
    if (other !== undefined && other !== sourceId) {
      const message = ref
        ? `${ref.number ?? ref.id} has ${field} "${value}", and so has source record ${other}, which is ` +
          `linked to it: ${shareAdvice}`
        : `Source record ${other} has ${field} "${value}" too, and this run writes it to the destination: ` +
          shareAdvice;
      return { kind: 'refuse', message };
    }
    taken.set(value, sourceId);
    if (!ref) return { kind: 'create' };
    linkedBy.set(ref.id, sourceId);
    return { kind: 'link', ref };
  });
}
