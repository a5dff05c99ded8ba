import { z } from 'zod';
import type { Permission } from '@isync/core';
import { requirePermission } from '../auth/middleware.js';

export const ErrorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.record(z.string(), z.unknown()) }),
});

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: ErrorSchema } },
});

/** The error answers every protected route can give. */
const STANDARD_ERRORS = {
  400: errorResponse('The request is not valid; `details.issues` names each bad field.'),
  401: errorResponse('Not signed in.'),
  403: errorResponse('The role does not allow this, or a signed-in write lacks its CSRF token.'),
  404: errorResponse('Not found (also for another tenant’s objects).'),
};

export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  body: { content: { 'application/json': { schema } }, required: true },
});

/** The permission check of a protected route, and its place in the OpenAPI document. */
export const protect = (permission: Permission | null) => ({
  middleware: requirePermission(permission),
  security: [{ session: [] }, { bearer: [] }],
});

/** The error answers of a protected route, plus its own answers. */
export const withErrors = <R extends Record<number, unknown>>(responses: R) => ({
  ...STANDARD_ERRORS,
  ...responses,
});

export const IdParam = z.object({ id: z.string().min(1).max(64) });
export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(64).optional(),
});

/** A page of a list: its items, the cursor of the next page, and how many items the whole list holds. */
export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    nextCursor: z.string().nullable(),
    total: z.number().int().min(0).optional().describe('How many items match the filter, on every page'),
  });
