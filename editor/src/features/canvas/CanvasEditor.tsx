import '@xyflow/react/dist/style.css';
import { Alert, Box, Button, Paper, Snackbar, Typography } from '@mui/material';
import type { Flow, FlowNode } from '@isync/core';
import {
  Background,
  Controls,
  MiniMap,
  Panel,
  ReactFlow,
  useReactFlow,
  type Connection,
  type Edge,
  type EdgeChange,
  type FinalConnectionState,
  type FitViewOptions,
  type NodeChange,
} from '@xyflow/react';
import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent } from 'react';
import { errorCode, errorDetails, errorMessage } from '../../api/base';
import { useSaveFlowMutation } from '../../api/integrations';
import type { Author, IntegrationSummary, NodeType } from '../../api/types';
import { formatTime } from '../../components/format';
import { NODE_TYPES, type CardNode } from '../../components/flow-diagram/NodeCard';
import { flowDirections } from '../../components/directions';
import { autoLayout } from '../../components/flow-diagram/layout';
import { ProblemList } from '../../components/ProblemList';
import { TestRunButton } from '../../components/test-run/TestRunButton';
import { TestRunOutput } from '../../components/test-run/TestRunOutput';
import { useLiveTest } from '../../components/test-run/useLiveTest';
import { DraftStatus } from '../versions/DraftStatus';
import { PublishButton } from '../versions/PublishButton';
import { CanvasActionsContext, type CanvasActions } from './canvas-actions';
import {
  addOnEdge,
  connect,
  connectionRefusal,
  dropNode,
  removeEdges,
  removeNodes,
  updateNode,
} from './flow-edit';
import { EDGE_TYPES } from './InsertableEdge';
import { defaultConfig, problemInWords } from './new-node';
import { nodeFacts } from './node-facts';
import { DRAG_TYPE, Palette } from './Palette';
import { ShortcutsHelp } from './ShortcutsHelp';
import { PANEL_WIDTH, SidePanel } from './SidePanel';
import { UnsavedGuard } from './UnsavedGuard';
import { useDirectionBadges } from './useDirectionBadges';
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

/** The whole flow in view: beside the settings panel when it is open (even when it must be small). */
const fitOptions = (panelOpen: boolean): FitViewOptions => ({
  duration: 200,
  maxZoom: 1,
  minZoom: 0.2,
  padding: panelOpen ? { top: '24px', bottom: '24px', left: '24px', right: `${PANEL_WIDTH + 32}px` } : 0.05,
});

/** Where a node added from the palette goes: under the flow's lowest row (a two-way flow has two). */
const belowTheFlow = (flow: Flow) => ({
  x: 0,
  y: Math.max(0, ...flow.nodes.map((n) => n.position.y)) + 240,
});

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
  const { screenToFlowPosition, setCenter, fitView } = useReactFlow();
  const typeOf = useCallback((type: string) => nodeTypes.find((t) => t.type === type), [nodeTypes]);
  const categoryOf = useCallback((node: FlowNode) => typeOf(node.type)?.category, [typeOf]);
  const compiled = useProblems(integrationId, flow);
  // The compiler's schema complaints said in words, naming the field as its form labels it.
  const problems = useMemo(
    () =>
      compiled.map((p) => problemInWords(p, typeOf(flow.nodes.find((n) => n.id === p.nodeId)?.type ?? ''))),
    [compiled, flow.nodes, typeOf],
  );
  const [selectedEdges, setSelectedEdges] = useState<string[]>([]);
  const [hoveredEdge, setHoveredEdge] = useState<string | null>(null);
  // Node sizes as measured by React Flow: kept, since the nodes are rebuilt from the flow on each change.
  const [sizes, setSizes] = useState<Record<string, { width: number; height: number }>>({});
  const dirty = flow !== baseline;
  const labelOf = (id: string) => flow.nodes.find((n) => n.id === id)?.data.label ?? id;
  // The test runs the stored draft: the changes made here are saved first.
  const test = useLiveTest(integrationId, () => (dirty ? onSave() : Promise.resolve(true)));
  const testCounts = test.answer?.nodes;
  // A two-way flow: each source says which direction starts there.
  const directions = useDirectionBadges(flow, categoryOf);

  const nodes: CardNode[] = useMemo(
    () =>
      flow.nodes.map((node) => {
        const type = typeOf(node.type);
        return {
          id: node.id,
          type: 'card',
          position: node.position,
          selected: node.id === selected,
          ...(sizes[node.id] && { measured: sizes[node.id] }),
          data: {
            label: node.data.label ?? type?.label ?? node.type,
            type: node.type,
            typeLabel: type?.label ?? node.type,
            facts: nodeFacts(node),
            ...(!readOnly && { onRemove: () => removeNode(node.id) }),
            hasIn: (type?.ports.in.length ?? 1) > 0,
            hasOut: (type?.ports.out.length ?? 1) > 0,
            problems: problems.filter((p) => p.nodeId === node.id).map((p) => p.message),
            counts: testCounts?.find((c) => c.nodeId === node.id),
            direction: directions.get(node.id),
          },
        };
      }),
    // removeNode only commits to the history, which is stable.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [flow.nodes, problems, selected, typeOf, testCounts, sizes, readOnly, directions],
  );
  const edges: Edge[] = flow.edges.map((e) => ({
    id: e.id,
    source: e.source,
    target: e.target,
    type: readOnly ? 'default' : 'insertable',
    selected: selectedEdges.includes(e.id),
    ariaLabel: `Edge from ${labelOf(e.source)} to ${labelOf(e.target)}`,
  }));

  const onNodesChange = (changes: NodeChange<CardNode>[]) => {
    for (const change of changes) {
      if (change.type === 'position' && change.position) {
        const position = change.position;
        const move = (f: Flow) => updateNode(f, change.id, (n) => ({ ...n, position }));
        if (change.dragging) history.replace(move);
        else history.commit(move);
      } else if (change.type === 'select' && change.selected) {
        // Deselection is the panel's: its close button, Escape or a click on the empty canvas. React Flow
        // also reports nodes deselected when an edge is picked or the nodes change under it.
        setSelected(change.id);
      } else if (change.type === 'remove') {
        removeNode(change.id);
      } else if (change.type === 'dimensions' && change.dimensions) {
        const size = change.dimensions;
        setSizes((known) => ({ ...known, [change.id]: size }));
      }
    }
  };
  function removeNode(id: string) {
    history.commit((f) => removeNodes(f, [id]));
    setSelected((current) => (current === id ? null : current));
  }
  const onEdgesChange = (changes: EdgeChange[]) => {
    const removed = changes.filter((c) => c.type === 'remove').map((c) => c.id);
    if (removed.length > 0) {
      history.commit((f) => removeEdges(f, removed));
      setSelectedEdges((current) => current.filter((id) => !removed.includes(id)));
    }
    for (const change of changes) {
      if (change.type !== 'select') continue;
      // An edge picked closes the node's panel: Delete then removes the edge, not the node with it.
      if (change.selected) setSelected(null);
      setSelectedEdges((current) =>
        change.selected
          ? [...current.filter((id) => id !== change.id), change.id]
          : current.filter((id) => id !== change.id),
      );
    }
  };
  /** Adds a node from its type's defaults (a status map starts from the settings' status mappings). */
  const place = (
    type: string,
    put: (f: Flow, label: string, config: Record<string, unknown>) => { flow: Flow; id: string },
  ) => {
    const label = typeOf(type)?.label ?? type;
    const config = defaultConfig(typeOf(type), integration.settings.statusMappings);
    let added = '';
    history.commit((f) => {
      const result = put(f, label, config);
      added = result.id;
      return result.flow;
    });
    setSelected(added || null);
  };
  const add = (type: string, at: { x: number; y: number }) =>
    place(type, (f, label, config) => dropNode(f, type, label, at, config));
  const actions: CanvasActions = {
    insertTypes: nodeTypes.filter((t) => t.ports.in.length > 0 && t.ports.out.length > 0),
    insertOn: (edgeId, type) => place(type, (f, label, config) => addOnEdge(f, edgeId, type, label, config)),
    removeEdge: (edgeId) => history.commit((f) => removeEdges(f, [edgeId])),
    hovered: hoveredEdge,
    setHovered: setHoveredEdge,
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

  // The view fits the whole flow when the nodes are first measured, beside the settings panel when it opens
  // or closes, and after a node is added (an insert moves nodes aside). Only here: React Flow's own fitView
  // would refit for the whole canvas, under the panel.
  const panelOpen = Boolean(selected) && !readOnly;
  // Counted once measured: a node just added is framed once React Flow knows its size.
  const nodeCount = flow.nodes.filter((n) => sizes[n.id]).length;
  const framed = useRef({ panelOpen, nodeCount });
  useEffect(() => {
    if (framed.current.panelOpen === panelOpen && framed.current.nodeCount === nodeCount) return;
    // The first fit, as the flow opens, is immediate: the flow appears in place, not sliding there.
    const opening = framed.current.nodeCount === 0;
    framed.current = { panelOpen, nodeCount };
    // Not cancelled by a re-render (fitView may change identity): the fit waits for the new nodes' sizes.
    setTimeout(
      () => void fitView({ ...fitOptions(panelOpen), ...(opening && { duration: 0 }) }),
      opening ? 0 : 60,
    );
  }, [panelOpen, nodeCount, fitView]);

  const { undo, redo } = history;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && !isTyping(event.target)) {
        setSelected(null);
        return;
      }
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
            onClick={() => {
              history.commit((f) => ({
                ...f,
                nodes: autoLayout(
                  f.nodes.map((n) => ({ ...n, data: n.data })),
                  f.edges,
                  // A two-way flow's forward direction on top, its way back below.
                  flowDirections(f, categoryOf).all.map((d) => d.source.id),
                ),
              }));
              // The laid-out flow is shown whole.
              setTimeout(() => void fitView(fitOptions(panelOpen)), 60);
            }}
          >
            Auto-layout
          </Button>
          <ShortcutsHelp />
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
      <Box sx={{ display: 'flex', gap: 1, height: 'max(440px, calc(100vh - 250px))' }}>
        {readOnly ? null : <Palette nodeTypes={nodeTypes} onAdd={(type) => add(type, belowTheFlow(flow))} />}
        <Box
          sx={{
            flex: 1,
            minWidth: 0,
            position: 'relative',
            border: 1,
            borderColor: 'divider',
            borderRadius: 1,
            bgcolor: 'background.paper',
          }}
          onDragOver={(event) => {
            event.preventDefault();
            event.dataTransfer.dropEffect = 'move';
          }}
          onDrop={readOnly ? undefined : onDrop}
          data-testid="canvas"
        >
          <CanvasActionsContext.Provider value={readOnly ? null : actions}>
            <ReactFlow
              nodes={nodes}
              edges={edges}
              nodeTypes={NODE_TYPES}
              edgeTypes={EDGE_TYPES}
              onEdgeMouseEnter={(_event, edge) => setHoveredEdge(edge.id)}
              onEdgeMouseLeave={() => setHoveredEdge(null)}
              onPaneClick={() => setSelected(null)}
              onNodesChange={onNodesChange}
              onEdgesChange={onEdgesChange}
              onConnect={onConnect}
              onConnectEnd={onConnectEnd}
              isValidConnection={(c) => refusalOf(c.source, c.target) === null}
              nodesDraggable={!readOnly}
              nodesConnectable={!readOnly}
              deleteKeyCode={readOnly ? null : ['Delete', 'Backspace']}
              minZoom={0.2}
              proOptions={{ hideAttribution: true }}
            >
              <Background />
              <Controls showInteractive={!readOnly} position="bottom-left" />
              <MiniMap
                pannable
                zoomable
                ariaLabel="Mini map"
                position="bottom-left"
                style={{ left: 48, width: 160, height: 100 }}
                nodeColor="#90a4ae"
                nodeStrokeWidth={2}
              />
              {readOnly ? null : (
                <Panel position="top-left">
                  <Typography
                    variant="body2"
                    color="text.secondary"
                    sx={{ bgcolor: 'background.paper', px: 1, borderRadius: 1, opacity: 0.9 }}
                  >
                    To insert a node, drop it on an edge or click + on the edge. Press ? for shortcuts.
                  </Typography>
                </Panel>
              )}
            </ReactFlow>
          </CanvasActionsContext.Provider>
          {selectedNode && !readOnly ? (
            <SidePanel
              integrationId={integrationId}
              flow={flow}
              node={selectedNode}
              nodeType={typeOf(selectedNode.type)}
              onChange={(node) => history.commit((f) => updateNode(f, node.id, () => node))}
              onClose={() => setSelected(null)}
              problems={problems.filter((p) => p.nodeId === selectedNode.id)}
            />
          ) : null}
        </Box>
      </Box>
      <TestRunOutput
        test={test}
        labelOf={labelOf}
        note={
          directions.size > 1
            ? 'The test tries the forward direction; the way back only updates the records a run has linked.'
            : undefined
        }
      />
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
