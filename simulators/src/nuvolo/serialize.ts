import { jsonCache } from '../shared/json-list.js';
import type { FieldDef } from './schema.js';
import type { Row, TableStore } from './table-store.js';

export interface RenderOptions {
  displayValue: 'true' | 'false' | 'all';
  excludeReferenceLink: boolean;
  /** `sysparm_fields`; all fields when undefined. */
  fields: string[] | undefined;
  /** `https://instance` the caller used, for reference links. */
  origin: string;
}

export function renderOptions(query: Record<string, string>, origin: string): RenderOptions {
  const display = (query.sysparm_display_value ?? 'false').toLowerCase();
  const fields = query.sysparm_fields
    ?.split(',')
    .map((field) => field.trim())
    .filter(Boolean);
  return {
    displayValue: display === 'true' || display === 'all' ? display : 'false',
    excludeReferenceLink: (query.sysparm_exclude_reference_link ?? '').toLowerCase() === 'true',
    fields: fields && fields.length > 0 ? fields : undefined,
    origin,
  };
}

/** Renders a row the way the Table API does for the given sysparm_display_value / reference-link settings. */
export function renderRow(
  store: TableStore,
  tableName: string,
  row: Row,
  options: RenderOptions,
): Record<string, unknown> {
  const table = store.table(tableName);
  const read = options.fields ? store.readField(tableName) : undefined;
  const out: Record<string, unknown> = {};
  const elements = options.fields ?? [...table.fields.keys()];
  for (const element of elements) {
    const field = table.fields.get(element);
    if (!field) {
      // A dot-walked field (`work_location.name`) comes back as a plain value under its path.
      const value = read?.(row, element);
      if (value !== undefined) out[element] = value;
      continue;
    }
    out[element] = renderField(store, tableName, field, row[element] ?? '', options);
  }
  return out;
}

function renderField(
  store: TableStore,
  tableName: string,
  field: FieldDef,
  value: string,
  options: RenderOptions,
) {
  const { displayValue, excludeReferenceLink } = options;
  if (displayValue === 'false' && !field.reference) return value;
  const display = store.displayValue(tableName, field, value);
  if (!field.reference) return displayValue === 'true' ? display : { display_value: display, value };
  const link = `${options.origin}/api/now/table/${field.reference}/${value}`;
  if (displayValue === 'all') {
    return excludeReferenceLink || value === ''
      ? { display_value: display, value }
      : { display_value: display, link, value };
  }
  if (value === '') return '';
  if (displayValue === 'true') return excludeReferenceLink ? display : { display_value: display, link };
  return excludeReferenceLink ? value : { link, value };
}

const rowJson = jsonCache<Row>();

/**
 * A row's JSON bytes. Plain renderings are cached per row until it changes (every update bumps
 * sys_mod_count); display values depend on other rows, so those are rendered each time.
 */
export function rowToJson(store: TableStore, tableName: string, row: Row, options: RenderOptions): Buffer {
  const render = () => renderRow(store, tableName, row, options);
  if (options.displayValue !== 'false' || options.fields) return Buffer.from(JSON.stringify(render()));
  const key = `${options.origin}|${options.excludeReferenceLink}|${row.sys_mod_count}|${row.sys_updated_on}`;
  return rowJson(row, key, render);
}
