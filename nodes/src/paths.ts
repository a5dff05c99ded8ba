/*
 * Source paths as users write them in mappings: `title`, `created_by.email`, `assignees[0].uid`.
 */

import { memoized } from '@isync/core';

const SEGMENT = /([^.[\]]+)|\[(\d+)\]/g;

/** Parsed once per text (kept, frozen): a plan maps the same few paths for every record of every run. */
export const parsePath = memoized((path: string): readonly (string | number)[] => {
  const segments: (string | number)[] = [];
  for (const match of path.matchAll(SEGMENT))
    segments.push(match[2] !== undefined ? Number(match[2]) : match[1]!);
  return Object.freeze(segments);
}, 4096);

/** The value at `path`, or undefined when any step is missing. Own properties only. */
export function getPath(value: unknown, path: string): unknown {
  let current = value;
  for (const segment of parsePath(path)) {
    if (current === null || typeof current !== 'object') return undefined;
    if (!Object.prototype.hasOwnProperty.call(current, segment)) return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}

/** `"PG-{{number}}: {{title}}"` with each `{{path}}` replaced by its value (missing → empty). */
export function renderTemplate(template: string, value: unknown): string {
  return template.replace(/\{\{\s*([^}]+?)\s*\}\}/g, (_match, path: string) => {
    const found = getPath(value, path);
    if (found === undefined || found === null) return '';
    return typeof found === 'object' ? JSON.stringify(found) : String(found);
  });
}

/** The paths a template refers to. */
export const templatePaths = (template: string): string[] =>
  [...template.matchAll(/\{\{\s*([^}]+?)\s*\}\}/g)].map((match) => match[1]!);

/** The top-level field a path starts at: `created_by.email` → `created_by`. */
export const topField = (path: string): string => String(parsePath(path)[0] ?? path);

/**
 * The top-level fields of `record` an expression reads (`record.title`, `record['due at']`), as far as
 * its text shows; an expression that reads `record` whole reads every field (`*`).
 */
export function expressionFields(expression: string): string[] {
  const fields = new Set<string>();
  for (const match of expression.matchAll(/\brecord\s*(?:\.\s*([A-Za-z_$][\w$]*)|\[\s*(['"])(.*?)\2\s*\])?/g))
    fields.add(match[1] ?? match[3] ?? '*');
  return [...fields];
}
