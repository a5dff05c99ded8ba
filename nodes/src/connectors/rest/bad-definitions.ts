import fc from 'fast-check';
import { jsonPathOf } from './definition.js';

/*
 * Bad connector definitions for tests (the unit tests here and the API's): hand-written ones with the
 * JSON paths of their problems, and a fast-check generator that breaks a good definition in one place and
 * keeps only what the JSON Schema served at GET /api/connector-definitions/schema refuses.
 */

export interface BadDefinition {
  definition: unknown;
  /** Where the problem is: the JSON path of the changed value. */
  path: string;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Step = string | number;

/** Every path to a value inside a JSON document, the root left out. */
function pathsOf(value: unknown, at: Step[] = []): Step[][] {
  const here = at.length > 0 ? [at] : [];
  if (Array.isArray(value))
    return [...here, ...value.flatMap((item, index) => pathsOf(item, [...at, index]))];
  if (typeof value === 'object' && value !== null)
    return [...here, ...Object.entries(value).flatMap(([key, inner]) => pathsOf(inner, [...at, key]))];
  return here;
}

type Node = Record<Step, unknown> & unknown[];

function changedAt(document: unknown, path: Step[], change: (parent: Node, key: Step) => void): unknown {
  const copy = structuredClone(document);
  let parent = copy as Node;
  for (const step of path.slice(0, -1)) parent = parent[step] as Node;
  change(parent, path.at(-1)!);
  return copy;
}

const junk: fc.Arbitrary<Json> = fc.oneof(
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.string({ maxLength: 12 }),
  fc.constant(''),
  fc.constant('{{unclosed'),
  fc.constant('{{no.such.value}}'),
  fc.array(fc.integer(), { maxLength: 2 }),
  fc.constant({ unexpected: true }),
);

/**
 * Definitions broken in one place (a value replaced, a key removed or an unknown key added), kept only
 * where `valid` (the JSON Schema's validator) says they are not valid.
 */
export function badDefinitions(
  goods: readonly unknown[],
  valid: (definition: unknown) => boolean,
): fc.Arbitrary<BadDefinition> {
  return fc
    .tuple(
      fc.constantFrom(...goods),
      fc.nat(),
      fc.constantFrom('replace', 'remove', 'add-key'),
      junk,
      fc.string({ minLength: 1, maxLength: 8 }),
    )
    .map(([good, pick, kind, value, key]) => {
      const paths = pathsOf(good);
      const path = paths[pick % paths.length]!;
      if (kind === 'remove')
        return {
          definition: changedAt(good, path, (parent, last) =>
            Array.isArray(parent) ? parent.splice(Number(last), 1) : delete parent[last],
          ),
          path: jsonPathOf(path.slice(0, -1)),
        };
      if (kind === 'add-key') {
        return {
          definition: changedAt(good, path, (parent, last) => {
            const target = parent[last];
            if (typeof target === 'object' && target !== null && !Array.isArray(target))
              (target as Record<string, unknown>)[`x-${key}`] = value ?? 0;
            else parent[last] = value;
          }),
          path: jsonPathOf(path),
        };
      }
      return {
        definition: changedAt(good, path, (parent, last) => (parent[last] = value)),
        path: jsonPathOf(path),
      };
    })
    .filter(({ definition }) => !valid(definition));
}

const GOOD_LIST = {
  path: '/items',
  records: '$.items',
  paginate: { kind: 'offset' },
  cursor: { field: 'updated_at' },
};
const base = { auth: { kind: 'none' }, objects: [{ name: 'items' }], list: GOOD_LIST };

/** Bad definitions a person might write, with the JSON paths their problems must be answered at. */
export const HAND_WRITTEN_BAD_DEFINITIONS: ReadonlyArray<{ definition: unknown; paths: string[] }> = [
  { definition: {}, paths: ['$.auth', '$.objects', '$.list'] },
  { definition: 'a definition', paths: ['$'] },
  { definition: [], paths: ['$'] },
  { definition: null, paths: ['$'] },
  { definition: { ...base, lsit: GOOD_LIST }, paths: ['$.lsit'] },
  { definition: { ...base, auth: { kind: 'oauth2' } }, paths: ['$.auth.kind'] },
  {
    definition: {
      ...base,
      auth: { kind: 'oauth2-client-credentials', tokenUrl: 'ftp://x', clientId: 'a', clientSecret: 'b' },
    },
    paths: ['$.auth.tokenUrl'],
  },
  {
    definition: {
      ...base,
      auth: {
        kind: 'oauth2-client-credentials',
        tokenUrl: '/token',
        clientId: '{{secrets.id}}',
        clientSecret: '{{secrets.secret}}',
        clientAuth: 'client_secret_jwt',
      },
    },
    paths: ['$.auth.clientAuth'],
  },
  { definition: { ...base, list: { ...GOOD_LIST, records: 'items' } }, paths: ['$.list.records'] },
  {
    definition: { ...base, list: { ...GOOD_LIST, query: { since: '{{id}}' } } },
    paths: ['$.list.query.since'],
  },
  {
    definition: { ...base, list: { ...GOOD_LIST, query: { 'oslc.where': '{{cursor | shout}}' } } },
    paths: ["$.list.query['oslc.where']"],
  },
  { definition: { ...base, list: { ...GOOD_LIST, path: '/items/{{cursor' } }, paths: ['$.list.path'] },
  {
    definition: { ...base, list: { ...GOOD_LIST, paginate: { kind: 'cursor', param: 'after' } } },
    paths: ['$.list.paginate'],
  },
  {
    definition: {
      ...base,
      list: { ...GOOD_LIST, paginate: { kind: 'offset', stopWhen: { kind: 'never' } } },
    },
    paths: ['$.list.paginate.stopWhen.kind'],
  },
  {
    definition: { ...base, list: { ...GOOD_LIST, cursor: { field: 'updated_at', format: 'HH:mm' } } },
    paths: ['$.list.cursor.format'],
  },
  { definition: { ...base, list: { ...GOOD_LIST, cursor: { field: '' } } }, paths: ['$.list.cursor.field'] },
  { definition: { ...base, update: { path: '/items/{{cursor}}' } }, paths: ['$.update.path'] },
  { definition: { ...base, create: { path: '/items', method: 'FETCH' } }, paths: ['$.create.method'] },
  { definition: { ...base, errors: [{ when: {}, then: { action: 'retry' } }] }, paths: ['$.errors[0].when'] },
  {
    definition: { ...base, errors: [{ when: { status: [700] }, then: { action: 'fail' } }] },
    paths: ['$.errors[0].when.status[0]', '$.errors[0].then.as'],
  },
  { definition: { ...base, rateLimit: { requestsPerSecond: 0 } }, paths: ['$.rateLimit.requestsPerSecond'] },
  { definition: { ...base, objects: [] }, paths: ['$.objects'] },
  {
    definition: {
      ...base,
      objects: [{ name: 'items', statusesFrom: { path: '/s', records: 'x', value: 'v' } }],
    },
    paths: ['$.objects[0].statusesFrom.records'],
  },
  {
    definition: { ...base, objects: [{ name: 'items', fields: [{ name: 'a', type: 'text' }] }] },
    paths: ['$.objects[0].fields[0].type'],
  },
];
