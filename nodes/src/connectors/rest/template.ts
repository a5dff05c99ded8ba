/** Fills `{{name}}` and `{{secrets.name}}` placeholders; an unknown one is a configuration error. */
export function render(
  template: string,
  values: Readonly<Record<string, string | number | undefined>>,
): string {
  return template.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined)
      throw new Error(`The REST definition uses {{${name}}}, which has no value here.`);
    return String(value);
  });
}

export function renderAll(
  templates: Readonly<Record<string, string>>,
  values: Readonly<Record<string, string | number | undefined>>,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(templates).map(([key, template]) => [key, render(template, values)]),
  );
}

/** Reads a simple path (`$`, `$.a.b`, `$.a[0].b`) out of a parsed body. */
export function select(body: unknown, path: string): unknown {
  const steps = path.slice(1).match(/\.[^.[]+|\[\d+\]/g) ?? [];
  let value = body;
  for (const step of steps) {
    if (typeof value !== 'object' || value === null) return undefined;
    const key = step.startsWith('[') ? Number(step.slice(1, -1)) : step.slice(1);
    value = (value as Record<string | number, unknown>)[key];
  }
  return value;
}
