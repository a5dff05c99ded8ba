import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../context.js';
import { errorBody } from './errors.js';

/** A router whose request validation failures answer in the API's error shape, naming each bad field. */
export function createRouter() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (result.success) return;
      const issues = result.error.issues.map((issue) => ({
        path: issue.path.map(String).join('.'),
        message: issue.message,
      }));
      const first = issues[0];
      return c.json(
        errorBody(
          'validation_failed',
          first ? `${first.path || 'The request'}: ${first.message}` : 'The request is not valid.',
          { target: result.target, issues },
        ),
        400,
      );
    },
  });
}

export type Router = ReturnType<typeof createRouter>;
