import { describe, expect, it } from 'vitest';
import { flowItem, runtimeContext } from '../testing/fixtures.js';
import { statusMapNode } from './definition.js';
import { runStatusMap } from './runtime.js';

const config = (overrides: Record<string, unknown> = {}) =>
  statusMapNode.config.parse({
    table: [
      { from: 'open', to: 'Open' },
      { from: 'in_review', to: 'Work in Progress' },
      { from: 'pending', to: 'On Hold' },
      { from: 'closed', to: 'Closed Complete' },
    ],
    whenDeleted: 'Canceled',
    ...overrides,
  });

describe('status-map node', () => {
  it('maps PlanGrid issue statuses to Nuvolo states and deleted issues to Canceled', async () => {
    const result = await runStatusMap(
      [
        flowItem({ uid: 'a', status: 'in_review' }),
        flowItem({ uid: 'b', status: 'closed', deleted: true }),
        flowItem({ uid: 'c', status: 'open' }, { fields: { short_description: 'kept' } }),
      ],
      config(),
      runtimeContext(),
    );
    expect(result.out.map((i) => i.fields)).toEqual([
      { state: 'Work in Progress' },
      { state: 'Canceled' },
      { short_description: 'kept', state: 'Open' },
    ]);
  });

  it('matches RFI status objects by label or by uid', async () => {
    const rfi = flowItem({ uid: 'r', status: { uid: 's-2', label: 'Answered', color: '#0f0' } });
    const byLabel = await runStatusMap(
      [rfi],
      config({ match: 'label', table: [{ from: 'Answered', to: 'Closed Complete' }] }),
      runtimeContext(),
    );
    expect(byLabel.out[0]!.fields.state).toBe('Closed Complete');
    const byUid = await runStatusMap(
      [rfi],
      config({ match: 'uid', table: [{ from: 's-2', to: 'On Hold' }] }),
      runtimeContext(),
    );
    expect(byUid.out[0]!.fields.state).toBe('On Hold');
  });

  it('fails, skips or defaults an unmapped status as its policy says', async () => {
    const odd = [flowItem({ uid: 'x', status: 'archived' })];
    const failed = await runStatusMap(odd, config(), runtimeContext());
    expect(failed.failed[0]).toMatchObject({
      kind: 'mapping',
      message: expect.stringContaining('"archived" has no row'),
    });
    const skipped = await runStatusMap(odd, config({ unmapped: 'skip' }), runtimeContext());
    expect(skipped.skipped[0]!.reason).toContain('archived');
    const defaulted = await runStatusMap(
      odd,
      config({ unmapped: 'default', default: 'Draft' }),
      runtimeContext(),
    );
    expect(defaulted.out[0]!.fields.state).toBe('Draft');
  });
});
