/*
 * The one template language of a connector definition. Every string of a definition that is sent (a path,
 * a query value, a header, a body leaf, an auth field) may hold placeholders:
 *
 *   {{name}}            the value, e.g. {{object}}, {{id}}, {{secrets.apiKey}}, {{options.siteid}}
 *   {{name?}}           an optional value (see the rule for missing values below)
 *   {{name | filter}}   the value through filters, left to right: json, raw, upper, lower, join, base64
 *
 * The rule for missing values: a value that is absent (or null) is a configuration error naming the
 * placeholder, unless the placeholder is marked optional with `?`. A missing optional value leaves out
 * the whole query parameter, header or body member that holds it; in a path it is an error all the same.
 *
 * In a path, values are percent-encoded as one path segment, unless the `raw` filter says otherwise (for a
 * value that is itself a path or a same-origin URL, such as Maximo's `href`). Query values and headers are
 * sent as rendered; the HTTP client encodes the query.
 *
 * A body template is JSON: each string leaf is a template; a leaf that is one placeholder alone (e.g.
 * "{{fields}}") takes the value as it is (an object stays an object).
 */

export type TemplateValue = unknown;
export type TemplateValues = Readonly<Record<string, TemplateValue>>;

export const FILTERS = ['json', 'raw', 'upper', 'lower', 'join', 'base64'] as const;
export type Filter = (typeof FILTERS)[number];

export interface Placeholder {
  name: string;
  optional: boolean;
  filters: Filter[];
}

const PLACEHOLDER = /\{\{([^{}]*)\}\}/g;
const NAME = /^[A-Za-z_][\w-]*(\.[A-Za-z_][\w-]*)*$/;

/** Where a template is rendered: paths encode their values; the others send them as they are. */
export type TemplateSite = 'path' | 'query' | 'header' | 'body' | 'auth';

/** A template that cannot be read (a syntax error), with what to write instead. */
export class TemplateSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateSyntaxError';
  }
}

/** A required value the template needs and the render has not got: a configuration error. */
export class MissingTemplateValue extends Error {
  constructor(
    readonly placeholder: string,
    where: string,
  ) {
    super(
      `The connector definition uses {{${placeholder}}} in ${where}, which has no value here; ` +
        `give it a value (a credential, a connection option) or mark it optional as {{${placeholder}?}}.`,
    );
    this.name = 'MissingTemplateValue';
  }
}

/** Stands for "leave this parameter, header or body member out". */
const OMIT = Symbol('omit');

/** The placeholders of one template string, in order; throws `TemplateSyntaxError` for a bad one. */
export function placeholders(template: string): Placeholder[] {
  const found: Placeholder[] = [];
  for (const match of template.matchAll(PLACEHOLDER)) found.push(parsePlaceholder(match[1]!));
  const stray = template.replace(PLACEHOLDER, '');
  if (stray.includes('{{') || stray.includes('}}'))
    throw new TemplateSyntaxError(`"${template}" has an unclosed "{{" or a stray "}}"`);
  return found;
}

function parsePlaceholder(inner: string): Placeholder {
  const [head = '', ...rest] = inner.split('|').map((part) => part.trim());
  const optional = head.endsWith('?');
  const name = optional ? head.slice(0, -1).trim() : head;
  if (!NAME.test(name))
    throw new TemplateSyntaxError(
      `{{${inner}}} does not name a value; write a name like {{object}} or {{secrets.apiKey}}`,
    );
  const filters = rest.map((filter) => {
    if (!(FILTERS as readonly string[]).includes(filter))
      throw new TemplateSyntaxError(
        `{{${inner}}} uses the filter "${filter}", which does not exist; use one of ${FILTERS.join(', ')}`,
      );
    return filter as Filter;
  });
  return { name, optional, filters };
}

/** Looks a dotted name up: `secrets.apiKey` is first a flat key, then a walk through objects. */
function lookUp(values: TemplateValues, name: string): TemplateValue {
  if (Object.prototype.hasOwnProperty.call(values, name)) return values[name];
  let value: unknown = values;
  for (const step of name.split('.')) {
    if (typeof value !== 'object' || value === null) return undefined;
    if (!Object.prototype.hasOwnProperty.call(value, step)) return undefined;
    value = (value as Record<string, unknown>)[step];
  }
  return value;
}

function applyFilters(value: unknown, filters: readonly Filter[], site: TemplateSite): unknown {
  let out = value;
  for (const filter of filters) {
    switch (filter) {
      case 'json':
        out = JSON.stringify(out);
        break;
      case 'raw':
        break;
      case 'upper':
        out = text(out).toUpperCase();
        break;
      case 'lower':
        out = text(out).toLowerCase();
        break;
      case 'join':
        out = Array.isArray(out) ? out.map(text).join(',') : text(out);
        break;
      case 'base64':
        out = Buffer.from(text(out)).toString('base64');
        break;
    }
  }
  if (site === 'path' && !filters.includes('raw')) return encodeURIComponent(text(out));
  return out;
}

const text = (value: unknown): string =>
  typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);

function renderOrOmit(
  template: string,
  values: TemplateValues,
  site: TemplateSite,
  where: string,
): string | typeof OMIT {
  let omitted = false;
  const rendered = template.replace(PLACEHOLDER, (_, inner: string) => {
    const placeholder = parsePlaceholder(inner);
    const value = lookUp(values, placeholder.name);
    if (value === undefined || value === null) {
      if (placeholder.optional && site !== 'path') {
        omitted = true;
        return '';
      }
      throw new MissingTemplateValue(placeholder.name, where);
    }
    return text(applyFilters(value, placeholder.filters, site));
  });
  return omitted ? OMIT : rendered;
}

/** Renders one string; a missing optional value renders the empty string (use `renderAll` to leave it out). */
export function render(
  template: string,
  values: TemplateValues,
  site: TemplateSite,
  where: string = site,
): string {
  const rendered = renderOrOmit(template, values, site, where);
  return rendered === OMIT ? '' : rendered;
}

/** Renders a map of query parameters or headers, leaving out those whose optional value is missing. */
export function renderAll(
  templates: Readonly<Record<string, string>>,
  values: TemplateValues,
  site: 'query' | 'header',
  where: string = site,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, template] of Object.entries(templates)) {
    const rendered = renderOrOmit(template, values, site, `${where} "${key}"`);
    if (rendered !== OMIT) out[key] = rendered;
  }
  return out;
}

/** Renders a JSON body template; a leaf that is one placeholder alone keeps the value's own type. */
export function renderBody(template: unknown, values: TemplateValues, where = 'the body'): unknown {
  const rendered = renderJson(template, values, where);
  return rendered === OMIT ? undefined : rendered;
}

function renderJson(template: unknown, values: TemplateValues, where: string): unknown {
  if (typeof template === 'string') {
    const whole = /^\{\{([^{}]*)\}\}$/.exec(template.trim());
    if (whole) {
      const placeholder = parsePlaceholder(whole[1]!);
      const value = lookUp(values, placeholder.name);
      if (value === undefined || value === null) {
        if (placeholder.optional) return OMIT;
        throw new MissingTemplateValue(placeholder.name, where);
      }
      return placeholder.filters.length === 0 ? value : applyFilters(value, placeholder.filters, 'body');
    }
    return renderOrOmit(template, values, 'body', where);
  }
  if (Array.isArray(template))
    return template.map((item) => renderJson(item, values, where)).filter((item) => item !== OMIT);
  if (typeof template === 'object' && template !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(template)) {
      const rendered = renderJson(inner, values, `${where}.${key}`);
      if (rendered !== OMIT) out[key] = rendered;
    }
    return out;
  }
  return template;
}

/** Every template string inside a JSON body template, for validation. */
export function bodyTemplates(template: unknown): string[] {
  if (typeof template === 'string') return [template];
  if (Array.isArray(template)) return template.flatMap(bodyTemplates);
  if (typeof template === 'object' && template !== null)
    return Object.values(template).flatMap(bodyTemplates);
  return [];
}

/** A simple JSON path: `$`, `$.result`, `$.data.items`, `$.links[0].href`, `$['odd key']`. */
export const JSON_PATH = /^\$(\.[A-Za-z_$][\w$-]*|\[\d+\]|\['[^']+'\])*$/;

/** Reads a simple JSON path out of a parsed body. */
export function select(body: unknown, path: string): unknown {
  const steps = path.slice(1).match(/\.[^.[]+|\[\d+\]|\['[^']+'\]/g) ?? [];
  let value = body;
  for (const step of steps) {
    if (typeof value !== 'object' || value === null) return undefined;
    const key = step.startsWith("['")
      ? step.slice(2, -2)
      : step.startsWith('[')
        ? Number(step.slice(1, -1))
        : step.slice(1);
    if (!Object.prototype.hasOwnProperty.call(value, key)) return undefined;
    value = (value as Record<string | number, unknown>)[key];
  }
  return value;
}
