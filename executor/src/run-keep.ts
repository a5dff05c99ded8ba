import { LookupCache, SandboxPool } from '@isync/nodes';
import { ConnectorCache } from './connector-cache.js';
import type { EngineDependencies } from './engine/options.js';

/** What a process serving many runs keeps across them, and how to let it go. */
export interface RunKeep {
  deps: Pick<EngineDependencies, 'sandboxes' | 'lookups' | 'connectorCache'>;
  close(): Promise<void>;
}

/**
 * What an executor process keeps across its runs: each plan version's expression isolate (in two shared host
 * processes), the lookup answers found (five minutes per plan version), and each connection's HTTP client
 * (pool, rate limit, token; closed after ten idle minutes). The product and the bench's embedded executor
 * both start from here, so the bench measures what the product runs.
 */
export function runKeep(logger: EngineDependencies['logger']): RunKeep {
  const sandboxes = new SandboxPool({ logger });
  const connectorCache = new ConnectorCache();
  return {
    deps: { sandboxes, lookups: new LookupCache(), connectorCache },
    async close() {
      await sandboxes.close();
      await connectorCache.close();
    },
  };
}
