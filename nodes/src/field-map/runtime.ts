import { coerce } from '../coerce.js';
import { emptyResult, type FlowItem, type TransformRuntime } from '../definition.js';
import { getPath, renderTemplate } from '../paths.js';
import type { ExpressionResult } from '../sandbox/index.js';
import { expressionId, OPERATIONS, type FieldMapConfig, type FieldMapping } from './definition.js';

type MappedValue =
  { ok: true; value: unknown } | { ok: false; kind: 'mapping' | 'expression'; message: string };

function plainValue(mapping: FieldMapping, source: Record<string, unknown>): MappedValue {
  switch (mapping.value.kind) {
    case 'path':
      return { ok: true, value: getPath(source, mapping.value.path) ?? null };
    case 'constant':
      return { ok: true, value: mapping.value.value };
    case 'template':
      return { ok: true, value: renderTemplate(mapping.value.template, source) };
    case 'expression':
      throw new Error('expressions are evaluated per batch');
  }
}

export const runFieldMap: TransformRuntime<FieldMapConfig> = async (items, config, context) => {
  const result = emptyResult();
  for (const operation of OPERATIONS) {
    const batch = items.filter((item) => item.operation === operation);
    const mappings = config[operation];
    if (batch.length === 0) continue;

    // All of this operation's expressions run in one sandbox call over the whole batch.
    const ids = mappings
      .filter((m) => m.value.kind === 'expression')
      .map((m) => expressionId(context.nodeId, operation, m.target));
    let evaluated: Record<string, ExpressionResult>[] = [];
    if (ids.length > 0) {
      if (!context.sandbox) throw new Error('This plan has expressions but the run has no sandbox.');
      evaluated = await context.sandbox.evaluateBatch(
        batch.map((item) => item.source),
        ids,
      );
    }

    batch.forEach((item: FlowItem, index) => {
      const fields: Record<string, unknown> = {};
      for (const mapping of mappings) {
        let mapped: MappedValue;
        if (mapping.value.kind === 'expression') {
          const outcome = evaluated[index]![expressionId(context.nodeId, operation, mapping.target)]!;
          mapped = outcome.ok
            ? outcome
            : {
                ok: false,
                kind: 'expression',
                message: `The expression for ${mapping.target} failed: ${outcome.error.message}`,
              };
        } else {
          mapped = plainValue(mapping, item.source);
        }
        if (mapped.ok) {
          const type = config.fieldTypes?.[mapping.target];
          const coerced = type ? coerce(mapped.value, type) : { ok: true as const, value: mapped.value };
          mapped = coerced.ok
            ? coerced
            : { ok: false, kind: 'mapping', message: `Cannot map ${coerced.message}.` };
        }
        if (!mapped.ok) {
          result.failed.push({ item, kind: mapped.kind, message: mapped.message });
          return;
        }
        fields[mapping.target] = mapped.value;
      }
      result.out.push({ ...item, fields: { ...item.fields, ...fields } });
    });
  }
  return result;
};
