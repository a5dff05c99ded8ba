import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { nodeTypesJson } from '@isync/nodes';
import { json, protect, withErrors } from '../http/route.js';
import type { Router } from '../http/router.js';

export function nodeTypeRoutes(app: Router) {
  const types = nodeTypesJson();
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/node-types',
      tags: ['Flows'],
      summary: "Every node type: ports, config as JSON Schema, UI hints (the canvas's palette and forms)",
      ...protect('integrations:read'),
      responses: withErrors({
        200: json(z.object({ items: z.array(z.record(z.string(), z.unknown())) }), 'Node types'),
      }),
    }),
    (c) => c.json({ items: types as unknown as Record<string, unknown>[] }, 200),
  );
}
