import type { MiddlewareHandler } from 'hono';
import { ApiError } from './errors.js';

/** The deepest JSON a request body may nest (objects and arrays): no API body comes near it. */
export const MAX_JSON_DEPTH = 64;

/**
 * How deeply a JSON text nests, counting brackets outside strings; stops counting past `limit`. Parsing
 * is left to the route: this only keeps a body that would blow a stack (in the validator, the store or a
 * client reading it back) from going further.
 */
export function jsonDepth(text: string, limit = Infinity): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (inString) {
      if (char === 0x5c)
        i++; // a backslash escapes the next character
      else if (char === 0x22) inString = false;
    } else if (char === 0x22) inString = true;
    else if (char === 0x7b || char === 0x5b) {
      depth++;
      if (depth > deepest) deepest = depth;
      if (deepest > limit) return deepest;
    } else if (char === 0x7d || char === 0x5d) depth--;
  }
  return deepest;
}

/** A path whose percent-encoding is broken (`/%`, `/%E0%A4%A`, `/api/%zz`) is a 400, not a crash further in. */
export const wellFormedPath: MiddlewareHandler = async (c, next) => {
  try {
    decodeURIComponent(new URL(c.req.url).pathname);
  } catch {
    throw new ApiError(
      'bad_request',
      'The request path is not valid: each % must start a percent-encoded UTF-8 character such as %20.',
      400,
    );
  }
  await next();
};

/** A JSON body nesting deeper than MAX_JSON_DEPTH levels is a 400. */
export const jsonDepthLimit: MiddlewareHandler = async (c, next) => {
  if (
    !['GET', 'HEAD', 'OPTIONS', 'DELETE'].includes(c.req.method) &&
    /json/i.test(c.req.header('content-type') ?? '')
  ) {
    const depth = jsonDepth(await c.req.text(), MAX_JSON_DEPTH);
    if (depth > MAX_JSON_DEPTH) {
      throw new ApiError(
        'too_deep',
        `The JSON body nests deeper than ${MAX_JSON_DEPTH} levels of objects and arrays; no iSync document needs that many.`,
        400,
        { maxDepth: MAX_JSON_DEPTH },
      );
    }
  }
  await next();
};
