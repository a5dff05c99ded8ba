import { z } from 'zod';
import { cursorPatternProblem } from './cursor-format.js';
import { bodyTemplates, JSON_PATH, placeholders, TemplateSyntaxError } from './template.js';

/*
 * A connector as data (ARCHITECTURE.md, "A system is a definition"), Airbyte-style and beyond it: auth,
 * endpoints with their templates (template.ts states the one template language and its rule for missing
 * values), pagination with a stop condition, record selector, incremental cursor, error handler, rate
 * limit, writes (create, update with a method override, find by correlation, find many, delete) and the
 * `describe` that feeds the editor's pickers. One zod schema validates a definition, generates the JSON
 * Schema served at GET /api/connector-definitions/schema, and the REST engine runs what it accepts.
 */

const text = (max = 2000) => z.string().max(max);
/** A string with `{{…}}` placeholders. */
const template = text(4000);
const templates = z.record(z.string().min(1).max(200), template);

export const jsonPathSchema = z
  .string()
  .max(500)
  .regex(JSON_PATH, 'a path like $, $.result or $.data[0].items');

const httpMethod = z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);

const statusMatch = z.union([
  z.number().int().min(100).max(599),
  z.string().regex(/^[1-5]xx$/, 'a status class like 4xx'),
]);

/** Which error answers a rule is about: every condition given must hold. */
export const errorFilterSchema = z
  .strictObject({
    status: z.array(statusMatch).min(1).max(50).optional(),
    /** A value in the answer's JSON body (the first 500 characters of it are read). */
    bodyPath: jsonPathSchema.optional(),
    /** With `bodyPath`: the value there equals this; without: the body contains this text. */
    bodyEquals: z.union([z.string().max(500), z.number(), z.boolean()]).optional(),
    bodyContains: text(500).optional(),
    /** An answer header (any case), present, or containing `headerContains`. */
    header: text(200).optional(),
    headerContains: text(500).optional(),
  })
  .refine((when) => Object.values(when).some((value) => value !== undefined), {
    message: 'say at least one condition: status, bodyPath, bodyContains or header',
  });

export const errorActionSchema = z.discriminatedUnion('action', [
  /** Repeat the request with exponential backoff (a Retry-After header is honoured). */
  z.strictObject({
    action: z.literal('retry'),
    maxRetries: z.number().int().min(1).max(10).default(3),
    baseDelayMs: z.number().int().min(1).max(60_000).default(1000),
    maxDelayMs: z.number().int().min(1).max(600_000).default(30_000),
  }),
  /** Treat the answer as empty: no records on a list, not found on a find, nothing written on a write. */
  z.strictObject({ action: z.literal('ignore') }),
  /** Stop: a configuration error (fix the connection or definition) or a data error (fix the record). */
  z.strictObject({
    action: z.literal('fail'),
    as: z.enum(['configuration', 'data']),
    message: text(1000).optional(),
  }),
]);

export const errorRuleSchema = z.strictObject({ when: errorFilterSchema, then: errorActionSchema });

/** One HTTP request the engine makes: method, path (relative to the base URL), query, headers, body. */
const endpointShape = {
  method: httpMethod.default('GET'),
  path: template.min(1),
  query: templates.default({}),
  headers: templates.default({}),
  /** JSON whose string leaves are templates; `"{{fields}}"` sends the mapped record as it is. */
  body: z.json().optional(),
  /** This endpoint's own error rules, checked before the definition's. */
  errors: z.array(errorRuleSchema).max(20).optional(),
};
export const endpointSchema = z.strictObject(endpointShape);

/** When paging stops, besides the paginator having no next page. */
export const stopConditionSchema = z.discriminatedUnion('kind', [
  /** A page with fewer records than the page size is the last. */
  z.strictObject({ kind: z.literal('short-page') }),
  /** Only a page without records ends the walk. */
  z.strictObject({ kind: z.literal('empty-page') }),
  /** The body has no value (absent, null or "") at `path`, e.g. $.responseInfo.nextPage. */
  z.strictObject({ kind: z.literal('path-absent'), path: jsonPathSchema }),
  /** The value at `path` equals `value`, e.g. $.has_more = false. */
  z.strictObject({
    kind: z.literal('path-equals'),
    path: jsonPathSchema,
    value: z.union([z.string().max(200), z.number(), z.boolean(), z.null()]),
  }),
  /** The records read reach the total at `path`, e.g. $.meta.total. */
  z.strictObject({ kind: z.literal('total-reached'), path: jsonPathSchema }),
]);

const param = z.string().min(1).max(200);

export const paginationSchema = z.discriminatedUnion('kind', [
  /** One request answers everything. */
  z.strictObject({ kind: z.literal('none') }),
  z.strictObject({
    kind: z.literal('offset'),
    offsetParam: param.default('offset'),
    limitParam: param.default('limit'),
    stopWhen: stopConditionSchema.default({ kind: 'short-page' }),
  }),
  z.strictObject({
    kind: z.literal('page'),
    pageParam: param.default('page'),
    sizeParam: param.default('per_page'),
    firstPage: z.number().int().min(0).max(1).default(1),
    stopWhen: stopConditionSchema.default({ kind: 'short-page' }),
  }),
  /** An opaque token from the body (`tokenPath`) or a header (`header`), sent back as query `param`. */
  z
    .strictObject({
      kind: z.literal('cursor'),
      param,
      from: z.enum(['body', 'header']).default('body'),
      tokenPath: jsonPathSchema.optional(),
      header: text(200).optional(),
      stopWhen: stopConditionSchema.optional(),
    })
    .refine((p) => (p.from === 'body' ? p.tokenPath !== undefined : p.header !== undefined), {
      message: 'a body cursor needs tokenPath; a header cursor needs header',
    }),
  /** The next page's URL (absolute, same origin, or a path) in the body at `path`. */
  z.strictObject({
    kind: z.literal('next-url'),
    path: jsonPathSchema,
    stopWhen: stopConditionSchema.optional(),
  }),
  /** The RFC 8288 `Link` header's rel="next". */
  z.strictObject({ kind: z.literal('link-header'), stopWhen: stopConditionSchema.optional() }),
]);

/** A top-level record field name. */
const fieldName = z.string().min(1).max(200);

export const incrementalCursorSchema = z.strictObject({
  /** The record field that tells when it last changed. */
  field: fieldName,
  /** How `{{cursor}}` is written: a pattern (cursor-format.ts) or iso, iso-ms, iso-seconds. */
  format: text(100).default('iso'),
  /** What `{{cursor}}` is on a first walk; without it `{{cursor}}` is missing then (see `{{cursor?}}`). */
  initial: text(200).optional(),
  /** How far before the saved cursor a walk starts again; default the connection's overlapSeconds or 60. */
  lookbackSeconds: z
    .number()
    .int()
    .min(0)
    .max(7 * 86_400)
    .optional(),
  /**
   * The list answers in ascending cursor order: then offset and page paging re-anchor every page at the
   * last cursor value read (as PlanGrid's walk does), so records changing mid-walk cannot be skipped.
   */
  order: z.enum(['ascending', 'none']).default('ascending'),
  /**
   * The API keeps only records changed strictly after `{{cursor}}` (PlanGrid's `updated_after`): the engine
   * writes the cursor one unit of its format earlier, so a walk re-anchored at an instant still reads the
   * records at that instant it has not read yet.
   */
  strict: z.boolean().default(false),
});

export const listSchema = z.strictObject({
  ...endpointShape,
  /** Where the page's records are. */
  records: jsonPathSchema,
  paginate: paginationSchema,
  cursor: incrementalCursorSchema,
});

const recordPath = jsonPathSchema.default('$');

export const writeSchema = z.strictObject({
  ...endpointShape,
  method: httpMethod.default('POST'),
  /** Where the written record is in the answer. */
  record: recordPath,
  /** Sends `method` as POST with this header (Maximo: `x-method-override: PATCH`). */
  methodOverride: z
    .strictObject({ header: text(200).default('x-method-override'), method: httpMethod })
    .optional(),
});

export const findSchema = z.strictObject({ ...endpointShape, records: jsonPathSchema });

export const findManySchema = z.strictObject({
  ...endpointShape,
  records: jsonPathSchema,
  /** How many values one request asks for (`{{values}}`). */
  chunkSize: z.number().int().min(1).max(500).default(50),
});

const fieldTypes = z.enum([
  'string',
  'number',
  'boolean',
  'date',
  'datetime',
  'reference',
  'choice',
  'object',
  'array',
]);

export const fieldSchema = z.strictObject({
  name: fieldName,
  label: text(200).optional(),
  type: fieldTypes.default('string'),
  required: z.boolean().default(false),
  reference: text(200).optional(),
  choices: z
    .array(z.strictObject({ value: text(200), label: text(200) }))
    .max(500)
    .optional(),
  format: text(100).optional(),
});

const choiceSchema = z.strictObject({ value: text(200), label: text(200) });

/** Field paths in a described record: `name` or `$key` for the key of an object map. */
const describedPath = z.string().min(1).max(200);

export const objectSchema = z.strictObject({
  name: z.string().min(1).max(200),
  label: text(200).optional(),
  fields: z.array(fieldSchema).max(1000).default([]),
  statuses: z.array(choiceSchema).max(500).default([]),
  /** This object's status field, where it differs from the definition's `statusField` (null: it has none). */
  statusField: fieldName.nullable().optional(),
  /** False for an object only looked up (a project team), never synced. */
  syncable: z.boolean().optional(),
  /** Fields read from the API (a JSON Schema's properties, a metadata list), added to `fields`. */
  fieldsFrom: z
    .strictObject({
      ...endpointShape,
      records: jsonPathSchema,
      name: describedPath.default('$key'),
      label: describedPath.optional(),
      type: describedPath.optional(),
    })
    .optional(),
  /** Status choices read from the API (a choice list, a synonym domain), replacing `statuses` when it answers any. */
  statusesFrom: z
    .strictObject({
      ...endpointShape,
      records: jsonPathSchema,
      value: describedPath,
      label: describedPath.optional(),
    })
    .optional(),
});

export const authSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('none') }),
  z.strictObject({
    kind: z.literal('api-key'),
    in: z.enum(['header', 'query']).default('header'),
    name: z.string().min(1).max(200),
    value: template,
  }),
  z.strictObject({ kind: z.literal('basic'), username: template, password: template.default('') }),
  z.strictObject({ kind: z.literal('bearer'), token: template }),
  z.strictObject({
    kind: z.literal('oauth2-client-credentials'),
    /** An absolute http(s) URL on any host (it obeys the same outbound policy as the base URL), or a path. */
    tokenUrl: template.min(1).refine((url) => /^https?:\/\//i.test(url) || url.startsWith('/'), {
      message: 'an absolute http(s) URL or a path starting with /',
    }),
    clientId: template,
    clientSecret: template,
    /** How the client proves itself: HTTP Basic (RFC 6749 §2.3.1) or form fields. */
    clientAuth: z.enum(['client_secret_basic', 'client_secret_post']).default('client_secret_basic'),
    scope: template.optional(),
    audience: template.optional(),
    /** More form fields for the token request. */
    params: templates.default({}),
    /** The token's lifetime when the token endpoint does not tell (`expires_in`). */
    expiresInSeconds: z.number().int().min(1).max(31_536_000).optional(),
  }),
]);

export const rateLimitSchema = z.strictObject({
  requestsPerSecond: z.number().positive().max(1000),
  /** Requests that may start at once before the rate applies. */
  burst: z.number().int().min(1).max(1000).optional(),
  /** Requests in flight at once. */
  concurrency: z.number().int().min(1).max(16).optional(),
});

export const restDefinitionSchema = z
  .strictObject({
    /** For people: what the system is. */
    name: text(200).optional(),
    description: text(2000).optional(),
    /** The system's usual base URL, a hint for new connections (the connection's own base URL is used). */
    baseUrl: z
      .url({ protocol: /^https?$/ })
      .max(2000)
      .optional(),
    auth: authSchema,
    /** Sent with every request. */
    headers: templates.default({}),
    rateLimit: rateLimitSchema.optional(),
    /** Checked in order, before the engine's defaults (429 and 5xx retried with backoff). */
    errors: z.array(errorRuleSchema).max(50).default([]),
    /** The objects (resources) offered to pickers; `{{object}}` in a template is one of their names. */
    objects: z.array(objectSchema).min(1).max(200),
    idField: fieldName.default('id'),
    numberField: fieldName.optional(),
    statusField: fieldName.optional(),
    deletedField: fieldName.optional(),
    /** Top-level fields left out of change detection (e.g. signed URLs, row stamps). */
    volatileFields: z.array(fieldName).max(100).default([]),
    /** Fields the system changes on every write (an update counter, the last editor): two-way sync ignores them. */
    bookkeepingFields: z.array(fieldName).max(100).optional(),
    /** A counter the system raises on every change (ServiceNow `sys_mod_count`). */
    revisionField: fieldName.optional(),
    list: listSchema,
    create: writeSchema.optional(),
    update: writeSchema.extend({ method: httpMethod.default('PATCH') }).optional(),
    /** Looks records up by `{{field}}` = `{{value}}`; the first wins. */
    find: findSchema.optional(),
    /** Looks many up at once by `{{field}}` in `{{values}}`; without it, `find` runs once per value. */
    findMany: findManySchema.optional(),
    delete: writeSchema.extend({ method: httpMethod.default('DELETE') }).optional(),
  })
  .superRefine(checkTemplates);

export type RestDefinition = z.output<typeof restDefinitionSchema>;
export type RestDefinitionInput = z.input<typeof restDefinitionSchema>;
export type Endpoint = z.output<typeof endpointSchema>;
export type ErrorRule = z.output<typeof errorRuleSchema>;
export type Pagination = z.output<typeof paginationSchema>;
export type StopCondition = z.output<typeof stopConditionSchema>;
export type WriteEndpoint = z.output<typeof writeSchema>;

/** The values each part of a definition may name, besides `secrets.*` and `options.*`. */
const AVAILABLE: Record<string, readonly string[]> = {
  auth: [],
  headers: [],
  list: ['object', 'cursor', 'pageSize'],
  create: ['object', 'fields'],
  update: ['object', 'id', 'fields'],
  delete: ['object', 'id'],
  find: ['object', 'field', 'value'],
  findMany: ['object', 'field', 'values'],
  objects: ['object'],
};

/** Every template must parse and name only values its part of the definition has. */
function checkTemplates(definition: z.output<z.ZodObject>, ctx: z.RefinementCtx): void {
  const visit = (
    value: unknown,
    path: (string | number)[],
    available: readonly string[],
    isBody: boolean,
  ) => {
    if (typeof value === 'string') {
      try {
        for (const placeholder of placeholders(value)) {
          const { name } = placeholder;
          if (name.startsWith('secrets.') || name.startsWith('options.') || available.includes(name))
            continue;
          ctx.addIssue({
            code: 'custom',
            path,
            message: `{{${name}}} has no value here; this part of the definition may use ${[...available, 'secrets.<name>', 'options.<name>'].map((n) => `{{${n}}}`).join(', ')}`,
          });
        }
      } catch (error) {
        if (!(error instanceof TemplateSyntaxError)) throw error;
        ctx.addIssue({ code: 'custom', path, message: error.message });
      }
      return;
    }
    if (!isBody) return;
    bodyTemplates(value).forEach((leaf) => visit(leaf, path, available, false));
  };
  const endpoint = (value: unknown, path: (string | number)[], available: readonly string[]) => {
    if (typeof value !== 'object' || value === null) return;
    const e = value as Record<string, unknown>;
    visit(e.path, [...path, 'path'], available, false);
    for (const part of ['query', 'headers'] as const) {
      const map = e[part];
      if (map && typeof map === 'object')
        for (const [key, inner] of Object.entries(map)) visit(inner, [...path, part, key], available, false);
    }
    if (e.body !== undefined) visit(e.body, [...path, 'body'], available, true);
  };
  const d = definition as Record<string, unknown>;
  const auth = d.auth as Record<string, unknown>;
  for (const [key, value] of Object.entries(auth)) {
    if (key === 'params' && value && typeof value === 'object')
      for (const [name, inner] of Object.entries(value)) visit(inner, ['auth', 'params', name], [], false);
    else if (key !== 'kind') visit(value, ['auth', key], [], false);
  }
  for (const [key, value] of Object.entries((d.headers as Record<string, string>) ?? {}))
    visit(value, ['headers', key], [], false);
  for (const part of ['list', 'create', 'update', 'delete', 'find', 'findMany'] as const)
    endpoint(d[part], [part], AVAILABLE[part]!);
  (d.objects as Array<Record<string, unknown>>).forEach((object, index) => {
    endpoint(object.fieldsFrom, ['objects', index, 'fieldsFrom'], AVAILABLE.objects!);
    endpoint(object.statusesFrom, ['objects', index, 'statusesFrom'], AVAILABLE.objects!);
  });
  const cursor = (d.list as { cursor: { format: string } }).cursor;
  const problem = cursorPatternProblem(cursor.format);
  if (problem) ctx.addIssue({ code: 'custom', path: ['list', 'cursor', 'format'], message: problem });
}

/** One problem of a definition: where (a JSON path into the definition) and what to change. */
export interface DefinitionProblem {
  path: string;
  message: string;
}

/** `$.list.paginate.kind`, `$.objects[0].name`, `$.list.query['oslc.where']`. */
export function jsonPathOf(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, step) => {
    if (typeof step === 'number') return `${out}[${step}]`;
    const key = String(step);
    return /^[A-Za-z_$][\w$-]*$/.test(key) ? `${out}.${key}` : `${out}['${key.replace(/'/g, "\\'")}']`;
  }, '$');
}

/** The definition, or every problem it has with the JSON path of each. */
export function checkRestDefinition(
  raw: unknown,
): { ok: true; definition: RestDefinition } | { ok: false; problems: DefinitionProblem[] } {
  const parsed = restDefinitionSchema.safeParse(raw);
  if (parsed.success) return { ok: true, definition: parsed.data };
  return {
    ok: false,
    problems: parsed.error.issues.flatMap((issue) =>
      issue.code === 'unrecognized_keys'
        ? issue.keys.map((key) => ({
            path: jsonPathOf([...issue.path, key]),
            message: `"${key}" is not part of a connector definition here; remove it or check its spelling`,
          }))
        : [{ path: jsonPathOf(issue.path), message: issue.message }],
    ),
  };
}

/** A connection's definition that does not validate: a configuration error listing every problem. */
export class InvalidRestDefinition extends Error {
  constructor(
    connectionName: string,
    readonly problems: DefinitionProblem[],
  ) {
    super(
      `The connector definition of connection "${connectionName}" is not valid — ${problems
        .map((p) => `${p.path}: ${p.message}`)
        .join('; ')}.`,
    );
    this.name = 'InvalidRestDefinition';
  }
}

/** The definition stored under the connection's `options.definition`, validated with a readable message. */
export function parseRestDefinition(connectionName: string, raw: unknown): RestDefinition {
  const checked = checkRestDefinition(raw);
  if (checked.ok) return checked.definition;
  throw new InvalidRestDefinition(connectionName, checked.problems);
}

/** The JSON Schema of a definition (what a definition may say, before defaults are applied). */
export function restDefinitionJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(restDefinitionSchema, { io: 'input', unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
}
