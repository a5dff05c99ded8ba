import { describe, expect, it } from 'vitest';
import type { ListOptions, SourcePage } from '../connectors/connector.js';
import { connectorsOf, runtimeContext } from '../testing/fixtures.js';
import { sourceNode } from './definition.js';
import { pullPages } from './runtime.js';

describe('source node', () => {
  const pagesAsked: ListOptions[] = [];
  const context = runtimeContext({
    connectors: connectorsOf({
      plangrid: {
        async *list(options: ListOptions): AsyncGenerator<SourcePage> {
          pagesAsked.push(options);
          yield { records: [{ uid: 'a' }], cursor: '2026-03-01T00:00:00.000Z' };
          yield { records: [{ uid: 'b' }], cursor: '2026-03-02T00:00:00.000Z' };
        },
      },
    }),
  });

  it('pages from the saved cursor, inside the date range', async () => {
    const config = sourceNode.config.parse({
      connectionId: 'plangrid',
      object: 'issues',
      project: 'p-1',
      dateRange: { from: '2026-01-01T00:00:00.000Z', to: '2026-06-01T00:00:00.000Z' },
      pageSize: 25,
    });
    const pages: SourcePage[] = [];
    for await (const page of pullPages(config, '2026-02-15T00:00:00.000Z', context)) pages.push(page);
    expect(pages.map((p) => p.cursor)).toEqual(['2026-03-01T00:00:00.000Z', '2026-03-02T00:00:00.000Z']);
    expect(pagesAsked.at(-1)).toMatchObject({
      object: 'issues',
      project: 'p-1',
      updatedAfter: '2026-02-15T00:00:00.000Z',
      updatedBefore: '2026-06-01T00:00:00.000Z',
      pageSize: 25,
    });
  });

  it('starts at the date range when there is no cursor or the cursor is older', async () => {
    const config = sourceNode.config.parse({
      connectionId: 'plangrid',
      object: 'issues',
      dateRange: { from: '2026-01-01T00:00:00.000Z', to: null },
    });
    for await (const _page of pullPages(config, null, context)) break;
    expect(pagesAsked.at(-1)?.updatedAfter).toBe('2026-01-01T00:00:00.000Z');
    for await (const _page of pullPages(config, '2025-12-01T00:00:00.000Z', context)) break;
    expect(pagesAsked.at(-1)?.updatedAfter).toBe('2026-01-01T00:00:00.000Z');
  });
});
