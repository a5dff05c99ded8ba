import { REDACTED_KEYS } from './logger.js';

const SECRET_KEYS = new Set(REDACTED_KEYS.map((key) => key.toLowerCase()));

/**
 * A copy of a value with every credential-named field replaced, at any depth: used for trace samples and
 * anything else kept or shown that came from outside.
 */
export function redactObject(value: unknown, depth = 0): unknown {
  if (depth > 20 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => redactObject(item, depth + 1));
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([key, inner]) => [
      key,
      SECRET_KEYS.has(key.toLowerCase()) ? '[redacted]' : redactObject(inner, depth + 1),
    ]),
  );
}
