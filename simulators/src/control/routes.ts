import type { Context } from 'hono';
import { Hono } from 'hono';
import { z } from 'zod';
import { churnOpsSchema, steadyChurnSchema } from './churn.js';
import { faultPlanSchema } from './faults.js';
import { rateLimitRuleSchema } from './rate-limit.js';
import type { SimControl, SimSnapshot } from './sim-control.js';

const seedSchema = z
  .object({ seed: z.number().int().optional(), records: z.number().int().min(0).max(1_000_000).optional() })
  .strict();
const clockSchema = z.object({ advanceSeconds: z.number().min(0) }).strict();
const fileSchema = z.object({ file: z.string().min(1) }).strict();
const snapshotSchema = z.object({
  simulator: z.enum(['plangrid', 'nuvolo']),
  savedAt: z.string(),
  state: z.unknown(),
});
const recordEditSchema = z
  .object({
    object: z.string().min(1),
    id: z.string().min(1),
    fields: z
      .record(z.string(), z.unknown())
      .refine((fields) => Object.keys(fields).length > 0, 'name at least one field to change'),
    by: z.string().min(1).optional(),
  })
  .strict();
const requestFilterSchema = z.object({
  method: z.string().optional(),
  path: z.string().optional(),
  sinceSeq: z.coerce.number().int().optional(),
});

function problem(c: Context, status: 400 | 404 | 409, code: string, message: string, details?: unknown) {
  return c.json({ error: { code, message, details: details ?? null } }, status);
}

/** Parses a JSON body with a schema; answers 400 with the zod issues when it does not fit. */
export async function parseBody<T extends z.ZodType>(
  c: Context,
  schema: T,
): Promise<{ ok: true; value: z.output<T> } | { ok: false; response: Response }> {
  const text = await c.req.text();
  let json: unknown = {};
  if (text.trim() !== '') {
    try {
      json = JSON.parse(text);
    } catch {
      return { ok: false, response: problem(c, 400, 'invalid_json', 'the body is not valid JSON') };
    }
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    return {
      ok: false,
      response: problem(
        c,
        400,
        'invalid_body',
        'the body does not fit this control operation',
        parsed.error.issues,
      ),
    };
  }
  return { ok: true, value: parsed.data };
}

/**
 * The `/__sim/*` control plane shared by both simulators. `extend` adds a simulator's own
 * configuration routes (RFI statuses, choice lists) to the same sub-app.
 */
export function controlRoutes(control: SimControl, extend?: (app: Hono) => void): Hono {
  const app = new Hono();

  app.post('/reset', (c) => {
    control.reset();
    return c.json({ ok: true });
  });
  app.post('/seed', async (c) => {
    const body = await parseBody(c, seedSchema);
    if (!body.ok) return body.response;
    const { seed, records } = body.value;
    return c.json(
      control.seed({
        ...(seed !== undefined ? { seed } : {}),
        ...(records !== undefined ? { records } : {}),
      }),
    );
  });

  app.post('/churn', async (c) => {
    const body = await parseBody(c, churnOpsSchema);
    return body.ok ? c.json(control.churn(body.value)) : body.response;
  });
  app.post('/churn/start', async (c) => {
    const body = await parseBody(c, steadyChurnSchema);
    if (!body.ok) return body.response;
    control.startChurn(body.value);
    return c.json({ running: true });
  });
  app.post('/churn/stop', (c) => {
    control.stopChurn();
    return c.json({ running: false });
  });

  // A person's edit in the system's UI. The control plane answers ahead of the API's request log
  // (sim-app.ts), so the edit never shows up as an API call.
  app.post('/records/edit', async (c) => {
    const body = await parseBody(c, recordEditSchema);
    if (!body.ok) return body.response;
    const result = control.editRecord(body.value, new URL(c.req.url).origin);
    if (result.ok) return c.json(result.record);
    return problem(c, result.status, result.status === 404 ? 'not_found' : 'invalid_edit', result.message);
  });

  app.get('/faults', (c) => c.json(control.faults()));
  app.post('/faults', async (c) => {
    const body = await parseBody(c, faultPlanSchema);
    return body.ok ? c.json(control.addFault(body.value), 201) : body.response;
  });
  app.delete('/faults', (c) => {
    control.clearFaults();
    return c.body(null, 204);
  });
  app.delete('/faults/:id', (c) =>
    control.removeFault(c.req.param('id'))
      ? c.body(null, 204)
      : problem(c, 404, 'not_found', `no fault plan ${c.req.param('id')}`),
  );

  app.get('/requests', (c) => {
    const filter = requestFilterSchema.safeParse(c.req.query());
    if (!filter.success) return problem(c, 400, 'invalid_query', 'bad request filter', filter.error.issues);
    const { method, path, sinceSeq } = filter.data;
    return c.json(control.requests({ method, path, sinceSeq }));
  });
  app.delete('/requests', (c) => {
    control.clearRequests();
    return c.body(null, 204);
  });

  app.get('/rate-limits', (c) => c.json(control.rateLimits()));
  app.put('/rate-limits', async (c) => {
    const body = await parseBody(c, z.array(rateLimitRuleSchema));
    if (!body.ok) return body.response;
    control.setRateLimits(body.value);
    return c.json(control.rateLimits());
  });

  app.post('/clock', async (c) => {
    const body = await parseBody(c, clockSchema);
    if (!body.ok) return body.response;
    control.advanceClock(body.value.advanceSeconds * 1000);
    return c.json({ now: control.now().toISOString() });
  });

  app.get('/state', (c) => c.json(control.dump()));
  app.put('/state', async (c) => {
    const body = await parseBody(c, snapshotSchema);
    if (!body.ok) return body.response;
    return loadOr409(c, () => control.load(body.value as SimSnapshot));
  });
  app.post('/dump', async (c) => {
    const body = await parseBody(c, fileSchema);
    if (!body.ok) return body.response;
    await control.dumpToFile(body.value.file);
    return c.json({ file: body.value.file });
  });
  app.post('/load', async (c) => {
    const body = await parseBody(c, fileSchema);
    if (!body.ok) return body.response;
    return loadOr409(c, () => control.loadFromFile(body.value.file));
  });

  extend?.(app);
  return app;
}

async function loadOr409(c: Context, load: () => unknown) {
  try {
    await load();
    return c.json({ ok: true });
  } catch (error) {
    return problem(c, 409, 'cannot_load', error instanceof Error ? error.message : String(error));
  }
}
