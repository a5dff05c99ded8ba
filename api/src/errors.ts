import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { IsyncError } from '@isync/core';

/** Every error answer has one shape: `{error: {code, message, details}}`. */
export function errorBody(code: string, message: string, details: Record<string, unknown> = {}) {
  return { error: { code, message, details } };
}

export function notFound(c: Context) {
  return c.json(errorBody('not_found', `No route for ${c.req.method} ${c.req.path}.`), 404);
}

export function onError(error: Error, c: Context) {
  if (error instanceof IsyncError) {
    return c.json(errorBody(error.code, error.message, error.details), error.status as ContentfulStatusCode);
  }
  c.var.logger?.error({ err: error }, 'unhandled error');
  return c.json(errorBody('internal', 'Something went wrong on our side; the error is logged.'), 500);
}
