import type { Connector, ConnectorFactory, ListOptions, SourcePage } from '../connector.js';
import { authedApi } from '../shared/auth.js';
import type { AuthedApi } from '../shared/auth.js';
import { testedConnection } from '../shared/connection-test.js';
import { refsByValue, wantedValues } from '../shared/find-many.js';
import { connectorHttpClient, signalOf } from '../shared/http.js';
import { overlapMicros, walkEnd, walkIncrementally, walkStart } from '../shared/incremental-walk.js';
import { formatInstant } from '../shared/instant.js';
import { planGridAuth } from './auth.js';
import { planGridObjects } from './describe.js';

const MEDIA_TYPE = 'application/vnd.plangrid+json; version=1';
const MAX_PAGE_SIZE = 50;
const OBJECTS = ['issues', 'rfis'] as const;

interface ListBody {
  data: Record<string, unknown>[];
  next_page_url: string | null;
}

interface Me {
  uid: string;
  email?: string;
  first_name?: string;
  last_name?: string;
}

/** PlanGrid API v1: a source of tasks (issues) and RFIs per project. */
export const createPlanGridConnector: ConnectorFactory = (input): Connector => {
  const http = connectorHttpClient(input, 'PlanGrid', { accept: MEDIA_TYPE });
  const api = authedApi(http, planGridAuth(input, http));
  const { options } = input.connection;

  function projectOf(explicit?: string): string {
    const project = explicit ?? options.project;
    if (typeof project !== 'string' || project === '') {
      throw new Error('Choose the PlanGrid project to read: set it on the source node or on the connection.');
    }
    return project;
  }

  function objectOf(object: string): (typeof OBJECTS)[number] {
    const known = OBJECTS.find((name) => name === object);
    if (!known) throw new Error(`PlanGrid has no object "${object}" here; use one of ${OBJECTS.join(', ')}.`);
    return known;
  }

  const sourceOnly = (what: string) =>
    Promise.reject(
      new Error(
        `PlanGrid is a source here: it cannot ${what}. Use it as the flow's source, or pick another destination.`,
      ),
    );

  return {
    system: 'plangrid',

    testConnection: (signal) =>
      testedConnection(
        'PlanGrid',
        input.connection.baseUrl,
        {
          401: 'the access token was refused and could not be renewed; reconnect the PlanGrid account',
          403:
            input.connection.authKind === 'api-key'
              ? "wrong API key; copy it again from PlanGrid's account settings"
              : 'the account has no access',
          404: 'no such project, or the account has no access to it; check the project and the base URL',
          406: 'the base URL does not point at the PlanGrid API v1',
        },
        async () => {
          const me = (await api.request<Me>({ path: '/me', ...signalOf(signal) })).body;
          const project = typeof options.project === 'string' ? options.project : undefined;
          const name = [me.first_name, me.last_name].filter(Boolean).join(' ') || me.uid;
          let message = `Connected to PlanGrid as ${name}${me.email ? ` (${me.email})` : ''}`;
          if (project) {
            const found = await api.request<{ name?: string }>({
              path: `/projects/${project}`,
              ...signalOf(signal),
            });
            message += `, with access to project "${found.body.name ?? project}"`;
          }
          return { message: `${message}.`, details: { user: me.uid, email: me.email ?? null } };
        },
      ),

    async describe(signal) {
      const projects = await collectPages<{ uid: string; name?: string }>(api, '/projects', signal);
      // RFI statuses are per project: the connection's own project, else the account's first.
      const project = typeof options.project === 'string' ? options.project : projects[0]?.uid;
      const statuses = project
        ? await collectPages<{ label: string }>(api, `/projects/${project}/rfis/statuses`, signal)
        : [];
      return {
        system: 'plangrid',
        objects: planGridObjects(statuses),
        projects: projects.map((p) => ({ id: p.uid, name: p.name || p.uid })),
      };
    },

    recordShape(object) {
      objectOf(object);
      return {
        idField: 'uid',
        updatedField: 'updated_at',
        statusField: 'status',
        deletedField: 'deleted',
        // Photo and comment links are plain API URLs, not signed ones: they only change with the record.
        volatileFields: [],
        bookkeepingFields: ['updated_by'],
      };
    },

    list(list: ListOptions): AsyncIterable<SourcePage> {
      const path = `/projects/${projectOf(list.project)}/${objectOf(list.object)}`;
      const limit = Math.min(Math.max(1, list.pageSize), MAX_PAGE_SIZE);
      return walkIncrementally({
        idField: 'uid',
        updatedField: 'updated_at',
        from: walkStart(list.updatedAfter, overlapMicros(options)),
        until: walkEnd(list.updatedBefore),
        fetch: async ({ from, skip }) => {
          const { body } = await api.request<ListBody>({
            path,
            query: {
              limit,
              skip,
              // PlanGrid's updated_after is strict; one microsecond earlier makes the window inclusive.
              updated_after: from === null ? undefined : formatInstant(from - 1, 'iso'),
            },
            ...signalOf(list.signal),
          });
          return { records: body.data, more: body.next_page_url !== null };
        },
      });
    },

    async update(object, id, fields, signal, scope) {
      if (objectOf(object) !== 'issues')
        return sourceOnly(`update ${object}; only tasks (issues) can be changed`);
      const { body } = await api.request<Record<string, unknown>>({
        method: 'PATCH',
        path: `/projects/${projectOf(scope?.project)}/issues/${id}`,
        json: fields,
        ...signalOf(signal),
      });
      return {
        id: String(body.uid ?? id),
        number: body.number === undefined ? null : String(body.number),
        fields: body,
      };
    },

    create: (object) => sourceOnly(`create ${object}`),
    findByCorrelation: (object) => sourceOnly(`look up ${object} by a correlation field`),
    /** By uid, one GET each; by any other field, one walk through the project's list (it has no filters). */
    async findMany(object, field, values, signal) {
      const path = `/projects/${projectOf()}/${objectOf(object)}`;
      const wanted = wantedValues(values);
      if (wanted.length === 0) return new Map();
      const rows: Record<string, unknown>[] = [];
      if (field === 'uid') {
        for (const uid of wanted) {
          try {
            rows.push(
              (
                await api.request<Record<string, unknown>>({
                  path: `${path}/${encodeURIComponent(uid)}`,
                  ...signalOf(signal),
                })
              ).body,
            );
          } catch (error) {
            if ((error as { status?: number }).status !== 404) throw error;
          }
        }
      } else {
        rows.push(...(await collectPages<Record<string, unknown>>(api, path, signal)));
        // Oldest first, as every connector's findMany answers.
        rows.sort((a, b) => String(a.created_at ?? '').localeCompare(String(b.created_at ?? '')));
      }
      return refsByValue(rows, field, wanted, (row) => ({
        id: String(row.uid),
        number: row.number === undefined || row.number === null ? null : String(row.number),
        fields: row,
      }));
    },
    async findOne(object, field, value, signal, scope) {
      if (object !== 'users') return sourceOnly(`look up ${object}; only the project team (users) can be`);
      const users = `/projects/${projectOf(scope?.project)}/users`;
      if (field === 'uid') {
        try {
          return (
            await api.request<Record<string, unknown>>({ path: `${users}/${value}`, ...signalOf(signal) })
          ).body;
        } catch (error) {
          if ((error as { status?: number }).status === 404) return null;
          throw error;
        }
      }
      const team = await collectPages<Record<string, unknown>>(api, users, signal);
      return team.find((user) => String(user[field]) === value) ?? null;
    },
    close: () => http.close(),
  };
};

/** Every item of a PlanGrid list, following `next_page_url`. */
async function collectPages<T>(api: AuthedApi, path: string, signal?: AbortSignal): Promise<T[]> {
  const items: T[] = [];
  for (let next: string | null = path; next !== null;) {
    const page: { body: { data: T[]; next_page_url: string | null } } = await api.request({
      path: next,
      query: next === path ? { limit: MAX_PAGE_SIZE } : {},
      ...signalOf(signal),
    });
    items.push(...page.body.data);
    next = page.body.next_page_url;
  }
  return items;
}
