import type { Router } from '../http/router.js';

const INFO = {
  title: 'iSync API',
  version: '1.0.0',
  description:
    'The one door into iSync for the editor, partner portals and automation. Sign in with `POST /api/auth/login` (session cookie; writes then need `X-CSRF-Token`) or send a personal API token as `Authorization: Bearer isk_…`. Errors are `{"error": {"code", "message", "details"}}`.',
};

const escape = (text: string) =>
  text.replace(/[&<>"]/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[ch]!);

interface Operation {
  summary?: string;
  tags?: string[];
  parameters?: { name: string; in: string; required?: boolean }[];
  requestBody?: { content?: Record<string, { schema?: unknown }> };
  responses?: Record<string, { description?: string }>;
  security?: unknown[];
}

/** The reference page: the OpenAPI document rendered as plain HTML (no script, nothing fetched). */
function referencePage(document: { paths?: Record<string, Record<string, Operation>> }): string {
  const byTag = new Map<string, string[]>();
  for (const [path, operations] of Object.entries(document.paths ?? {})) {
    for (const [method, operation] of Object.entries(operations)) {
      const tag = operation.tags?.[0] ?? 'Other';
      const parameters = (operation.parameters ?? [])
        .map((p) => `<code>${escape(p.name)}</code> (${escape(p.in)}${p.required ? ', required' : ''})`)
        .join(', ');
      const body = operation.requestBody?.content?.['application/json']?.schema;
      const responses = Object.entries(operation.responses ?? {})
        .map(
          ([status, response]) => `<li><b>${escape(status)}</b> ${escape(response.description ?? '')}</li>`,
        )
        .join('');
      byTag.set(tag, [
        ...(byTag.get(tag) ?? []),
        `<section><h3><span class="m ${method}">${method.toUpperCase()}</span> <code>${escape(path)}</code></h3>
         <p>${escape(operation.summary ?? '')}${operation.security ? ' <em>(signed in)</em>' : ''}</p>
         ${parameters ? `<p>Parameters: ${parameters}</p>` : ''}
         ${body ? `<details><summary>Request body</summary><pre>${escape(JSON.stringify(body, null, 2))}</pre></details>` : ''}
         <ul>${responses}</ul></section>`,
      ]);
    }
  }
  const sections = [...byTag.entries()]
    .map(([tag, items]) => `<h2 id="${escape(tag)}">${escape(tag)}</h2>${items.join('')}`)
    .join('');
  const toc = [...byTag.keys()].map((tag) => `<a href="#${escape(tag)}">${escape(tag)}</a>`).join(' · ');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${INFO.title} reference</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:960px;margin:2rem auto;padding:0 1rem;color:#1d2733}
code,pre{font-family:ui-monospace,monospace}pre{background:#f4f6f8;padding:.75rem;overflow:auto}
section{border-top:1px solid #e1e5ea;padding:.5rem 0}.m{font:600 12px ui-monospace,monospace;padding:2px 6px;border-radius:4px;color:#fff;background:#556}
.get{background:#2e7d32}.post{background:#1565c0}.put,.patch{background:#ef6c00}.delete{background:#c62828}</style></head>
<body><h1>${INFO.title}</h1><p>${escape(INFO.description)}</p><p><a href="/api/openapi.json">OpenAPI 3.1 document</a></p>
<nav>${toc}</nav>${sections}</body></html>`;
}

export function docsRoutes(app: Router) {
  app.openAPIRegistry.registerComponent('securitySchemes', 'session', {
    type: 'apiKey',
    in: 'cookie',
    name: 'isync_session',
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });
  const document = () => app.getOpenAPI31Document({ openapi: '3.1.0', info: INFO });
  app.get('/api/openapi.json', (c) => c.json(document()));
  app.get('/api/docs', (c) => c.html(referencePage(document() as never)));
}
