import { HttpError } from '../../http/index.js';
import type { Connector, ConnectorFactory } from '../connector.js';
import { authedApi } from '../shared/auth.js';
import type { AuthedApi } from '../shared/auth.js';
import { testedConnection } from '../shared/connection-test.js';
import { chunked, refsByValue, wantedValues } from '../shared/find-many.js';
import { connectorHttpClient } from '../shared/http.js';
import { overlapMicros, walkEnd, walkIncrementally, walkStart } from '../shared/incremental-walk.js';
import { formatInstant } from '../shared/instant.js';
import { nuvoloAuth } from './auth.js';
import type { ChoiceEntry, DictionaryEntry } from './describe.js';
import {
  BUILT_IN_DICTIONARY,
  BUILT_IN_STATE_CHOICES,
  DEFAULT_TABLES,
  describeTables,
  WORK_ORDERS,
} from './describe.js';
import { destinationRef, encodedValue, queryAll, queryTable, tablePath, writeRow } from './table-api.js';

/** Nuvolo through the ServiceNow Table API: a destination (create, update, look up) and a source. */
export const createNuvoloConnector: ConnectorFactory = (input): Connector => {
  const http = connectorHttpClient(input, 'Nuvolo');
  const api = authedApi(http, nuvoloAuth(input, http));
  const { options, baseUrl, authKind } = input.connection;

  async function first(table: string, field: string, value: string, signal?: AbortSignal) {
    const page = await queryTable(
      api,
      table,
      { sysparm_query: `${field}=${encodedValue(value)}`, sysparm_limit: 1 },
      signal,
    );
    return page.rows[0] ?? null;
  }

  return {
    system: 'nuvolo',

    testConnection: (signal) =>
      testedConnection(
        'Nuvolo',
        baseUrl,
        {
          401:
            authKind === 'oauth2-password'
              ? 'the OAuth client or the user name and password were refused; check all four'
              : 'wrong user name or password',
          403: 'the user may not read work orders; ask the Nuvolo administrator for the Table API roles',
          400: 'the instance has no work order table; check the base URL',
        },
        async () => {
          const username = String(input.credentials.username);
          const user = await first('sys_user', 'user_name', username, signal);
          await queryTable(api, WORK_ORDERS, { sysparm_limit: 1 }, signal);
          const name =
            typeof user?.name === 'string' && user.name !== '' ? `${user.name} (${username})` : username;
          return {
            message: `Connected to Nuvolo as ${name}; work orders are readable.`,
            details: { user: username },
          };
        },
      ),

    async describe(signal) {
      const tables = stringList(options.tables) ?? DEFAULT_TABLES;
      const [dictionary, choices] = await readMetadata(api, tables, signal);
      const stateChoices = choiceList(options.stateChoices);
      return { system: 'nuvolo', objects: describeTables(tables, dictionary, choices, stateChoices) };
    },

    recordShape: () => ({
      idField: 'sys_id',
      updatedField: 'sys_updated_on',
      statusField: 'state',
      deletedField: null,
      volatileFields: [],
      bookkeepingFields: ['sys_mod_count', 'sys_updated_by'],
      revisionField: 'sys_mod_count',
    }),

    list(list) {
      return walkIncrementally({
        idField: 'sys_id',
        updatedField: 'sys_updated_on',
        from: walkStart(list.updatedAfter, overlapMicros(options)),
        until: walkEnd(list.updatedBefore),
        fetch: async ({ from, skip }) => {
          const since = from === null ? '' : `sys_updated_on>=${dateGenerate(from)}^`;
          const page = await queryTable(
            api,
            list.object,
            {
              sysparm_query: `${since}ORDERBYsys_updated_on^ORDERBYsys_id`,
              sysparm_limit: list.pageSize,
              sysparm_offset: skip,
            },
            list.signal,
          );
          return { records: page.rows, more: page.more };
        },
      });
    },

    create: (table, fields, signal) => writeRow(api, 'POST', tablePath(table), fields, signal),
    update: (table, sysId, fields, signal) => writeRow(api, 'PATCH', tablePath(table, sysId), fields, signal),
    async findByCorrelation(table, field, value, signal) {
      const row = await first(table, field, value, signal);
      return row === null ? null : destinationRef(row);
    },
    async findMany(table, field, values, signal) {
      const { lists, alone } = inQueries(field, wantedValues(values));
      const order = '^ORDERBYsys_created_on^ORDERBYsys_id';
      const rows: Record<string, unknown>[] = [];
      for (const query of lists) rows.push(...(await queryAll(api, table, `${query}${order}`, signal)));
      for (const query of alone) {
        const page = await queryTable(
          api,
          table,
          { sysparm_query: `${query}${order}`, sysparm_limit: 100 },
          signal,
        );
        rows.push(...page.rows);
      }
      // Only rows holding a wanted value count, whatever the instance made of the query.
      return refsByValue(rows, field, values, destinationRef);
    },
    findOne: first,
    close: () => http.close(),
  };
};

/** Values per `IN` query, and the longest list: the whole query goes in the URL. */
const IN_CHUNK = { values: 100, characters: 4000 };

/**
 * The encoded queries that find every value: `<field>IN<a>,<b>,…` per chunk (ServiceNow's "is one of", a
 * comma-separated list). ServiceNow documents no escape for a comma inside a listed value, nor for a caret
 * in any value, so a value holding either is asked for alone (`<field>=<value>`, the caret written `^^` as
 * this connector does for every lookup), one page at most; `findMany` keeps only rows that hold a wanted
 * value, so a query the instance reads otherwise can never link a wrong record.
 */
export function inQueries(field: string, values: readonly string[]): { lists: string[]; alone: string[] } {
  if (!/^[A-Za-z0-9_.]+$/.test(field))
    throw new Error(`"${field}" is not a field name Nuvolo can be searched by.`);
  const special = (value: string) => value.includes(',') || value.includes('^');
  return {
    lists: chunked(
      values.filter((value) => !special(value)),
      IN_CHUNK.values,
      IN_CHUNK.characters,
    ).map((chunk) => `${field}IN${chunk.join(',')}`),
    alone: values.filter(special).map((value) => `${field}=${encodedValue(value)}`),
  };
}

/** ServiceNow's date literal in an encoded query (UTC), e.g. `javascript:gs.dateGenerate('2025-01-06','09:00:00')`. */
function dateGenerate(micros: number): string {
  const [day, time] = formatInstant(micros, 'YYYY-MM-DD HH:mm:ss').split(' ');
  return `javascript:gs.dateGenerate('${day}','${time}')`;
}

/** The instance's own dictionary and choices; the built-in ones when the user may not read them. */
async function readMetadata(
  api: AuthedApi,
  tables: string[],
  signal?: AbortSignal,
): Promise<[DictionaryEntry[], ChoiceEntry[]]> {
  const inTables = `nameIN${tables.map(encodedValue).join(',')}`;
  try {
    const [dictionary, choices] = await Promise.all([
      queryAll(api, 'sys_dictionary', `${inTables}^active=true`, signal),
      queryAll(api, 'sys_choice', `${inTables}^inactive=false^ORDERBYsequence`, signal),
    ]);
    if (dictionary.length > 0)
      return [dictionary as unknown as DictionaryEntry[], choices as unknown as ChoiceEntry[]];
  } catch (error) {
    // Reading metadata often needs an admin role; without it the pickers still get the standard fields.
    if (!(error instanceof HttpError && ['auth', 'api-4xx', 'api-5xx'].includes(error.kind))) throw error;
  }
  return [
    BUILT_IN_DICTIONARY,
    BUILT_IN_STATE_CHOICES.map((choice) => ({ name: WORK_ORDERS, element: 'state', ...choice })),
  ];
}

const stringList = (value: unknown): string[] | undefined =>
  Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string') ? value : undefined;

function choiceList(value: unknown): Array<{ value: string; label: string }> | undefined {
  if (!Array.isArray(value) || value.length === 0) return undefined;
  return value.map((choice: unknown) => {
    const { value: v, label } = (choice ?? {}) as { value?: unknown; label?: unknown };
    return { value: String(v), label: String(label ?? v) };
  });
}
