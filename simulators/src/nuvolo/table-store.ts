import type { SimClock } from '../shared/clock.js';
import type { Rng } from '../shared/prng.js';
import { createRng } from '../shared/prng.js';
import { formatGlide } from '../shared/time.js';
import type { EncodedQuery, FieldReader } from './encoded-query.js';
import { matchesQuery, sortRows } from './encoded-query.js';
import type { Choice, FieldDef, TableDef } from './schema.js';
import { DEFAULT_CHOICES, SYSTEM_FIELDS, TABLES } from './schema.js';

/** A row as ServiceNow stores it: every value a string, empty when unset. */
export type Row = Record<string, string>;

export class TableError extends Error {
  constructor(
    readonly status: 400 | 403 | 404,
    message: string,
    readonly detail: string | null = null,
  ) {
    super(message);
  }
}

interface Table {
  def: TableDef;
  fields: Map<string, FieldDef>;
  rows: Row[];
  byId: Map<string, Row>;
  nextNumber: number;
}

export interface TableStoreSnapshot {
  tables: Record<string, Row[]>;
  choices: Record<string, Record<string, Choice[]>>;
}

/** ServiceNow tables in memory, with the system fields, numbering, references and choice lists. */
export class TableStore {
  private tables = new Map<string, Table>();
  private choices: Record<string, Record<string, Choice[]>> = {};
  private rng: Rng = createRng(0);
  /** Metadata rows draw their sys_ids apart, so a changed field or choice list leaves data sys_ids as they were. */
  private metadataRng: Rng = createRng(0);

  constructor(private readonly clock: SimClock) {
    this.clear(0);
  }

  /** Empties every table and restores the default choice lists. */
  clear(seed: number): void {
    this.rng = createRng(seed ^ 0x7ab1e);
    this.metadataRng = createRng(seed ^ 0x3e7a);
    this.tables.clear();
    for (const def of TABLES) {
      const fields = new Map([...SYSTEM_FIELDS, ...def.fields].map((field) => [field.element, field]));
      this.tables.set(def.name, { def, fields, rows: [], byId: new Map(), nextNumber: 1001 });
    }
    this.choices = structuredClone(DEFAULT_CHOICES);
    this.rebuildMetadata();
  }

  table(name: string): Table {
    const table = this.tables.get(name);
    if (!table) throw new TableError(400, `Invalid table ${name}`);
    return table;
  }

  hasTable(name: string): boolean {
    return this.tables.has(name);
  }

  get(tableName: string, sysId: string): Row | undefined {
    return this.table(tableName).byId.get(sysId);
  }

  rows(tableName: string): readonly Row[] {
    return this.table(tableName).rows;
  }

  /** A row's value at a field path (`work_location.name` walks the reference); undefined if no such field. */
  readField(tableName: string): FieldReader<Row> {
    const read: (table: Table, row: Row, path: string) => string | undefined = (table, row, path) => {
      const dot = path.indexOf('.');
      if (dot < 0) return table.fields.has(path) ? (row[path] ?? '') : undefined;
      const field = table.fields.get(path.slice(0, dot));
      if (!field?.reference) return undefined;
      const target = this.table(field.reference);
      const referenced = target.byId.get(row[field.element] ?? '');
      return referenced ? read(target, referenced, path.slice(dot + 1)) : '';
    };
    const table = this.table(tableName);
    return (row, path) => read(table, row, path);
  }

  /** The matching rows in query order; treat the answer as read-only. */
  query(tableName: string, query: EncodedQuery): readonly Row[] {
    const table = this.table(tableName);
    const read = this.readField(tableName);
    if (query.anyOf.length === 0 && query.orderBy.length === 0) return table.rows;
    const matched =
      query.anyOf.length === 0
        ? table.rows.slice()
        : table.rows.filter((row) => matchesQuery(query, row, read));
    return sortRows(matched, query.orderBy, read);
  }

  displayValue(tableName: string, field: FieldDef, value: string): string {
    if (value === '') return '';
    if (field.reference) {
      const target = this.table(field.reference);
      return target.byId.get(value)?.[target.def.displayField] ?? '';
    }
    if (field.choice)
      return this.choiceList(tableName, field.element).find((c) => c.value === value)?.label ?? value;
    return value;
  }

  choiceList(tableName: string, element: string): Choice[] {
    return this.choices[tableName]?.[element] ?? [];
  }

  setChoices(tableName: string, element: string, choices: Choice[]): void {
    const field = this.table(tableName).fields.get(element);
    if (!field) throw new TableError(400, `Invalid field ${element} on table ${tableName}`);
    field.choice = true;
    (this.choices[tableName] ??= {})[element] = choices;
    this.rebuildMetadata();
  }

  insert(tableName: string, input: Record<string, unknown>, by: string, at = this.clock.now()): Row {
    const table = this.writable(tableName);
    const row: Row = {};
    for (const field of table.def.fields) row[field.element] = field.defaultValue ?? '';
    Object.assign(row, this.clean(table, input));
    if (table.def.numberPrefix && !row.number) {
      row.number = `${table.def.numberPrefix}${String(table.nextNumber++).padStart(7, '0')}`;
    }
    const stamp = formatGlide(at);
    Object.assign(row, {
      sys_id: this.rng.hex(32),
      sys_created_on: stamp,
      sys_created_by: by,
      sys_updated_on: stamp,
      sys_updated_by: by,
      sys_mod_count: '0',
    });
    table.rows.push(row);
    table.byId.set(row.sys_id as string, row);
    return row;
  }

  update(tableName: string, sysId: string, input: Record<string, unknown>, by: string): Row {
    const table = this.writable(tableName);
    const row = table.byId.get(sysId);
    if (!row) throw recordNotFound();
    Object.assign(row, this.clean(table, input), {
      sys_updated_on: formatGlide(this.clock.now()),
      sys_updated_by: by,
      sys_mod_count: String(Number(row.sys_mod_count ?? '0') + 1),
    });
    return row;
  }

  delete(tableName: string, sysId: string): void {
    const table = this.writable(tableName);
    const row = table.byId.get(sysId);
    if (!row) throw recordNotFound();
    table.byId.delete(sysId);
    table.rows.splice(table.rows.indexOf(row), 1);
  }

  snapshot(): TableStoreSnapshot {
    return {
      tables: Object.fromEntries([...this.tables].map(([name, table]) => [name, table.rows])),
      choices: this.choices,
    };
  }

  restore(snapshot: TableStoreSnapshot): void {
    this.clear(0);
    this.choices = snapshot.choices;
    for (const [name, rows] of Object.entries(snapshot.tables)) {
      const table = this.tables.get(name);
      if (!table || table.def.readOnly) continue;
      table.rows = rows;
      table.byId = new Map(rows.map((row) => [row.sys_id ?? '', row]));
      const numbers = rows
        .map((row) => Number((row.number ?? '').replace(/^\D+/, '')))
        .filter(Number.isFinite);
      table.nextNumber = Math.max(1000, ...numbers) + 1;
    }
    this.rebuildMetadata();
  }

  private writable(tableName: string): Table {
    const table = this.table(tableName);
    if (table.def.readOnly) {
      throw new TableError(
        403,
        'Operation Failed',
        'ACL Exception Insert Failed due to security constraints',
      );
    }
    return table;
  }

  /**
   * Keeps the known, writable fields of a body as strings, as ServiceNow does: unknown fields and
   * system fields are ignored; references accept a sys_id or the referenced row's display value;
   * choice fields must hold one of their choices.
   */
  private clean(table: Table, input: Record<string, unknown>): Row {
    const out: Row = {};
    for (const [element, raw] of Object.entries(input)) {
      const field = table.fields.get(element);
      if (!field || element.startsWith('sys_') || (element === 'number' && raw === '')) continue;
      const value =
        raw === null || raw === undefined
          ? ''
          : typeof raw === 'object' && 'value' in raw
            ? String((raw as { value: unknown }).value)
            : String(raw);
      if (field.reference && value !== '') {
        out[element] = this.resolveReference(field.reference, value);
      } else if (field.choice && value !== '') {
        const choices = this.choiceList(table.def.name, element);
        if (choices.length > 0 && !choices.some((choice) => choice.value === value)) {
          throw new TableError(
            400,
            `Invalid ${element} value '${value}'`,
            `${table.def.name}.${element} accepts ${choices.map((c) => `'${c.value}' (${c.label})`).join(', ')}`,
          );
        }
        out[element] = value;
      } else {
        out[element] = value;
      }
    }
    return out;
  }

  private resolveReference(tableName: string, value: string): string {
    const target = this.table(tableName);
    if (target.byId.has(value)) return value;
    const byDisplay = target.rows.find((row) => row[target.def.displayField] === value);
    return byDisplay?.sys_id ?? value;
  }

  /** sys_dictionary and sys_choice describe the other tables; they are rebuilt from the definitions. */
  private rebuildMetadata(): void {
    const stamp = formatGlide(Date.parse('2024-01-01T00:00:00Z'));
    const metaRow = (values: Row): Row => ({
      sys_id: this.metadataRng.hex(32),
      sys_created_on: stamp,
      sys_created_by: 'system',
      sys_updated_on: stamp,
      sys_updated_by: 'system',
      sys_mod_count: '0',
      ...values,
    });
    const dictionary = [...this.tables.values()].flatMap((table) =>
      [...table.fields.values()].map((field) =>
        metaRow({
          name: table.def.name,
          element: field.element,
          column_label: field.label,
          internal_type: field.type,
          mandatory: String(field.mandatory ?? false),
          reference: field.reference ?? '',
          choice: field.choice ? '1' : '0',
          max_length: String(field.maxLength ?? (field.type === 'string' ? 255 : 40)),
          read_only: String(field.element.startsWith('sys_') || Boolean(table.def.readOnly)),
          active: 'true',
        }),
      ),
    );
    const choices = Object.entries(this.choices).flatMap(([name, elements]) =>
      Object.entries(elements).flatMap(([element, list]) =>
        list.map((choice, index) =>
          metaRow({
            name,
            element,
            value: choice.value,
            label: choice.label,
            sequence: String(index),
            inactive: 'false',
            language: 'en',
          }),
        ),
      ),
    );
    for (const [name, rows] of [
      ['sys_dictionary', dictionary],
      ['sys_choice', choices],
    ] as const) {
      const table = this.table(name);
      table.rows = rows;
      table.byId = new Map(rows.map((row) => [row.sys_id ?? '', row]));
    }
  }
}

export const recordNotFound = () =>
  new TableError(404, 'No Record found', "Record doesn't exist or ACL restricts the record retrieval");
