import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { FlowSchema, ScheduleSchema, TimestampSchema, type Flow } from '@isync/core';

/*
 * The template gallery: each folder next to `src/` holds a `template.json` (what it is and which
 * settings a user gives), a `flow.json` (the flow, with `{{placeholders}}` for those settings) and a
 * README. Everything is validated on load, so a broken template fails its test, not a user's click.
 */

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export const TemplateSettingSchema = z.object({
  name: z.enum(['sourceConnectionId', 'destinationConnectionId', 'project', 'dateRange']),
  label: z.string().min(1).max(100),
  kind: z.enum(['connection', 'project', 'date-range']),
  /** For connections: the system the connection must be to. */
  system: z.string().min(1).max(50).optional(),
  required: z.boolean(),
  help: z.string().max(300).optional(),
});
export type TemplateSetting = z.infer<typeof TemplateSettingSchema>;

export const TemplateInfoSchema = z.object({
  id: z
    .string()
    .regex(/^[a-z0-9-]+$/)
    .max(100),
  title: z.string().min(1).max(200),
  description: z.string().max(2000),
  systems: z.object({ source: z.string().min(1), destination: z.string().min(1) }),
  settings: z.array(TemplateSettingSchema).min(1),
  /** How often the integration runs once activated. */
  schedule: ScheduleSchema,
});

export interface Template extends z.infer<typeof TemplateInfoSchema> {
  /** The flow with placeholders: instantiate it for a user's settings. */
  flow: Flow;
  /** The README, in Markdown. */
  readme: string;
}

/** What a user gives to make an integration from a template. */
export const TemplateSettingsSchema = z.object({
  sourceConnectionId: z.string().min(1),
  destinationConnectionId: z.string().min(1),
  project: z.string().min(1).max(200),
  dateRange: z
    .object({ from: TimestampSchema.nullable(), to: TimestampSchema.nullable() })
    .default({ from: null, to: null }),
});
export type TemplateSettings = z.input<typeof TemplateSettingsSchema>;

const PLACEHOLDER = /^\{\{(sourceConnectionId|destinationConnectionId|project)\}\}$/;

function readTemplate(dir: string): Template {
  const read = (file: string) => readFileSync(join(dir, file), 'utf8');
  const where = (file: string, error: z.ZodError) =>
    new Error(`The template in ${dir} has a bad ${file}: ${z.prettifyError(error)}`);
  const info = TemplateInfoSchema.safeParse(JSON.parse(read('template.json')));
  if (!info.success) throw where('template.json', info.error);
  const flow = FlowSchema.safeParse(JSON.parse(read('flow.json')));
  if (!flow.success) throw where('flow.json', flow.error);
  for (const [type, placeholder] of [
    ['source', '{{sourceConnectionId}}'],
    ['destination', '{{destinationConnectionId}}'],
  ] as const) {
    const node = flow.data.nodes.find((n) => n.type === type);
    if (node?.data.config.connectionId !== placeholder) {
      throw new Error(
        `The template in ${dir} must have a ${type} node whose connectionId is "${placeholder}".`,
      );
    }
  }
  return { ...info.data, flow: flow.data, readme: read('README.md') };
}

let cache: Template[] | undefined;

/** Every template, by title; read once. */
export function listTemplates(root: string = ROOT): Template[] {
  if (root !== ROOT) return loadFrom(root);
  cache ??= loadFrom(ROOT);
  return cache;
}

function loadFrom(root: string): Template[] {
  return readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(root, entry.name, 'template.json')))
    .map((entry) => readTemplate(join(root, entry.name)))
    .sort((a, b) => a.title.localeCompare(b.title));
}

export const findTemplate = (id: string): Template | undefined => listTemplates().find((t) => t.id === id);

/** The template's flow for these settings: placeholders filled in, the date range on the source. */
export function instantiate(template: Template, input: TemplateSettings): Flow {
  const settings = TemplateSettingsSchema.parse(input);
  const fill = (value: unknown): unknown => {
    if (typeof value === 'string') {
      const match = PLACEHOLDER.exec(value);
      return match
        ? settings[match[1] as 'sourceConnectionId' | 'destinationConnectionId' | 'project']
        : value;
    }
    if (Array.isArray(value)) return value.map(fill);
    if (value && typeof value === 'object')
      return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, fill(inner)]));
    return value;
  };
  const flow = fill(template.flow) as Flow;
  return {
    ...flow,
    nodes: flow.nodes.map((node) =>
      node.type === 'source'
        ? { ...node, data: { ...node.data, config: { ...node.data.config, dateRange: settings.dateRange } } }
        : node,
    ),
  };
}

/**
 * The flow's nodes from the source along the edges, for the gallery's picture of the flow; a two-way flow's
 * way back follows from its own source.
 */
export function outline(flow: Flow): { id: string; type: string; label: string }[] {
  const byId = new Map(flow.nodes.map((node) => [node.id, node]));
  const walked: Flow['nodes'] = [];
  for (const source of flow.nodes.filter((n) => n.type === 'source')) {
    for (let node: Flow['nodes'][number] | undefined = source; node && !walked.includes(node);) {
      walked.push(node);
      const edge = flow.edges.find((e) => e.source === node!.id);
      node = edge ? byId.get(edge.target) : undefined;
    }
  }
  return walked.map((node) => ({ id: node.id, type: node.type, label: node.data.label ?? node.type }));
}
