import { describe } from 'vitest';
import { tenantsContract } from './contract/tenants.js';
import { usersContract } from './contract/users.js';
import { connectionsContract } from './contract/connections.js';
import { tenantSystemsContract } from './contract/tenant-systems.js';
import { integrationsContract } from './contract/integrations.js';
import { plansContract } from './contract/plans.js';
import { pairsContract } from './contract/pairs.js';
import { recordsContract } from './contract/records.js';
import { runsContract } from './contract/runs.js';
import { exceptionsContract } from './contract/exceptions.js';
import { insightsContract } from './contract/insights.js';
import { accessContract } from './contract/access.js';
import { auditContract } from './contract/audit.js';
import { retentionContract } from './contract/retention.js';
import { isolationContract } from './contract/isolation.js';
import { pagingContract } from './contract/paging.js';
import { contractWorld, type ContractStoreFactory } from './contract/world.js';

/*
 * The store contract: every adapter runs this suite and must give the same answers, one file per
 * repository under contract/. Each test gets a fresh, empty store whose clock it controls.
 */
export type { ContractStoreFactory } from './contract/world.js';

export function storeContract(adapter: string, makeStore: ContractStoreFactory): void {
  describe(`store contract (${adapter})`, () => {
    const world = contractWorld(makeStore);
    tenantsContract(world);
    usersContract(world);
    connectionsContract(world);
    tenantSystemsContract(world);
    integrationsContract(world);
    plansContract(world);
    recordsContract(world);
    pairsContract(world);
    runsContract(world);
    exceptionsContract(world);
    insightsContract(world);
    accessContract(world);
    auditContract(world);
    retentionContract(world);
    isolationContract(world);
    pagingContract(world);
  });
}
