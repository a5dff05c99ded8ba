import type { Connector, ConnectorFactory, DestinationRef } from '../connector.js';
import type { Authenticator } from '../shared/auth.js';
import { authedApi, oauthBearer, requestTokens, staticAuth } from '../shared/auth.js';
import { testedConnection } from '../shared/connection-test.js';
import { wantedValues } from '../shared/find-many.js';
import { basicAuthorization, connectorHttpClient, signalOf } from '../shared/http.js';
import { UNPROCESSED_STATUSES } from '../../http/index.js';
import type { HttpClient, HttpMethod } from '../../http/index.js';
import { overlapMicros, walkEnd, walkStart, WalkLedger } from '../shared/incremental-walk.js';
import { formatInstant, instantOf } from '../shared/instant.js';
import type { RestDefinition } from './definition.js';
import { parseRestDefinition } from './definition.js';
import { restPages } from './paginate.js';
import { render, renderAll, select } from './template.js';

type Values = Record<string, string | number | undefined>;

/** Any REST API described by a `RestDefinition` in the connection's `options.definition`. */
export const createRestConnector: ConnectorFactory = (input): Connector => {
  const { connection, credentials } = input;
  const definition = parseRestDefinition(connection.name, connection.options.definition);
  const secrets: Values = Object.fromEntries(
    Object.entries(credentials).map(([name, value]) => [
      `secrets.${name}`,
      typeof value === 'string' ? value : undefined,
    ]),
  );
  const http = connectorHttpClient(input, connection.name, renderAll(definition.headers, secrets));
  const api = authedApi(http, restAuth(definition.auth, secrets, http));
  const system = connection.name;

  function refOf(body: unknown, recordPath: string, fallbackId?: string): DestinationRef {
    const record = select(body, recordPath);
    const fields = typeof record === 'object' && record !== null ? (record as Record<string, unknown>) : {};
    const id = fields[definition.idField] ?? fallbackId;
    if (id === undefined)
      throw new Error(`${system} answered without ${definition.idField} at ${recordPath}.`);
    const number = definition.numberField ? fields[definition.numberField] : undefined;
    return {
      id: String(id),
      number: number === undefined || number === null ? null : String(number),
      fields,
    };
  }

  async function write(
    endpoint: { method: HttpMethod; path: string; query: Record<string, string>; record: string } | undefined,
    what: string,
    values: Values,
    fields: Record<string, unknown>,
    signal: AbortSignal | undefined,
  ): Promise<DestinationRef> {
    if (!endpoint)
      throw new Error(
        `The REST definition of "${system}" has no ${what} endpoint; add one to write records.`,
      );
    const { body } = await api.request({
      method: endpoint.method,
      path: render(endpoint.path, values),
      query: renderAll(endpoint.query, values),
      json: fields,
      // A create is repeated only after an answer proving it was not made; the push looks it up otherwise.
      ...(what === 'create' && { retryOn: UNPROCESSED_STATUSES }),
      ...signalOf(signal),
    });
    return refOf(body, endpoint.record, values.id === undefined ? undefined : String(values.id));
  }

  async function first(object: string, field: string, value: string, signal?: AbortSignal) {
    const find = definition.find;
    if (!find)
      throw new Error(`The REST definition of "${system}" has no find endpoint; add one to look records up.`);
    const values = { ...secrets, object, field, value };
    const { body } = await api.request({
      path: render(find.path, values),
      query: renderAll(find.query, values),
      ...signalOf(signal),
    });
    const records = select(body, find.records);
    const found: unknown = Array.isArray(records) ? records[0] : undefined;
    return typeof found === 'object' && found !== null ? (found as Record<string, unknown>) : null;
  }

  const cursorField = definition.list.cursor.field;
  return {
    system: 'rest',

    testConnection: (signal) =>
      testedConnection(
        system,
        connection.baseUrl,
        { 401: 'the credentials were refused', 403: 'the account has no access' },
        async () => {
          const object = definition.objects[0]!.name;
          const pages = restPages(api, {
            list: definition.list,
            values: { ...secrets, object, cursor: definition.list.cursor.initial, pageSize: 1 },
            pageSize: 1,
            signal,
          });
          await pages.next();
          await pages.return(undefined);
          return { message: `Connected to ${system}; ${object} are readable.`, details: { object } };
        },
      ),

    describe: () =>
      Promise.resolve({
        system: 'rest',
        objects: definition.objects.map((object) => ({
          name: object.name,
          label: object.label ?? object.name,
          fields: object.fields.map((f) => ({ ...f, label: f.label ?? f.name })),
          statuses: object.statuses,
          statusField: definition.statusField ?? null,
        })),
      }),

    recordShape: () => ({
      idField: definition.idField,
      updatedField: cursorField,
      statusField: definition.statusField ?? null,
      deletedField: definition.deletedField ?? null,
      volatileFields: [],
    }),

    async *list(list) {
      const from = walkStart(list.updatedAfter, overlapMicros(connection.options));
      const cursor =
        from === null ? definition.list.cursor.initial : formatInstant(from, definition.list.cursor.format);
      const ledger = new WalkLedger(definition.idField, cursorField, walkEnd(list.updatedBefore));
      const pages = restPages(api, {
        list: definition.list,
        values: { ...secrets, object: list.object, cursor, pageSize: list.pageSize },
        pageSize: list.pageSize,
        signal: list.signal,
      });
      for await (const records of pages) {
        // The generic source need not order by the cursor field: keep only what is inside the walk's window.
        const inWindow =
          from === null ? records : records.filter((r) => (instantOf(r[cursorField]) ?? 0) >= from);
        const taken = ledger.take(inWindow);
        if (taken && taken.page.records.length > 0) yield taken.page;
      }
    },

    create: (object, fields, signal) =>
      write(definition.create, 'create', { ...secrets, object }, fields, signal),
    update: (object, id, fields, signal) =>
      write(definition.update, 'update', { ...secrets, object, id }, fields, signal),
    async findByCorrelation(object, field, value, signal) {
      const found = await first(object, field, value, signal);
      return found === null ? null : refOf(found, '$');
    },
    /** The definition's find endpoint takes one value: one request per value (the client paces them). */
    async findMany(object, field, values, signal) {
      const found = new Map<string, DestinationRef>();
      await Promise.all(
        wantedValues(values).map(async (value) => {
          const record = await first(object, field, value, signal);
          if (record !== null) found.set(value, refOf(record, '$'));
        }),
      );
      return found;
    },
    findOne: first,
    close: () => http.close(),
  };
};

function restAuth(auth: RestDefinition['auth'], secrets: Values, http: HttpClient): Authenticator {
  switch (auth.kind) {
    case 'none':
      return staticAuth({});
    case 'basic':
      return staticAuth({
        authorization: basicAuthorization(render(auth.username, secrets), render(auth.password, secrets)),
      });
    case 'bearer':
      return staticAuth({ authorization: `Bearer ${render(auth.token, secrets)}` });
    case 'api-key':
      // The header name may not be one the redactor knows; the value is a credential, so it is a secret already.
      return staticAuth({ [auth.header.toLowerCase()]: render(auth.value, secrets) });
    case 'oauth2-client-credentials': {
      const form = {
        grant_type: 'client_credentials',
        client_id: render(auth.clientId, secrets),
        client_secret: render(auth.clientSecret, secrets),
        ...(auth.scope ? { scope: auth.scope } : {}),
      };
      return oauthBearer(http, { obtain: (signal) => requestTokens(http, auth.tokenPath, form, signal) });
    }
  }
}
