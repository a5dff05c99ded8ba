import { emptyResult, type TransformRuntime } from '../definition.js';
import { getPath } from '../paths.js';
import type { StatusMapConfig } from './definition.js';

/** The status as the table's `from` column names it: a string, or a status object's label or uid. */
function statusKey(value: unknown, match: StatusMapConfig['match']): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'object') {
    const status = value as Record<string, unknown>;
    const key = match === 'uid' ? status.uid : (status.label ?? status.value);
    return key === undefined || key === null ? null : String(key);
  }
  return String(value);
}

export const runStatusMap: TransformRuntime<StatusMapConfig> = async (items, config) => {
  const result = emptyResult();
  const table = new Map(config.table.map((row) => [row.from, row.to]));
  for (const item of items) {
    if (config.whenDeleted !== undefined && getPath(item.source, config.deletedField) === true) {
      result.out.push({ ...item, fields: { ...item.fields, [config.targetField]: config.whenDeleted } });
      continue;
    }
    const status = statusKey(getPath(item.source, config.sourceField), config.match);
    const mapped = status === null ? undefined : table.get(status);
    if (mapped !== undefined) {
      result.out.push({ ...item, fields: { ...item.fields, [config.targetField]: mapped } });
    } else if (config.unmapped === 'default' && config.default !== undefined) {
      result.out.push({ ...item, fields: { ...item.fields, [config.targetField]: config.default } });
    } else if (config.unmapped === 'skip') {
      result.skipped.push({
        item,
        reason: `the status "${status ?? '(none)'}" has no row in the status map`,
      });
    } else {
      result.failed.push({
        item,
        kind: 'mapping',
        message: `The status "${status ?? '(none)'}" has no row in the status map; add one or choose a default.`,
      });
    }
  }
  return result;
};
