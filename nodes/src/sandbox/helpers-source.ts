/**
 * The helpers every expression can use, installed as read-only globals of the isolate:
 *
 * - `date.parse(v)` → Date | null. Accepts a Date, epoch milliseconds, ISO-8601 (a time without a
 *   zone is taken as UTC) and ServiceNow's `YYYY-MM-DD HH:mm:ss` (UTC).
 * - `date.format(v, pattern)` → string | null, in UTC; tokens `YYYY MM DD HH mm ss SSS`.
 * - `date.serviceNow(v)` → `YYYY-MM-DD HH:mm:ss` in UTC, e.g. `date.serviceNow(record.due_at)`.
 * - `date.iso(v)` → `YYYY-MM-DDTHH:mm:ss.SSSZ`.
 * - `text.upper(v)`, `text.lower(v)`, `text.trim(v)`, `text.padStart(v, length, fill = ' ')`,
 *   `text.padEnd(v, length, fill = ' ')` → string | null (null and undefined stay null).
 * - `num.parse(v)` → number | null; accepts `' 42 '`, `'1,234.5'`, `'-0.5'`.
 * - `coalesce(a, b, …)` → the first value that is not null, undefined or `''`.
 *
 * Plain JavaScript: it runs inside the isolate, where nothing of this module exists.
 */
export const HELPERS_SOURCE = String.raw`
const isEmpty = (v) => v === null || v === undefined || v === '';

const SERVICENOW_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;
const ISO_WITHOUT_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const THOUSANDS = /^[-+]?\d{1,3}(,\d{3})+(\.\d+)?$/;
const pad2 = (n) => (n < 10 ? '0' : '') + n;

const date = {
  parse(v) {
    if (isEmpty(v)) return null;
    let ms;
    if (v instanceof Date) ms = v.getTime();
    else if (typeof v === 'number') ms = v;
    else {
      const s = String(v).trim();
      const sn = SERVICENOW_DATE_TIME.exec(s);
      if (sn) ms = Date.UTC(+sn[1], +sn[2] - 1, +sn[3], +sn[4], +sn[5], +sn[6]);
      else ms = Date.parse(ISO_WITHOUT_ZONE.test(s) ? s + 'Z' : s);
    }
    return Number.isFinite(ms) ? new Date(ms) : null;
  },
  format(v, pattern) {
    const d = date.parse(v);
    if (d === null) return null;
    const parts = {
      YYYY: String(d.getUTCFullYear()).padStart(4, '0'),
      MM: pad2(d.getUTCMonth() + 1),
      DD: pad2(d.getUTCDate()),
      HH: pad2(d.getUTCHours()),
      mm: pad2(d.getUTCMinutes()),
      ss: pad2(d.getUTCSeconds()),
      SSS: String(d.getUTCMilliseconds()).padStart(3, '0'),
    };
    return String(pattern).replace(/YYYY|MM|DD|HH|mm|ss|SSS/g, (token) => parts[token]);
  },
  serviceNow(v) {
    // Most API dates are already UTC ISO strings: cut them instead of parsing (a hot path).
    if (typeof v === 'string' && ISO_UTC.test(v)) return v.slice(0, 10) + ' ' + v.slice(11, 19);
    return date.format(v, 'YYYY-MM-DD HH:mm:ss');
  },
  iso(v) {
    const d = date.parse(v);
    return d === null ? null : d.toISOString();
  },
};

const asText = (f) => (v, ...rest) => (v === null || v === undefined ? null : f(String(v), ...rest));
const text = {
  upper: asText((s) => s.toUpperCase()),
  lower: asText((s) => s.toLowerCase()),
  trim: asText((s) => s.trim()),
  padStart: asText((s, length, fill = ' ') => s.padStart(length, fill)),
  padEnd: asText((s, length, fill = ' ') => s.padEnd(length, fill)),
};

const num = {
  parse(v) {
    if (typeof v === 'number') return Number.isFinite(v) ? v : null;
    if (isEmpty(v) || typeof v === 'boolean') return null;
    let s = String(v).trim();
    if (THOUSANDS.test(s)) s = s.replace(/,/g, '');
    const n = s === '' ? NaN : Number(s);
    return Number.isFinite(n) ? n : null;
  },
};

const coalesce = (...values) => {
  for (const v of values) if (!isEmpty(v)) return v;
  return null;
};

for (const [name, value] of Object.entries({ date, text, num, coalesce })) {
  Object.defineProperty(globalThis, name, { value: Object.freeze(value), enumerable: false });
}
`;
