import '@xyflow/react/dist/style.css';
import { Alert, Box, Button, Paper, Snackbar, Typography } from '@mui/material';
import type { Flow } from '@isync/core';
import {
  Background,
  Controls,
  MiniMap,
  ReactFlow,
  useReactFlow,
  type Connection,
  type Edge,
  type EdgeChange,
  type FinalConnectionState,
  type NodeChange,
} from '@xyflow/react';
import { useCallback, useEffect, useMemo, useState, type DragEvent } from 'react';
import { errorCode, errorDetails, errorMessage } from '../../api/base';
import { useSaveFlowMutation } from '../../api/integrations';
import type { Author, IntegrationSummary, NodeType } from '../../api/types';
import { formatTime } from '../../components/format';
import { NODE_TYPES, type CardNode } from '../../components/flow-diagram/NodeCard';
import { autoLayout } from '../../components/flow-diagram/layout';
import { ProblemList } from '../../components/ProblemList';
import { TestRunButton } from '../../components/test-run/TestRunButton';
import { TestRunOutput } from '../../components/test-run/TestRunOutput';
import { useLiveTest } from '../../components/test-run/useLiveTest';
import { DraftStatus } from '../versions/DraftStatus';
import { PublishButton } from '../versions/PublishButton';
import { connect, connectionRefusal, dropNode, removeEdges, removeNodes, updateNode } from './flow-edit';
import { DRAG_TYPE, Palette } from './Palette';
import { SidePanel } from './SidePanel';
import { UnsavedGuard } from './UnsavedGuard';
import { useHistory } from './useHistory';
import { useProblems } from './useProblems';

interface Props {
  /** The integration as last loaded: its stored draft (`flow`, `draftRevision`) and the live version. */
  integration: IntegrationSummary;
  nodeTypes: NodeType[];
  /** For a role that may view the flow, not change it: no palette, toolbar, dragging or config panel. */
  readOnly?: boolean;
  /** Loads the stored draft again, dropping the changes made here. */
  onReload: () => void;
}

const isTyping = (target: EventTarget | null) =>
  target instanceof HTMLElement &&
  (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));

/** The drag-and-drop editor of one integration's flow. */
export function CanvasEditor({ integration, nodeTypes, readOnly = false, onReload }: Props) {
  const integrationId = integration.id;
  const history = useHistory(integration.flow);
  const flow = history.value;
  const [baseline, setBaseline] = useState(integration.flow);
  // The draft revision this canvas started from: a save is refused when someone saved a newer one since.
  const [revision, setRevision] = useState(integration.draftRevision);
  const [refusal, setRefusal] = useState<string | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [save, saving] = useSaveFlowMutation();
  const problems = useProblems(integrationId, flow);
  const { screenToFlowPosition, setCenter, fitView } = useReactFlow();
  const typeOf = useCallback((type: string) => nodeTypes.find((t) => t.type === type), [nodeTypes]);
  const dirty = flow !== baseline;
  // The test runs the stored draft: the changes made here are saved first.
  const test = useLiveTest(integrationId, () => (dirty ? onSave() : Promise.resolve(true)));
  const testCounts = test.answer?.nodes;

  const nodes: CardNode[] = useMemo(
    () =>
      flow.nodes.map((node) => {
        const type = typeOf(node.type);
        return {
          id: node.id,
          type: 'card',
          position: node.position,
          selected: node.id === selected,
          data: {
            label: node.data.label ?? type?.label ?? node.type,
            type: node.type,
            hasIn: (type?.ports.in.length ?? 1) > 0,
            hasOut: (type?.ports.out.length ?? 1) > 0,
            problems: problems.filter((p) => p.nodeId === node.id).map((p) => p.message),
            counts: testCounts?.find((c) => c.nodeId === node.id),
          },
        };
      }),
    [flow.nodes, problems, selected, typeOf, testCounts],
  );
  const edges: Edge[] = flow.edges.map((e) => ({ id: e.id, source: e.source, target: e.target }));

  const onNodesChange = (changes: NodeChange<CardNode>[]) => {
    for (const change of changes) {
      if (change.type === 'position' && change.position) {
        const position = change.position;
        const move = (f: Flow) => updateNode(f, change.id, (n) => ({ ...n, position }));
        if (change.dragging) history.replace(move);
        else history.commit(move);
      } else if (change.type === 'select') {
        if (change.selected) setSelected(change.id);
        else setSelected((current) => (current === change.id ? null : current));
      } else if (change.type === 'remove') {
        history.commit((f) => removeNodes(f, [change.id]));
      }
    }
  };
  const onEdgesChange = (changes: EdgeChange[]) => {
    const removed = changes.filter((c) => c.type === 'remove').map((c) => c.id);
    if (removed.length > 0) history.commit((f) => removeEdges(f, removed));
  };
  const add = (type: string, at: { x: number; y: number }) => {
    const label = typeOf(type)?.label ?? type;
    let added = '';
    history.commit((f) => {
      const result = dropNode(f, type, label, at);
      added = result.id;
      return result.flow;
    });
    setSelected(added || null);
    // Keep the whole flow in view when the insert moved nodes aside.
    setTimeout(() => void fitView({ duration: 200 }), 50);
  };
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    const type = event.dataTransfer.getData(DRAG_TYPE);
    if (type) add(type, screenToFlowPosition({ x: event.clientX, y: event.clientY }));
  };
  const focus = (nodeId: string) => {
    const node = flow.nodes.find((n) => n.id === nodeId);
    if (!node) return;
    setSelected(nodeId);
    void setCenter(node.position.x + 90, node.position.y + 40, { zoom: 1.2, duration: 300 });
  };
  const onSave = async (): Promise<boolean> => {
    const result = await save({ id: integrationId, flow, revision });
    if (!result.data) return false;
    setBaseline(flow);
    setRevision(result.data.draftRevision);
    return true;
  };
  const labelOf = (id: string) => flow.nodes.find((n) => n.id === id)?.data.label ?? id;

  /** A connection the node types' ports refuse (a second input, a loop…) is not drawn; the user reads why. */
  const refusalOf = (source: string, target: string) => connectionRefusal(flow, source, target, nodeTypes);
  const onConnect = (c: Connection) => {
    const reason = refusalOf(c.source, c.target);
    if (reason) setRefusal(reason);
    else history.commit((f) => connect(f, c.source, c.target));
  };
  const onConnectEnd = (_event: MouseEvent | TouchEvent, state: FinalConnectionState) => {
    if (state.isValid !== false || !state.fromNode || !state.toNode) return;
    const fromSource = state.fromHandle?.type !== 'target';
    const [source, target] = fromSource
      ? [state.fromNode.id, state.toNode.id]
      : [state.toNode.id, state.fromNode.id];
    setRefusal(refusalOf(source, target));
  };
  const conflict = errorCode(saving.error) === 'draft_conflict';
  const newer = errorDetails<Author | null>(saving.error, 'savedBy');
  const newerAt = errorDetails<string | null>(saving.error, 'savedAt');
  const savedText = dirty
    ? 'Unsaved changes'
    : integration.draft.differs || integration.liveVersion === null
      ? 'Draft saved — publish to make it live'
      : 'Saved';

  const { undo, redo } = history;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || isTyping(event.target)) return;
      const key = event.key.toLowerCase();
      if (key === 'z' && !event.shiftKey) undo();
      else if (key === 'y' || (key === 'z' && event.shiftKey)) redo();
      else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [undo, redo]);

  const selectedNode = flow.nodes.find((n) => n.id === selected);
  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', gap: 1 }}>
      <UnsavedGuard dirty={dirty} />
      {readOnly ? (
        <Alert severity="info">Read only: your role can view this flow, not change it.</Alert>
      ) : (
        <Box
          sx={{ display: 'flex', gap: 1, alignItems: 'center', flexWrap: 'wrap' }}
          role="toolbar"
          aria-label="Canvas"
        >
          <Button variant="contained" onClick={() => void onSave()} disabled={!dirty || saving.isLoading}>
            Save
          </Button>
          <PublishButton
            integrationId={integrationId}
            before={() => (dirty ? onSave() : Promise.resolve(true))}
            labelOf={labelOf}
            onSelectNode={focus}
            disabled={!dirty && integration.liveVersion !== null && !integration.draft.differs}
          />
          <Button onClick={history.undo} disabled={!history.canUndo}>
            Undo
          </Button>
          <Button onClick={history.redo} disabled={!history.canRedo}>
            Redo
          </Button>
          <Button
            onClick={() =>
              history.commit((f) => ({
                ...f,
                nodes: autoLayout(
                  f.nodes.map((n) => ({ ...n, data: n.data })),
                  f.edges,
                ),
              }))
            }
          >
            Auto-layout
          </Button>
          <TestRunButton test={test} />
          <Typography color="text.secondary" sx={{ ml: 1 }} role="status">
            {savedText}
          </Typography>
        </Box>
      )}
      <DraftStatus integration={integration} />
      {conflict ? (
        <Alert
          severity="warning"
          action={
            <Button color="inherit" size="small" onClick={onReload}>
              Reload the newer draft
            </Button>
          }
        >
          {newer
            ? `${newer.name} saved a newer draft${newerAt ? ` at ${formatTime(newerAt)}` : ''} since this canvas loaded it: your save would overwrite it.`
            : errorMessage(saving.error)}{' '}
          Reload it to go on from there; the changes made here since are dropped.
        </Alert>
      ) : saving.error ? (
        <Alert severity="error">{errorMessage(saving.error)}</Alert>
      ) : null}
      <Box sx={{ display: 'flex', gap: 1, height: 560 }}>
        {readOnly ? null : <Palette nodeTypes={nodeTypes} onAdd={(type) => add(type, { x: 0, y: 240 })} />}
        <Box
          sx={{ flex: 1, border: 1, borderColor: 'divider', borderRadius: 1, bgcolor: 'background.paper' }}
          onDragOver={(event) => {
            event.preventDefault();
            event.dataTransfer.dropEffect = 'move';
          }}
          onDrop={readOnly ? undefined : onDrop}
          data-testid="canvas"
        >
          <ReactFlow
            nodes={nodes}
            edges={edges}
            nodeTypes={NODE_TYPES}
            onNodesChange={onNodesChange}
            onEdgesChange={onEdgesChange}
            onConnect={onConnect}
            onConnectEnd={onConnectEnd}
            isValidConnection={(c) => refusalOf(c.source, c.target) === null}
            nodesDraggable={!readOnly}
            nodesConnectable={!readOnly}
            deleteKeyCode={readOnly ? null : ['Delete', 'Backspace']}
            fitView
            proOptions={{ hideAttribution: true }}
          >
            <Background />
            <Controls showInteractive={!readOnly} />
            <MiniMap pannable zoomable ariaLabel="Mini map" />
          </ReactFlow>
        </Box>
        {selectedNode && !readOnly ? (
          <SidePanel
            integrationId={integrationId}
            flow={flow}
            node={selectedNode}
            nodeType={typeOf(selectedNode.type)}
            onChange={(node) => history.commit((f) => updateNode(f, node.id, () => node))}
          />
        ) : null}
      </Box>
      <TestRunOutput test={test} labelOf={labelOf} />
      <Paper variant="outlined" sx={{ p: 1 }} component="section" aria-label="Compile problems">
        <Typography variant="subtitle2">Problems</Typography>
        <ProblemList problems={problems} onSelect={focus} labelOf={labelOf} />
      </Paper>
      <Snackbar
        open={refusal !== null}
        autoHideDuration={12_000}
        onClose={(_event, reason) => reason !== 'clickaway' && setRefusal(null)}
        anchorOrigin={{ vertical: 'top', horizontal: 'center' }}
      >
        <Alert severity="warning" variant="filled" onClose={() => setRefusal(null)} sx={{ maxWidth: 720 }}>
          Not connected. {refusal}
        </Alert>
      </Snackbar>
    </Box>
  );
}
