import type { Database, Statement } from 'better-sqlite3';
import type { Page, PageRequest } from '../../domain/common.js';
import { PageRequestSchema } from '../../domain/common.js';

export type Row = Record<string, unknown>;

const statementCache = new WeakMap<Database, Map<string, Statement>>();

/** Prepares each distinct SQL text once per database. */
export function statement(db: Database, sql: string): Statement {
  let cache = statementCache.get(db);
  if (!cache) statementCache.set(db, (cache = new Map()));
  let prepared = cache.get(sql);
  if (!prepared) cache.set(sql, (prepared = db.prepare(sql)));
  return prepared;
}

/**
 * How one entity field is stored: its column name, whether it is a JSON document column, and how a document
 * stored by an older version is completed when read.
 */
export type ColumnMap<T> = {
  [K in keyof T]-?: { column: string; json?: boolean; read?: (stored: unknown) => T[K] };
};

/**
 * One table's mapping between domain objects (camelCase, nested documents) and rows (snake_case, JSON text),
 * plus the few generic statements every repository needs. Domain-specific queries stay in the repositories.
 */
export class Table<T extends { id: string }> {
  private readonly fields: (keyof T & string)[];
  readonly selectList: string;
  /** An INSERT of every column, for `insertMany`. */
  private readonly insertAll: string;

  constructor(
    readonly db: Database,
    readonly name: string,
    private readonly columns: ColumnMap<T>,
  ) {
    this.fields = Object.keys(columns) as (keyof T & string)[];
    const names = this.fields.map((field) => this.columns[field].column);
    this.selectList = names.join(', ');
    this.insertAll = `INSERT INTO ${name} (${this.selectList}) VALUES (${names.map(() => '?').join(', ')})`;
  }

  column(field: keyof T): string {
    return this.columns[field].column;
  }

  toRow(entity: Partial<T>): Row {
    const row: Row = {};
    for (const field of this.fields) {
      if (!(field in entity)) continue;
      row[this.columns[field].column] = this.cell(field, entity[field]);
    }
    return row;
  }

  /** One field's value as its column stores it. */
  private cell(field: keyof T, value: unknown): unknown {
    return this.columns[field].json ? JSON.stringify(value) : (value ?? null);
  }

  fromRow(row: Row): T {
    const entity: Record<string, unknown> = {};
    for (const field of this.fields) {
      const { column, json, read } = this.columns[field];
      const value = row[column];
      const stored: unknown = json && typeof value === 'string' ? JSON.parse(value) : value;
      entity[field] = read ? read(stored) : stored;
    }
    return entity as T;
  }

  insert(entity: T): void {
    const row = this.toRow(entity);
    const names = Object.keys(row);
    statement(
      this.db,
      `INSERT INTO ${this.name} (${names.join(', ')}) VALUES (${names.map((n) => '@' + n).join(', ')})`,
    ).run(row);
  }

  /**
   * Inserts many entities atomically (a savepoint when called inside a transaction). One prepared INSERT
   * run per row: in-process SQLite has no round trip to save, and this costs ~30 µs of CPU a record row
   * where one json_each statement over the page cost ~50 (the page's JSON was written, then unpacked
   * again by 18 json_extract calls a row, its documents escaped twice).
   */
  insertMany(entities: readonly T[]): void {
    if (entities.length === 0) return;
    const insert = statement(this.db, this.insertAll);
    this.db.transaction(() => {
      // Every parameter is bound, by position (cheaper than by name): a field the entity lacks is stored as NULL.
      for (const entity of entities)
        insert.run(
          this.fields.map((field) => (entity[field] === undefined ? null : this.cell(field, entity[field]))),
        );
    })();
  }

  /** The entity with this id in this tenant, or null. */
  get(tenantId: string, id: string): T | null {
    const row = statement(
      this.db,
      `SELECT ${this.selectList} FROM ${this.name} WHERE tenant_id = ? AND id = ?`,
    ).get(tenantId, id) as Row | undefined;
    return row ? this.fromRow(row) : null;
  }

  /** Sets the given fields of one tenant's entity; answers whether a row changed. */
  update(tenantId: string, id: string, changes: Partial<T>): boolean {
    const row = this.toRow(changes);
    const names = Object.keys(row);
    if (names.length === 0) return this.get(tenantId, id) !== null;
    const result = statement(
      this.db,
      `UPDATE ${this.name} SET ${names.map((n) => `${n} = @${n}`).join(', ')} WHERE tenant_id = @__tenant AND id = @__id`,
    ).run({ ...row, __tenant: tenantId, __id: id });
    return result.changes > 0;
  }

  /** A newest-first page over `where` (which must mention the tenant), keyed by the time-ordered id. */
  page(where: string, params: Row, request: PageRequest = {}): Page<T> {
    const { limit, cursor, withTotal } = PageRequestSchema.parse(request);
    const rows = statement(
      this.db,
      `SELECT ${this.selectList} FROM ${this.name} WHERE (${where})${cursor ? ' AND id < @__cursor' : ''}
         ORDER BY id DESC LIMIT @__limit`,
    ).all({ ...params, __cursor: cursor, __limit: limit + 1 }) as Row[];
    const items = rows.slice(0, limit).map((row) => this.fromRow(row));
    const nextCursor = rows.length > limit ? (items.at(-1)?.id ?? null) : null;
    return withTotal ? { items, nextCursor, total: this.count(`(${where})`, params) } : { items, nextCursor };
  }

  count(where: string, params: Row): number {
    const row = statement(this.db, `SELECT COUNT(*) AS n FROM ${this.name} WHERE ${where}`).get(params) as {
      n: number;
    };
    return row.n;
  }
}
