// @vitest-environment jsdom
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ExceptionRow } from '../../api/types';
import { renderWithStore } from '../../testing/render';
import { RecordPage } from '../records/RecordPage';
import { ExceptionDrawer } from './ExceptionDrawer';

const MESSAGE =
  'Both sides changed it since the last sync: the source\'s status is "pending" and the destination\'s state is "3". It is held for review: choose which value to keep, and the next run writes it to the other side.';

const exception: ExceptionRow = {
  id: 'exception-1',
  tenantId: 'tenant-1',
  integrationId: 'integration-1',
  runId: 'run-1',
  phase: 'push',
  kind: 'conflict',
  message: MESSAGE,
  httpStatus: null,
  responseSnippet: null,
  nodeId: 'destination',
  recordId: 'record-1',
  at: '2026-12-07T10:00:00.000Z',
  cause: MESSAGE,
  occurrences: 1,
  lastSeenAt: '2026-12-07T10:00:00.000Z',
  resolvedAt: null,
  resolvedBy: null,
  resolvedByRunId: null,
  record: { id: 'record-1', sourceId: 'issue-1', title: 'Leaking valve' },
};

const conflict = {
  sourceField: 'status',
  destinationField: 'state',
  sourceValue: 'pending',
  destinationValue: '3',
  toDestination: '4',
  toSource: 'in_review',
  at: '2026-12-07T10:00:00.000Z',
  decision: null as 'source' | 'destination' | null,
  decidedBy: null,
  decidedAt: null,
};

const record = () => ({
  id: 'record-1',
  integrationId: 'integration-1',
  sourceId: 'issue-1',
  status: conflict.decision ? 'update-request' : 'failed',
  pair: { revision: 3, held: [conflict] },
});

const node = (id: string, type: string, config: Record<string, unknown>) => ({
  id,
  type,
  position: { x: 0, y: 0 },
  data: { label: id, config },
});

const integration = {
  id: 'integration-1',
  title: 'Issues both ways',
  flow: {
    schemaVersion: 1,
    nodes: [
      node('source', 'source', { connectionId: 'pg', object: 'issues' }),
      node('destination', 'destination', { connectionId: 'nv', object: 'work_orders' }),
      node('back-source', 'source', { connectionId: 'nv', object: 'work_orders' }),
      node('back-destination', 'destination', {
        connectionId: 'pg',
        object: 'issues',
        operations: 'update-only',
      }),
    ],
    edges: [
      { id: 'a', source: 'source', target: 'destination' },
      { id: 'b', source: 'back-source', target: 'back-destination' },
    ],
  },
};

const connections = {
  items: [
    { id: 'pg', name: 'Site A', system: 'plangrid', options: {} },
    { id: 'nv', name: 'Facilities', system: 'nuvolo', options: {} },
  ],
};

const describeNuvolo = {
  system: 'nuvolo',
  objects: [
    {
      name: 'work_orders',
      label: 'Work orders',
      fields: [],
      statusField: 'state',
      statuses: [
        { value: '3', label: 'Work in Progress' },
        { value: '4', label: 'On Hold' },
      ],
    },
  ],
};

const decisions: unknown[] = [];

/** The API as far as the drawer asks it: the record, its integration, the connections, the decision. */
async function fakeApi(request: Request): Promise<Response> {
  const path = new URL(request.url).pathname;
  const answer = (body: unknown, status = 200) =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  if (request.method === 'POST' && path === '/api/records/record-1/conflicts/decide') {
    const body = (await request.json()) as { keep: 'source' | 'destination' };
    decisions.push(body);
    conflict.decision = body.keep;
    return answer(record());
  }
  const routes: Record<string, unknown> = {
    '/api/records/record-1': record(),
    '/api/records/record-1/timeline': {
      record: { ...record(), sourceData: { title: 'Leaking valve' } },
      events: [],
    },
    '/api/auth/me': { permissions: ['records:replay'] },
    '/api/integrations/integration-1': integration,
    '/api/connections': connections,
    '/api/connections/nv/describe': describeNuvolo,
    '/api/connections/pg/describe': { system: 'plangrid', objects: [] },
    '/api/exceptions': { items: [] },
  };
  return path in routes ? answer(routes[path]) : answer({ error: { message: `no ${path}` } }, 404);
}

beforeEach(() => {
  conflict.decision = null;
  decisions.length = 0;
  vi.stubGlobal(
    'fetch',
    vi.fn((input: Request) => fakeApi(input)),
  );
});
afterEach(() => vi.unstubAllGlobals());

const openDrawer = (canDecide: boolean) =>
  renderWithStore(
    <MemoryRouter>
      <ExceptionDrawer exception={exception} onClose={() => {}} onReplay={() => {}} canDecide={canDecide} />
    </MemoryRouter>,
  );

describe('a conflict held for review in the exceptions inbox', () => {
  it("shows both sides' values and keeps the one chosen", async () => {
    openDrawer(true);
    const held = await screen.findByTestId('held-conflict');
    expect(within(held).getByTestId('source-value').textContent).toBe('pending');
    // Nuvolo's state by its label, as the connection describes the table.
    await waitFor(() =>
      expect(within(held).getByTestId('destination-value').textContent).toBe('Work in Progress'),
    );
    expect(within(held).getByText('PlanGrid status')).toBeTruthy();
    expect(within(held).getByText('Nuvolo state')).toBeTruthy();
    // Decided, not replayed: a replay would hold it again.
    expect(screen.queryByRole('button', { name: 'Replay' })).toBeNull();

    fireEvent.click(within(held).getByRole('button', { name: "Keep Nuvolo's value (Work in Progress)" }));
    expect((await screen.findByTestId('conflict-decided')).textContent).toBe(
      "Kept Nuvolo's value (Work in Progress): the next run writes it to PlanGrid.",
    );
    expect(decisions).toEqual([{ sourceField: 'status', keep: 'destination' }]);
    expect(screen.queryByRole('button', { name: /^Keep / })).toBeNull();
  });

  it('shows a viewer both values without the buttons', async () => {
    openDrawer(false);
    const held = await screen.findByTestId('held-conflict');
    await waitFor(() => expect(within(held).getByText('PlanGrid status')).toBeTruthy());
    expect(within(held).getByTestId('source-value').textContent).toBe('pending');
    expect(within(held).queryByRole('button')).toBeNull();
    expect(within(held).getByText(/Someone who may replay records decides/)).toBeTruthy();
  });

  it("is decided on the record's page too", async () => {
    renderWithStore(
      <MemoryRouter initialEntries={['/records/record-1']}>
        <Routes>
          <Route path="/records/:id" element={<RecordPage />} />
        </Routes>
      </MemoryRouter>,
    );
    const held = await screen.findByTestId('held-conflict');
    fireEvent.click(await within(held).findByRole('button', { name: "Keep PlanGrid's value (pending)" }));
    expect((await screen.findByTestId('conflict-decided')).textContent).toBe(
      "Kept PlanGrid's value (pending): the next run writes it to Nuvolo.",
    );
    expect(decisions).toEqual([{ sourceField: 'status', keep: 'source' }]);
  });
});
