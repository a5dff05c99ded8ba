import { renderToStaticMarkup } from 'react-dom/server';
import { MemoryRouter } from 'react-router';
import { describe, expect, it } from 'vitest';
import type { FlowChange } from '../../api/types';
import { ChangeList } from './ChangeList';
import { briefChanges, draftHeadline, readablePath } from './changes';
import { DraftStatus } from './DraftStatus';

const filterAdded: FlowChange = {
  kind: 'node-added',
  nodeId: 'filter-1',
  label: 'Only open issues',
  fields: [],
  summary: 'Filter "Only open issues" added',
};
const mappingChanged: FlowChange = {
  kind: 'node-changed',
  nodeId: 'field-map',
  label: 'Map fields',
  fields: ['create.2.value', 'label'],
  summary: 'Field map "Map fields" changed',
};

/** The words a user reads in rendered markup (emotion's inline styles and tags left out). */
const text = (html: string) =>
  html
    .replace(/<style[^>]*>[^<]*<\/style>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

describe('draft and live, as the editor says them', () => {
  it('says whether the draft is what runs', () => {
    expect(draftHeadline({ liveVersion: 2, draft: { differs: true, changes: [filterAdded] } })).toBe(
      'Draft differs from live version 2',
    );
    expect(draftHeadline({ liveVersion: 2, draft: { differs: false, changes: [] } })).toBe(
      'Live version 2: the draft is the same',
    );
    expect(draftHeadline({ liveVersion: null, draft: { differs: true, changes: [filterAdded] } })).toMatch(
      /^Not published yet/,
    );
  });

  it('reads config paths with rows counted from one', () => {
    expect(readablePath('create.2.value')).toBe('create › row 3 › value');
    expect(readablePath('rule')).toBe('rule');
  });

  it('tells the draft in brief: node changes in words, connections counted', () => {
    const edge = (kind: 'edge-added' | 'edge-removed'): FlowChange => ({
      kind,
      nodeId: null,
      label: 'source → filter-1',
      fields: [],
      summary: 'Connection changed',
    });
    const changes = [edge('edge-removed'), filterAdded, edge('edge-added'), mappingChanged];
    expect(briefChanges(changes, 3)).toEqual([
      'Filter "Only open issues" added',
      'Field map "Map fields" changed',
      'and 2 connections changed',
    ]);
    expect(briefChanges(changes, 1)).toEqual([
      'Filter "Only open issues" added',
      'and 1 more node change and 2 connections changed',
    ]);
    expect(briefChanges([edge('edge-added')], 3)).toEqual(['1 connection changed']);
  });

  it('lists the changes by node with their fields, and counts those left out', () => {
    const all = text(renderToStaticMarkup(<ChangeList changes={[filterAdded, mappingChanged]} />));
    expect(all).toContain('Added Filter "Only open issues" added');
    expect(all).toContain('Changed Field map "Map fields" changed create › row 3 › value label');
    const short = text(
      renderToStaticMarkup(<ChangeList changes={[filterAdded, mappingChanged]} limit={1} />),
    );
    expect(short).toContain('and 1 more');
    expect(short).not.toContain('Map fields');
  });

  it('shows the draft badge with its changes only when the draft differs from live', () => {
    const render = (differs: boolean) =>
      text(
        renderToStaticMarkup(
          <MemoryRouter>
            <DraftStatus
              integration={{
                id: 'i1',
                liveVersion: 1,
                draft: { differs, changes: differs ? [filterAdded] : [] },
              }}
            />
          </MemoryRouter>,
        ),
      );
    expect(render(true)).toContain('Draft differs from live version 1');
    expect(render(true)).toContain('Filter "Only open issues" added');
    expect(render(false)).toContain('Live version 1: the draft is the same');
    expect(render(false)).not.toContain('Only open issues');
  });
});
