import type { AuthKind, Connection } from '@isync/core';
import type { ConnectorInput, SourcePage } from './connector.js';

/** A stored connection as the API would hand it over, pointing at a simulator. */
export function connectionTo(
  system: Connection['system'],
  baseUrl: string,
  authKind: AuthKind,
  options: Record<string, unknown> = {},
): Connection {
  return {
    id: `conn-${system}`,
    tenantId: 'tenant-1',
    system,
    name: `Test ${system}`,
    baseUrl,
    authKind,
    options,
    secret: 'v1.test.nonce.sealed',
    createdAt: '2025-01-06T09:00:00.000Z',
    updatedAt: '2025-01-06T09:00:00.000Z',
  };
}

/** Short timeouts and backoffs, so failure tests finish fast; server waits (Retry-After) still apply. */
export const FAST_HTTP: NonNullable<ConnectorInput['http']> = {
  timeoutMs: 2_000,
  retry: { maxRetries: 6, baseDelayMs: 5, maxDelayMs: 40, maxTotalWaitMs: 20_000 },
};

export interface Walked {
  pages: SourcePage[];
  records: Record<string, unknown>[];
  cursor: string | null;
}

/** Reads every page; `between` runs after each page, as a slow consumer would let time pass. */
export async function walkAll(
  pages: AsyncIterable<SourcePage>,
  between?: (page: SourcePage) => void | Promise<void>,
): Promise<Walked> {
  const walked: Walked = { pages: [], records: [], cursor: null };
  for await (const page of pages) {
    walked.pages.push(page);
    walked.records.push(...page.records);
    walked.cursor = page.cursor ?? walked.cursor;
    await between?.(page);
  }
  return walked;
}

export const versionOf = (record: Record<string, unknown>, id: string, updated: string) =>
  `${String(record[id])}@${String(record[updated])}`;
