import {
  compileFlow,
  forwardEnds,
  type CompileProblem,
  type CompileResult,
  type Flow,
  type Integration,
  type SystemDescription,
} from '@isync/core';
import { runConnectors } from '@isync/executor';
import { checkExpression, nodeCatalog } from '@isync/nodes';
import { connectorAddressing } from '../connections/host-policy.js';
import type { ApiDependencies } from '../deps.js';

/**
 * Compiles an integration's flow against what its connections describe (fields, states). A connection that
 * cannot be described right now becomes a warning, and the checks that need it are skipped.
 */
export async function compileIntegration(
  deps: ApiDependencies,
  integration: Integration,
  flow: Flow = integration.flow,
  options: {
    /** Whether to ask the connected systems for their fields (a viewer's check does not). */ describe?: boolean;
  } = {},
): Promise<CompileResult> {
  const connectors = runConnectors({
    store: deps.store,
    keyring: deps.keyring,
    tenantId: integration.tenantId,
    logger: deps.logger,
    http: connectorAddressing(deps),
  });
  const warnings: CompileProblem[] = [];
  // The integration's two sides are its forward direction's ends (a two-way flow's way back reads them swapped).
  const ends = forwardEnds(flow, nodeCatalog);
  const describe = async (connectionId: string | null, side: 'source' | 'destination') => {
    const node = ends[side];
    const id = (node?.data.config.connectionId as string | undefined) ?? connectionId;
    if (!id) return undefined;
    if (options.describe === false) {
      warnings.push({
        nodeId: node?.id ?? null,
        field: 'connectionId',
        severity: 'warning',
        message: `The ${side} was not described, so its fields were not checked: describing calls the connected system, which needs the operate or edit permission.`,
      });
      return undefined;
    }
    try {
      return await (await connectors.get(id)).describe();
    } catch (error) {
      warnings.push({
        nodeId: node?.id ?? null,
        field: 'connectionId',
        severity: 'warning',
        message: `The ${side} could not be described, so its fields were not checked: ${(error as Error).message}`,
      });
      return undefined;
    }
  };
  try {
    const [source, destination]: (SystemDescription | undefined)[] = await Promise.all([
      describe(integration.sourceConnectionId, 'source'),
      describe(integration.destinationConnectionId, 'destination'),
    ]);
    const result = compileFlow(flow, nodeCatalog, {
      ...(source && { source }),
      ...(destination && { destination }),
      checkExpression: (text) => {
        const checked = checkExpression(text);
        return checked.ok ? null : checked.message;
      },
    });
    return { ...result, problems: [...warnings, ...result.problems] };
  } finally {
    await connectors.close();
  }
}
