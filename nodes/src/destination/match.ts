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
