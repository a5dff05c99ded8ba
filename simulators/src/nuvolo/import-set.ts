import { Hono } from 'hono';
import { nowError } from './dialect.js';
import type { AuthedEnv } from './oauth.js';
import { guarded, readRecordBody, requireWriter } from './routes.js';
import { WORK_ORDERS } from './schema.js';
import type { TableStore } from './table-store.js';
import { TableError } from './table-store.js';

export interface StagingTable {
  /** The table the transform map writes to. */
  target: string;
  transformMap: string;
  /** The target field that decides between insert and update. */
  coalesce: string;
}

export const DEFAULT_STAGING_TABLES: Record<string, StagingTable> = {
  u_isync_work_order_import: {
    target: WORK_ORDERS,
    transformMap: 'iSync Work Order Import',
    coalesce: 'correlation_id',
  },
};

/**
 * The Import Set API: a row posted to a staging table is transformed into the target table at once.
 * Staging columns map to target fields of the same name, with or without the `u_` prefix.
 */
export function importSetRoutes(
  store: TableStore,
  stagingTables: Record<string, StagingTable>,
): Hono<AuthedEnv> {
  const app = new Hono<AuthedEnv>();
  let nextImportSet = 10001;

  app.post(
    '/:staging',
    guarded(async (c) => {
      const stagingName = c.req.param('staging') ?? '';
      const staging = stagingTables[stagingName];
      if (!staging) return nowError(400, `Invalid table ${stagingName}`);
      const denied = requireWriter(c, 'Insert');
      if (denied) return denied;
      const body = await readRecordBody(c);
      if (body instanceof Response) return body;

      const fields = store.table(staging.target).fields;
      const values = Object.fromEntries(
        Object.entries(body).map(([column, value]) => {
          const plain = column.replace(/^u_/, '');
          return [fields.has(column) ? column : plain, value];
        }),
      );
      const key = String(values[staging.coalesce] ?? '');
      const existing =
        key === '' ? undefined : store.rows(staging.target).find((row) => row[staging.coalesce] === key);
      const origin = new URL(c.req.url).origin;
      const user = c.get('user').username;
      const base = { transform_map: staging.transformMap, table: staging.target, display_name: 'number' };
      let entry;
      try {
        const row = existing?.sys_id
          ? store.update(staging.target, existing.sys_id, values, user)
          : store.insert(staging.target, values, user);
        entry = {
          ...base,
          display_value: row.number ?? '',
          record_link: `${origin}/api/now/table/${staging.target}/${row.sys_id}`,
          status: existing ? 'updated' : 'inserted',
          sys_id: row.sys_id ?? '',
        };
      } catch (error) {
        if (!(error instanceof TableError)) throw error;
        entry = {
          ...base,
          display_value: '',
          record_link: '',
          status: 'error',
          sys_id: '',
          error_message: error.message,
        };
      }
      return c.json(
        {
          import_set: `ISET${String(nextImportSet++).padStart(7, '0')}`,
          staging_table: stagingName,
          result: [entry],
        },
        201,
      );
    }),
  );
  return app;
}
