/*
 * The connector builder's form over a definition's JSON: the form shows the common parts of a connector
 * definition and writes them into the JSON, which stays the one source of truth (parts the form does not
 * show are kept as they are).
 */

export type Json = Record<string, unknown>;
export type AuthKind = 'none' | 'basic' | 'bearer' | 'api-key';
export type PagingKind = 'none' | 'offset' | 'page' | 'next-url' | 'link-header';

export interface BuilderForm {
  baseUrl: string;
  authKind: AuthKind;
  apiKeyHeader: string;
  object: string;
  objectLabel: string;
  /** The object's field names, comma separated (they feed the wizard's mapping pickers). */
  fields: string;
  listPath: string;
  records: string;
  paging: PagingKind;
  offsetParam: string;
  limitParam: string;
  nextPath: string;
  cursorField: string;
  idField: string;
  /** The query parameter a record is looked up by (correlation), e.g. sysparm_query = {{field}}={{value}}. */
  lookupParam: string;
  lookupValue: string;
  create: boolean;
  createPath: string;
  createRecord: string;
  update: boolean;
  updateMethod: string;
  updatePath: string;
}

/** The credentials each kind of authentication takes while testing; a connection asks for the same. */
export const TEST_CREDENTIALS: Record<AuthKind, { name: string; label: string; secret: boolean }[]> = {
  none: [],
  basic: [
    { name: 'username', label: 'Test user name', secret: false },
    { name: 'password', label: 'Test password', secret: true },
  ],
  bearer: [{ name: 'token', label: 'Test token', secret: true }],
  'api-key': [{ name: 'apiKey', label: 'Test API key', secret: true }],
};

/** Which kind of connection authentication supplies the credentials a definition's auth names. */
export const CONNECTION_AUTH: Record<AuthKind, string> = {
  none: 'bearer',
  basic: 'basic',
  bearer: 'bearer',
  'api-key': 'api-key',
};

/** A new system's definition: a JSON API listing `items` with offset paging. */
export const STARTER: Json = {
  auth: { kind: 'basic', username: '{{secrets.username}}', password: '{{secrets.password}}' },
  objects: [{ name: 'items', label: 'Items', fields: [] }],
  idField: 'id',
  list: {
    path: '/{{object}}',
    records: '$.data',
    paginate: { kind: 'offset', offsetParam: 'offset', limitParam: 'limit' },
    cursor: { field: 'updated_at', order: 'none' },
  },
  create: { method: 'POST', path: '/{{object}}', record: '$.data' },
};

const obj = (value: unknown): Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {};
const str = (value: unknown): string => (typeof value === 'string' ? value : '');

/** What the form shows of a definition. */
export function formOf(definition: Json): BuilderForm {
  const auth = obj(definition.auth);
  const object = obj(Array.isArray(definition.objects) ? definition.objects[0] : undefined);
  const list = obj(definition.list);
  const paginate = obj(list.paginate);
  const find = obj(definition.find);
  const [lookupParam = '', lookupValue = ''] = Object.entries(obj(find.query))[0] ?? [];
  const create = definition.create === undefined ? null : obj(definition.create);
  const update = definition.update === undefined ? null : obj(definition.update);
  const kind = str(auth.kind);
  const paging = str(paginate.kind);
  return {
    baseUrl: str(definition.baseUrl),
    authKind: (['none', 'basic', 'bearer', 'api-key'].includes(kind) ? kind : 'none') as AuthKind,
    apiKeyHeader: str(auth.name),
    object: str(object.name),
    objectLabel: str(object.label),
    fields: (Array.isArray(object.fields) ? object.fields : []).map((f) => str(obj(f).name)).join(', '),
    listPath: str(list.path),
    records: str(list.records),
    paging: (['none', 'offset', 'page', 'next-url', 'link-header'].includes(paging)
      ? paging
      : 'none') as PagingKind,
    offsetParam: str(paginate.offsetParam ?? paginate.pageParam),
    limitParam: str(paginate.limitParam ?? paginate.sizeParam),
    nextPath: str(paginate.path),
    cursorField: str(obj(list.cursor).field),
    idField: str(definition.idField),
    lookupParam,
    lookupValue: str(lookupValue),
    create: create !== null,
    createPath: str(create?.path),
    createRecord: str(create?.record),
    update: update !== null,
    updateMethod: str(update?.method) || 'PATCH',
    updatePath: str(update?.path),
  };
}

function authOf(form: BuilderForm): Json {
  switch (form.authKind) {
    case 'basic':
      return { kind: 'basic', username: '{{secrets.username}}', password: '{{secrets.password}}' };
    case 'bearer':
      return { kind: 'bearer', token: '{{secrets.token}}' };
    case 'api-key':
      return {
        kind: 'api-key',
        in: 'header',
        name: form.apiKeyHeader || 'x-api-key',
        value: '{{secrets.apiKey}}',
      };
    default:
      return { kind: 'none' };
  }
}

function paginateOf(form: BuilderForm, current: Json): Json {
  const kept = current.kind === form.paging ? current : {};
  switch (form.paging) {
    case 'offset':
      return {
        ...kept,
        kind: 'offset',
        offsetParam: form.offsetParam || 'offset',
        limitParam: form.limitParam || 'limit',
      };
    case 'page':
      return {
        ...kept,
        kind: 'page',
        pageParam: form.offsetParam || 'page',
        sizeParam: form.limitParam || 'per_page',
      };
    case 'next-url':
      return { ...kept, kind: 'next-url', path: form.nextPath || '$.next' };
    default:
      return { ...kept, kind: form.paging };
  }
}

/** The definition with the form's parts written into it; everything else kept. */
export function applyForm(definition: Json, form: BuilderForm): Json {
  const current = formOf(definition);
  const changed = (key: keyof BuilderForm) => form[key] !== current[key];
  const out: Json = { ...definition };
  if (changed('baseUrl')) {
    if (form.baseUrl) out.baseUrl = form.baseUrl;
    else delete out.baseUrl;
  }
  if (changed('authKind') || changed('apiKeyHeader')) out.auth = authOf(form);
  if (changed('object') || changed('objectLabel') || changed('fields')) {
    const objects = Array.isArray(definition.objects) ? [...definition.objects] : [];
    const first = obj(objects[0]);
    const known = new Map(
      (Array.isArray(first.fields) ? first.fields : []).map((f) => [str(obj(f).name), obj(f)] as const),
    );
    const names = form.fields
      .split(',')
      .map((name) => name.trim())
      .filter(Boolean);
    objects[0] = {
      ...first,
      name: form.object,
      ...(form.objectLabel ? { label: form.objectLabel } : {}),
      fields: names.map((name) => known.get(name) ?? { name }),
    };
    if (!form.objectLabel) delete (objects[0] as Json).label;
    out.objects = objects;
  }
  const list = obj(definition.list);
  if (
    changed('listPath') ||
    changed('records') ||
    changed('cursorField') ||
    changed('paging') ||
    changed('offsetParam') ||
    changed('limitParam') ||
    changed('nextPath')
  )
    out.list = {
      ...list,
      path: form.listPath,
      records: form.records,
      paginate: paginateOf(form, obj(list.paginate)),
      cursor: { ...obj(list.cursor), field: form.cursorField },
    };
  if (changed('idField')) out.idField = form.idField;
  if (changed('lookupParam') || changed('lookupValue')) {
    if (form.lookupParam)
      out.find = {
        ...obj(definition.find),
        path: str(obj(definition.find).path) || form.listPath,
        query: { [form.lookupParam]: form.lookupValue },
        records: str(obj(definition.find).records) || form.records,
      };
    else delete out.find;
  }
  if (changed('create') || changed('createPath') || changed('createRecord')) {
    if (form.create)
      out.create = {
        method: 'POST',
        ...obj(definition.create),
        path: form.createPath || form.listPath,
        record: form.createRecord || '$',
      };
    else delete out.create;
  }
  if (changed('update') || changed('updateMethod') || changed('updatePath')) {
    if (form.update)
      out.update = {
        ...obj(definition.update),
        method: form.updateMethod,
        path: form.updatePath || `${form.listPath}/{{id}}`,
        record: str(obj(definition.update).record) || form.createRecord || '$',
      };
    else delete out.update;
  }
  return out;
}

/** The JSON text parsed as a definition object, or the reason it is not one. */
export function parseDefinition(text: string): { ok: true; definition: Json } | { ok: false; error: string } {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      return { ok: false, error: 'The definition is a JSON object: { … }.' };
    return { ok: true, definition: value as Json };
  } catch (error) {
    return { ok: false, error: `Not JSON yet: ${(error as Error).message}` };
  }
}
