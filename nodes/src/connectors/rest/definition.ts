import { z } from 'zod';

/*
 * The generic REST connector is configured as data, Airbyte-style: authenticator, paginator,
 * record selector, incremental cursor and write endpoints. Strings may hold `{{…}}` placeholders:
 * `{{secrets.<name>}}` (the connection's credentials), `{{object}}`, `{{cursor}}`, `{{pageSize}}`,
 * `{{id}}`, `{{field}}`, `{{value}}` where they make sense.
 */

/** A simple JSON path: `$`, `$.result`, `$.data.items`, `$.links[0].href`. */
export const jsonPathSchema = z.string().regex(/^\$(\.[A-Za-z_$][\w$-]*|\[\d+\])*$/, 'a path like $.a.b');

const query = z.record(z.string(), z.string()).default({});

export const authSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }),
  z.object({ kind: z.literal('basic'), username: z.string(), password: z.string().default('') }),
  z.object({ kind: z.literal('bearer'), token: z.string() }),
  z.object({ kind: z.literal('api-key'), header: z.string().min(1), value: z.string() }),
  z.object({
    kind: z.literal('oauth2-client-credentials'),
    tokenPath: z.string().min(1),
    clientId: z.string(),
    clientSecret: z.string(),
    scope: z.string().optional(),
  }),
]);

export const paginationSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('offset'),
    offsetParam: z.string().default('offset'),
    limitParam: z.string().default('limit'),
  }),
  z.object({
    kind: z.literal('page'),
    pageParam: z.string().default('page'),
    sizeParam: z.string().default('per_page'),
    firstPage: z.number().int().min(0).default(1),
  }),
  /** The next page's URL, from the `Link` header (rel="next") or from the body. */
  z.object({ kind: z.literal('next-link'), body: jsonPathSchema.optional() }),
  /** An opaque token from the body, sent back as a query parameter. */
  z.object({ kind: z.literal('cursor'), param: z.string(), tokenPath: jsonPathSchema }),
]);

const fieldSchema = z.object({
  name: z.string(),
  label: z.string().optional(),
  type: z
    .enum(['string', 'number', 'boolean', 'date', 'datetime', 'reference', 'choice', 'object', 'array'])
    .default('string'),
  required: z.boolean().default(false),
});

export const restDefinitionSchema = z.object({
  auth: authSchema,
  headers: query,
  /** The objects (resources) offered to pickers. */
  objects: z
    .array(
      z.object({
        name: z.string().min(1),
        label: z.string().optional(),
        fields: z.array(fieldSchema).default([]),
        statuses: z.array(z.object({ value: z.string(), label: z.string() })).default([]),
      }),
    )
    .min(1),
  idField: z.string().default('id'),
  numberField: z.string().optional(),
  statusField: z.string().optional(),
  deletedField: z.string().optional(),
  list: z.object({
    path: z.string(),
    query,
    records: jsonPathSchema,
    paginate: paginationSchema,
    cursor: z.object({
      field: z.string(),
      format: z.enum(['iso', 'YYYY-MM-DD HH:mm:ss']).default('iso'),
      /** Sent as `{{cursor}}` on a first walk. */
      initial: z.string().default('1970-01-01T00:00:00Z'),
    }),
  }),
  create: z
    .object({
      method: z.enum(['POST', 'PUT']).default('POST'),
      path: z.string(),
      query,
      /** Where the created record is in the answer. */
      record: jsonPathSchema.default('$'),
    })
    .optional(),
  update: z
    .object({
      method: z.enum(['PATCH', 'PUT', 'POST']).default('PATCH'),
      path: z.string(),
      query,
      record: jsonPathSchema.default('$'),
    })
    .optional(),
  /** Looks a record up by `{{field}}` = `{{value}}`; the first record found wins. */
  find: z.object({ path: z.string(), query, records: jsonPathSchema }).optional(),
});

export type RestDefinition = z.output<typeof restDefinitionSchema>;
export type RestDefinitionInput = z.input<typeof restDefinitionSchema>;

/** The definition stored under the connection's `options.definition`, validated with a readable message. */
export function parseRestDefinition(connectionName: string, raw: unknown): RestDefinition {
  const parsed = restDefinitionSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map(
    (issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`,
  );
  throw new Error(
    `The REST definition of connection "${connectionName}" is not valid — ${problems.join('; ')}.`,
  );
}
