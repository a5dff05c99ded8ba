import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import type { Context } from 'hono';
import { errorBody } from './errors.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** Paths the editor never answers: the API, embed pages (their own route) and the operations routes. */
const NOT_EDITOR = /^\/(api|embed)(\/|$)|^\/(metrics|healthz|readyz)$/;

/**
 * Serves the built editor (`editor/dist`): its files as they are, and `index.html` for every other page
 * path so the single-page app can route. Answers nothing (404) when the editor is not built.
 */
export function editorStatic(distDir: string) {
  const root = normalize(distDir + sep);
  return (c: Context) => {
    let path: string;
    try {
      path = decodeURIComponent(c.req.path);
    } catch {
      return c.json(errorBody('bad_request', 'The request path is not valid percent-encoding.'), 400);
    }
    if (NOT_EDITOR.test(path)) return c.notFound();
    const file = normalize(join(root, path));
    if (file.startsWith(root) && existsSync(file) && statSync(file).isFile()) {
      const immutable = path.startsWith('/assets/');
      c.header('Content-Type', TYPES[extname(file)] ?? 'application/octet-stream');
      c.header('Cache-Control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
      return c.body(readFileSync(file));
    }
    const index = join(root, 'index.html');
    if (extname(path) !== '' || !existsSync(index)) return c.notFound();
    c.header('Cache-Control', 'no-cache');
    return c.html(readFileSync(index, 'utf8'));
  };
}
