/**
 * What the expression editor offers for autocomplete and shows as help: one entry per helper installed in
 * the isolate by `helpers-source.ts`. A test asks the isolate which helpers it really has and compares, so
 * this list cannot drift from what runs.
 */
export interface ExpressionHelper {
  /** How it is called, e.g. `text.upper`. */
  name: string;
  signature: string;
  /** One line. */
  doc: string;
  example: string;
}

export const EXPRESSION_HELPERS: readonly ExpressionHelper[] = [
  {
    name: 'date.parse',
    signature: 'date.parse(value)',
    doc: 'A Date from a Date, epoch milliseconds, ISO-8601 (no zone means UTC) or ServiceNow’s "YYYY-MM-DD HH:mm:ss"; null when it is none of those.',
    example: 'date.parse(record.due_at)',
  },
  {
    name: 'date.format',
    signature: 'date.format(value, pattern)',
    doc: 'The date as text in UTC, with the tokens YYYY MM DD HH mm ss SSS.',
    example: "date.format(record.due_at, 'DD/MM/YYYY')",
  },
  {
    name: 'date.serviceNow',
    signature: 'date.serviceNow(value)',
    doc: 'The date as ServiceNow writes it: "YYYY-MM-DD HH:mm:ss" in UTC.',
    example: 'date.serviceNow(record.due_at)',
  },
  {
    name: 'date.iso',
    signature: 'date.iso(value)',
    doc: 'The date as ISO-8601 in UTC: "YYYY-MM-DDTHH:mm:ss.SSSZ".',
    example: 'date.iso(record.updated_at)',
  },
  {
    name: 'text.upper',
    signature: 'text.upper(value)',
    doc: 'The text in upper case; null and undefined stay null.',
    example: 'text.upper(record.title)',
  },
  {
    name: 'text.lower',
    signature: 'text.lower(value)',
    doc: 'The text in lower case; null and undefined stay null.',
    example: 'text.lower(record.assigned_to.email)',
  },
  {
    name: 'text.trim',
    signature: 'text.trim(value)',
    doc: 'The text without spaces at either end; null and undefined stay null.',
    example: 'text.trim(record.description)',
  },
  {
    name: 'text.padStart',
    signature: "text.padStart(value, length, fill = ' ')",
    doc: 'The text made at least `length` long by adding `fill` before it.',
    example: "text.padStart(record.number, 6, '0')",
  },
  {
    name: 'text.padEnd',
    signature: "text.padEnd(value, length, fill = ' ')",
    doc: 'The text made at least `length` long by adding `fill` after it.',
    example: "text.padEnd(record.room, 10, '.')",
  },
  {
    name: 'num.parse',
    signature: 'num.parse(value)',
    doc: 'A number from a number or text such as " 42 ", "1,234.5" or "-0.5"; null when it is not one.',
    example: 'num.parse(record.cost)',
  },
  {
    name: 'coalesce',
    signature: 'coalesce(a, b, …)',
    doc: 'The first value that is not null, undefined or empty text.',
    example: "coalesce(record.room, record.location, 'Unassigned')",
  },
];

/** An expression the isolate evaluates to the names of the helpers it really has. */
export const HELPER_INVENTORY_EXPRESSION = `[
  ...Object.entries({ date, text, num }).flatMap(([space, helpers]) =>
    Object.keys(helpers).map((name) => space + '.' + name)),
  ...(typeof coalesce === 'function' ? ['coalesce'] : []),
]`;
