import type { FieldDescription, ObjectDescription, SystemDescription } from '@isync/core';
import type { Connector, ConnectorFactory, ConnectorInput, DestinationRef } from '../connector.js';
import { systemClock, UNPROCESSED_STATUSES } from '../../http/index.js';
import type { HttpClient } from '../../http/index.js';
import { authedApi } from '../shared/auth.js';
import { failedConnectionTest } from '../shared/connection-test.js';
import { chunked, refsByValue, wantedValues } from '../shared/find-many.js';
import { connectorHttpClient } from '../shared/http.js';
import {
  overlapMicros,
  walkEnd,
  walkIncrementally,
  walkStart,
  WalkLedger,
} from '../shared/incremental-walk.js';
import { instantOf, SECOND_MICROS } from '../shared/instant.js';
import { restAuth } from './auth.js';
import type { EndpointTemplate, RenderedRequest } from './caller.js';
import { renderEndpoint, RestCaller } from './caller.js';
import { cursorUnitMicros, formatCursor } from './cursor-format.js';
import { ConfiguredFailure } from './error-handler.js';
import type { RestDefinition } from './definition.js';
import { parseRestDefinition } from './definition.js';
import type { ListPage } from './paginate.js';
import { fetchListPage, listRequest, serverPages } from './paginate.js';
import type { TemplateValues } from './template.js';
import { placeholders, renderAll, select } from './template.js';

/** Any REST API described by a definition in the connection's `options.definition`. */
export const createRestConnector: ConnectorFactory = (input) =>
  restConnector(input, parseRestDefinition(input.connection.name, input.connection.options.definition));

/** What the generic engine offers beyond the Connector interface: delete and the builder's previews. */
export interface RestConnector extends Connector {
  /** Deletes a record, where the definition has a delete endpoint. */
  remove(object: string, id: string, signal?: AbortSignal): Promise<void>;
  /** The list's first page: the request made, the parsed records, the next request it would make. */
  previewList(object: string, pageSize: number, signal?: AbortSignal): Promise<ListPage>;
  /** The request a write would send, without sending it. */
  previewWrite(
    kind: 'create' | 'update',
    object: string,
    fields: Record<string, unknown>,
    id?: string,
  ): RenderedRequest;
}

/** The values every template may name: `secrets.*` (the credentials) and `options.*` (the connection's options). */
function baseValues(input: ConnectorInput): Record<string, unknown> {
  const options = Object.fromEntries(
    Object.entries(input.connection.options).filter(
      ([name, value]) => name !== 'definition' && (typeof value !== 'object' || value === null),
    ),
  );
  const secrets = Object.fromEntries(
    Object.entries(input.credentials).filter(([, value]) => typeof value === 'string'),
  );
  return { secrets, options };
}

/** The generic REST engine running one definition for one connection. */
export function restConnector(input: ConnectorInput, definition: RestDefinition): RestConnector {
  const { connection } = input;
  const system = connection.name;
  const base = baseValues(input);
  const rate = definition.rateLimit;
  const withRate: ConnectorInput = {
    ...input,
    http: {
      ...(rate && {
        requestsPerSecond: rate.requestsPerSecond,
        ...(rate.burst !== undefined && { burst: rate.burst }),
        ...(rate.concurrency !== undefined && { concurrency: rate.concurrency }),
      }),
      ...input.http,
    },
  };
  const http = connectorHttpClient(
    withRate,
    system,
    renderAll(definition.headers, base, 'header', 'headers'),
  );
  const origin = new URL(connection.baseUrl).origin;
  const tokenClients: HttpClient[] = [];
  // A token URL on another host gets its own client, under the same outbound address policy.
  const tokenClient = (url: string): HttpClient => {
    const target = new URL(url, connection.baseUrl);
    if (target.origin === origin) return http;
    const client = connectorHttpClient(
      { ...withRate, connection: { ...connection, baseUrl: target.origin } },
      `${system} (token endpoint)`,
    );
    tokenClients.push(client);
    return client;
  };
  const auth = restAuth(definition.auth, base, tokenClient);
  const caller = new RestCaller(
    authedApi(http, auth.authenticator),
    definition.errors,
    auth.query,
    (ms, signal) => systemClock.sleep(ms, signal),
  );

  function refOf(record: Record<string, unknown>, fallbackId?: string): DestinationRef {
    const id = record[definition.idField] ?? fallbackId;
    if (id === undefined || id === null)
      throw new Error(
        `${system} answered a record without ${definition.idField}; check the definition's idField and the write's record path.`,
      );
    const number = definition.numberField ? record[definition.numberField] : undefined;
    return {
      id: String(id),
      number: number === undefined || number === null ? null : String(number),
      fields: record,
    };
  }

  const missing = (what: string, part: string) =>
    new Error(`The connector definition of "${system}" has no ${part} endpoint; add one to ${what}.`);

  function writeRequest(
    kind: 'create' | 'update' | 'delete',
    object: string,
    fields: Record<string, unknown>,
    id?: string,
  ): RenderedRequest {
    const endpoint = definition[kind];
    if (!endpoint) throw missing(`${kind} records`, kind);
    const values = { ...base, object, fields, ...(id !== undefined && { id }) };
    return renderEndpoint(endpoint as EndpointTemplate, values, kind, kind === 'delete' ? undefined : fields);
  }

  async function write(
    kind: 'create' | 'update',
    object: string,
    fields: Record<string, unknown>,
    id: string | undefined,
    signal: AbortSignal | undefined,
  ): Promise<DestinationRef> {
    const endpoint = definition[kind]!;
    const request = writeRequest(kind, object, fields, id);
    const sent = await caller.send(request, {
      what: `${kind} ${object}`,
      signal,
      // A create is repeated only after an answer proving it was not made; the push looks it up otherwise.
      ...(kind === 'create' && { retryOn: UNPROCESSED_STATUSES }),
    });
    if (sent.ignored) {
      if (id !== undefined) return { id, number: null, fields };
      throw new Error(
        `The connector definition of "${system}" ignores the answer to this create, so the new record's id is unknown; ` +
          'narrow the error rule so that it does not apply to creates.',
      );
    }
    let record = select(sent.response.body, endpoint.record);
    const location = sent.response.headers.location;
    if ((typeof record !== 'object' || record === null) && location) {
      // Created with only a Location header: read the record there.
      const read = await caller.send(
        { method: 'GET', path: location, query: {}, headers: {} },
        { what: `read the new ${object}`, signal },
      );
      record = read.ignored ? undefined : select(read.response.body, '$');
    }
    if (typeof record !== 'object' || record === null) {
      if (id !== undefined) return { id, number: null, fields };
      throw new Error(
        `${system} answered the create without the record at ${endpoint.record}; check the definition's create.record.`,
      );
    }
    return refOf(record as Record<string, unknown>, id);
  }

  async function found(
    object: string,
    field: string,
    value: string,
    signal?: AbortSignal,
  ): Promise<Record<string, unknown> | null> {
    const find = definition.find;
    if (!find) throw missing('look records up', 'find');
    const request = renderEndpoint(find, { ...base, object, field, value }, 'find');
    const sent = await caller.send(request, { what: `find ${object}`, signal });
    if (sent.ignored) return null;
    const records = select(sent.response.body, find.records);
    const first: unknown = Array.isArray(records) ? records[0] : undefined;
    return typeof first === 'object' && first !== null ? (first as Record<string, unknown>) : null;
  }

  const cursor = definition.list.cursor;
  const listUsesCursor = [
    definition.list.path,
    ...Object.values(definition.list.query),
    ...Object.values(definition.list.headers),
  ].some((template) => placeholders(template).some((p) => p.name === 'cursor'));
  /** Offset and page paging over a list ordered by its cursor re-anchor every page, as PlanGrid's walk does. */
  const reanchors =
    (definition.list.paginate.kind === 'offset' || definition.list.paginate.kind === 'page') &&
    cursor.order === 'ascending' &&
    listUsesCursor;

  // A strict filter (changed after the cursor) is asked one unit of the format earlier: the window stays inclusive.
  const cursorValue = (from: number | null) =>
    from === null
      ? cursor.initial
      : formatCursor(cursor.strict ? from - cursorUnitMicros(cursor.format) : from, cursor.format);

  async function describeObject(object: RestDefinition['objects'][number], signal?: AbortSignal) {
    const values = { ...base, object: object.name };
    const fields: FieldDescription[] = object.fields.map(
      ({ label, reference, choices, format, ...rest }) => ({
        ...rest,
        label: label ?? rest.name,
        ...(reference !== undefined && { reference }),
        ...(choices !== undefined && { choices }),
        ...(format !== undefined && { format }),
      }),
    );
    if (object.fieldsFrom) {
      const from = object.fieldsFrom;
      for (const entry of await describedEntries(from, values, signal)) {
        const name = String(pick(entry, from.name) ?? '');
        if (name === '' || fields.some((f) => f.name === name)) continue;
        const type = from.type ? String(pick(entry, from.type) ?? '') : '';
        fields.push({
          name,
          label: String((from.label && pick(entry, from.label)) ?? name),
          type: FIELD_TYPES[type] ?? 'string',
          required: false,
        });
      }
    }
    let statuses = object.statuses;
    if (object.statusesFrom) {
      const from = object.statusesFrom;
      const read = (await describedEntries(from, values, signal))
        .map((entry) => ({
          value: String(pick(entry, from.value) ?? ''),
          label: String((from.label && pick(entry, from.label)) ?? pick(entry, from.value) ?? ''),
        }))
        .filter((choice) => choice.value !== '');
      // An answer ignored by a rule (no right to read the choices) or without choices keeps the static ones.
      if (read.length > 0) statuses = read;
    }
    const description: ObjectDescription = {
      name: object.name,
      label: object.label ?? object.name,
      fields,
      statuses,
      statusField: object.statusField !== undefined ? object.statusField : (definition.statusField ?? null),
      ...(object.syncable !== undefined && { syncable: object.syncable }),
    };
    return description;
  }

  async function describedEntries(
    from: EndpointTemplate & { records: string },
    values: TemplateValues,
    signal?: AbortSignal,
  ): Promise<Record<string, unknown>[]> {
    const sent = await caller.send(renderEndpoint(from, values, 'describe'), { what: 'describe', signal });
    if (sent.ignored) return [];
    const selected = select(sent.response.body, from.records);
    if (Array.isArray(selected))
      return selected.filter((e): e is Record<string, unknown> => typeof e === 'object' && e !== null);
    if (typeof selected === 'object' && selected !== null)
      return Object.entries(selected).map(([key, value]) => ({
        ...(typeof value === 'object' && value !== null ? value : { value }),
        $key: key,
      }));
    return [];
  }

  return {
    system: connection.system,

    async testConnection(signal) {
      const object = definition.objects[0]!.name;
      try {
        const values = { ...base, object, cursor: cursor.initial, pageSize: 1 };
        const request = listRequest(definition.list, values, 1);
        const page = await fetchListPage(caller, definition.list, request, 1, 0, signal);
        return {
          ok: true,
          message: `Connected to ${system}; ${object} are readable.`,
          details: { object, records: page.records.length },
        };
      } catch (error) {
        // The definition's own words for this answer say best what to fix.
        if (error instanceof ConfiguredFailure)
          return {
            ok: false,
            message: error.message,
            details: { kind: error.kind, status: error.status ?? null },
          };
        return failedConnectionTest(system, connection.baseUrl, error, {
          401: 'the credentials were refused',
          403: 'the account has no access',
        });
      }
    },

    async describe(signal): Promise<SystemDescription> {
      const objects: ObjectDescription[] = [];
      for (const object of definition.objects) objects.push(await describeObject(object, signal));
      return { system: connection.system, objects };
    },

    recordShape: () => ({
      idField: definition.idField,
      updatedField: cursor.field,
      statusField: definition.statusField ?? null,
      deletedField: definition.deletedField ?? null,
      volatileFields: definition.volatileFields,
      ...(definition.bookkeepingFields && { bookkeepingFields: definition.bookkeepingFields }),
      ...(definition.revisionField && { revisionField: definition.revisionField }),
    }),

    async *list(list) {
      const lookback =
        cursor.lookbackSeconds === undefined
          ? overlapMicros(connection.options)
          : cursor.lookbackSeconds * SECOND_MICROS;
      const from = walkStart(list.updatedAfter, lookback);
      const until = walkEnd(list.updatedBefore);
      const values = (at: number | null) => ({
        ...base,
        object: list.object,
        cursor: cursorValue(at),
        pageSize: list.pageSize,
      });
      if (reanchors) {
        yield* walkIncrementally({
          idField: definition.idField,
          updatedField: cursor.field,
          from,
          until,
          fetch: async ({ from: at, skip }) => {
            const request = listRequest(definition.list, values(at), list.pageSize, skip);
            const page = await fetchListPage(
              caller,
              definition.list,
              request,
              list.pageSize,
              skip,
              list.signal,
            );
            return { records: page.records, more: page.next !== null };
          },
        });
        return;
      }
      const ledger = new WalkLedger(definition.idField, cursor.field, until);
      for await (const page of serverPages(
        caller,
        definition.list,
        values(from),
        list.pageSize,
        list.signal,
      )) {
        // A source that does not filter by the cursor: keep only what is inside the walk's window.
        const inWindow =
          from === null
            ? page.records
            : page.records.filter((r) => (instantOf(r[cursor.field]) ?? 0) >= from);
        const taken = ledger.take(inWindow);
        if (taken && taken.page.records.length > 0) yield taken.page;
      }
    },

    create: (object, fields, signal) => write('create', object, fields, undefined, signal),
    update: (object, id, fields, signal) => write('update', object, fields, id, signal),
    async findByCorrelation(object, field, value, signal) {
      const record = await found(object, field, value, signal);
      return record === null ? null : refOf(record);
    },
    async findMany(object, field, values, signal) {
      const wanted = wantedValues(values);
      const many = definition.findMany;
      if (!many) {
        // One find per value (the client paces them).
        const refs = new Map<string, DestinationRef>();
        await Promise.all(
          wanted.map(async (value) => {
            const record = await found(object, field, value, signal);
            if (record !== null) refs.set(value, refOf(record));
          }),
        );
        return refs;
      }
      const rows: Record<string, unknown>[] = [];
      for (const chunk of chunked(wanted, many.chunkSize, 4000)) {
        const request = renderEndpoint(many, { ...base, object, field, values: chunk }, 'findMany');
        const sent = await caller.send(request, { what: `find ${object}`, signal });
        if (sent.ignored) continue;
        const records = select(sent.response.body, many.records);
        if (Array.isArray(records))
          rows.push(
            ...records.filter((r): r is Record<string, unknown> => typeof r === 'object' && r !== null),
          );
      }
      return refsByValue(rows, field, wanted, (row) => refOf(row));
    },
    findOne: (object, field, value, signal) => found(object, field, value, signal),

    async remove(object, id, signal) {
      await caller.send(writeRequest('delete', object, {}, id), { what: `delete ${object}`, signal });
    },
    previewList: (object, pageSize, signal) =>
      fetchListPage(
        caller,
        definition.list,
        listRequest(definition.list, { ...base, object, cursor: cursor.initial, pageSize }, pageSize),
        pageSize,
        0,
        signal,
      ),
    previewWrite: (kind, object, fields, id) => writeRequest(kind, object, fields, id),

    close: async () => {
      await Promise.all([http.close(), ...tokenClients.map((client) => client.close())]);
    },
  };
}

const FIELD_TYPES: Record<string, FieldDescription['type']> = {
  string: 'string',
  integer: 'number',
  number: 'number',
  boolean: 'boolean',
  date: 'date',
  datetime: 'datetime',
  'date-time': 'datetime',
  object: 'object',
  array: 'array',
};

/** A described entry's value: `$key` for an object map's key, else a top-level field or a JSON path. */
function pick(entry: Record<string, unknown>, path: string): unknown {
  return path.startsWith('$.') ? select(entry, path) : entry[path];
}
