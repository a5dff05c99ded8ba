import { describe, expect, it } from 'vitest';
import { flowItem, runtimeContext } from '../testing/fixtures.js';
import { ruleProblem } from './definition.js';
import { runFilter } from './runtime.js';

const closedPunchItems = {
  and: [{ '==': [{ var: 'status' }, 'closed'] }, { '==': [{ var: 'type' }, 'planned_work'] }],
};

describe('filter node', () => {
  it('lets through the records the rule accepts and skips the others with the rule as reason', async () => {
    const items = [
      flowItem({ uid: 'a', status: 'closed', type: 'planned_work' }),
      flowItem({ uid: 'b', status: 'open', type: 'planned_work' }),
      flowItem({ uid: 'c', status: 'closed', type: 'issue' }),
    ];
    const result = await runFilter(items, { rule: closedPunchItems, description: '' }, runtimeContext());
    expect(result.out.map((i) => i.sourceId)).toEqual(['a']);
    expect(result.skipped.map((s) => s.item.sourceId)).toEqual(['b', 'c']);
    expect(result.skipped[0]!.reason).toContain('"closed"');
    expect(result.failed).toEqual([]);
  });

  it('explains a rule that is not JSON Logic or uses an unknown operation', () => {
    expect(ruleProblem(closedPunchItems)).toBeNull();
    expect(ruleProblem({ is_closed: [{ var: 'status' }] })).toMatch(
      /does not run: Unrecognized operation is_closed/,
    );
    expect(ruleProblem({})).toMatch(/JSON Logic object/);
  });
});
