import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { IsyncError } from '@isync/core';
import type { AppEnv } from '../context.js';

/** Every error answer has one shape: `{error: {code, message, details}}`. */
export function errorBody(code: string, message: string, details: Record<string, unknown> = {}) {
  return { error: { code, message, details } };
}

export class ApiError extends IsyncError {}

export const unauthorized = () =>
  new ApiError('unauthorized', 'Sign in first, or send an API token in the Authorization header.', 401);
export const forbidden = (permission: string) =>
  new ApiError('forbidden', `Your role does not allow this (${permission}).`, 403, { permission });
export const notFound = (entity: string, id: string) =>
  new ApiError('not_found', `${entity} ${id} was not found.`, 404, { entity, id });

export function notFoundRoute(c: Context) {
  return c.json(errorBody('not_found', `No route for ${c.req.method} ${c.req.path}.`), 404);
}

export function onError(error: Error, c: Context<AppEnv>) {
  if (error instanceof IsyncError) {
    return c.json(errorBody(error.code, error.message, error.details), error.status as ContentfulStatusCode);
  }
  if (error instanceof HTTPException) {
    const status = error.status;
    const code = status === 413 ? 'payload_too_large' : status === 400 ? 'bad_request' : 'http_error';
    const message =
      status === 413
        ? 'The request body is larger than 1 MB.'
        : error.message || 'The request could not be handled.';
    return c.json(errorBody(code, message), status as ContentfulStatusCode);
  }
  if (error instanceof SyntaxError) {
    return c.json(errorBody('bad_request', 'The request body is not valid JSON.'), 400);
  }
  c.var.logger?.error({ err: error }, 'unhandled error');
  return c.json(errorBody('internal', 'Something went wrong on our side; the error is logged.'), 500);
}
