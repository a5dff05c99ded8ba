import { Alert, Box, Button, Paper, Typography } from '@mui/material';
import type { HeldConflict } from '@isync/core';
import { useState } from 'react';
import { errorMessage } from '../../api/base';
import { useConnectionsQuery, useDescribeConnectionQuery } from '../../api/connections';
import { useIntegrationQuery } from '../../api/integrations';
import { useDecideConflictMutation, useRecordQuery } from '../../api/records';
import type { ExceptionRow, ObjectDescription } from '../../api/types';
import { flowDirections } from '../../components/directions';
import { stringOf } from '../../components/flow';
import { systemNameOf } from '../connections/system-name';

interface Side {
  /** The system as a person names it ("PlanGrid"), or "the source" while unknown. */
  name: string;
  object: ObjectDescription | undefined;
}

/** A field's value as a person reads it: a choice by its label ("Work in Progress", not "3"). */
function shown(value: unknown, field: string, object: ObjectDescription | undefined): string {
  if (value === null || value === undefined || value === '') return 'empty';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  const choices = object?.fields.find((f) => f.name === field)?.choices ?? [];
  const statuses = object?.statusField === field ? object.statuses : [];
  const label = [...choices, ...statuses].find((c) => c.value === text)?.label;
  return label && label !== text ? label : text;
}

/** The integration's two sides, named from its forward direction's connections and described. */
function useSides(integrationId: string): { ready: boolean; source: Side; destination: Side } {
  const integration = useIntegrationQuery(integrationId);
  const connectionsAsked = useConnectionsQuery();
  const connections = connectionsAsked.data;
  const forward = integration.data ? flowDirections(integration.data.flow).forward : undefined;
  const side = (config: Record<string, unknown> | undefined, fallback: string) => {
    const connectionId = stringOf(config?.connectionId);
    return {
      connectionId,
      objectName: stringOf(config?.object),
      name: systemNameOf(connections?.items, connectionId) ?? fallback,
    };
  };
  const source = side(forward?.source.data.config, 'the source');
  const destination = side(forward?.destination?.data.config, 'the destination');
  const asked = {
    source: useDescribeConnectionQuery(source.connectionId, { skip: !source.connectionId }),
    destination: useDescribeConnectionQuery(destination.connectionId, { skip: !destination.connectionId }),
  };
  const described = { source: asked.source.data, destination: asked.destination.data };
  return {
    // Values are shown once named (a choice by its label), not changing under the user's pointer.
    ready:
      (integration.isSuccess || integration.isError) &&
      (connectionsAsked.isSuccess || connectionsAsked.isError) &&
      (!source.connectionId || asked.source.isSuccess || asked.source.isError) &&
      (!destination.connectionId || asked.destination.isSuccess || asked.destination.isError),
    source: {
      name: source.name,
      object: described.source?.objects.find((o) => o.name === source.objectName),
    },
    destination: {
      name: destination.name,
      object: described.destination?.objects.find((o) => o.name === destination.objectName),
    },
  };
}

/** The source field a conflict exception is about: its message names it ("the source's status is …"). */
export const conflictFieldOf = (exception: ExceptionRow): string | undefined =>
  /the source's (\S+) is /.exec(exception.message)?.[1];

interface Props {
  recordId: string;
  integrationId: string;
  /** Only the conflict on this source field (an exception is about one); all of the record's without it. */
  sourceField?: string | undefined;
  /** Whether the user may decide (records:replay); without it, the values are shown and nothing else. */
  canDecide: boolean;
}

/**
 * A conflict held for review (two-way sync): both sides' values, and a button to keep each. The decision
 * puts the record back in line; the next run writes the kept value to the other side.
 */
export function ConflictDecision({ recordId, integrationId, sourceField, canDecide }: Props) {
  const record = useRecordQuery(recordId, { skip: !recordId });
  const sides = useSides(integrationId);
  const [decide, decision] = useDecideConflictMutation();
  // What this person kept, said once the API took it (the run that writes it then drops it from the record).
  const [kept, setKept] = useState<string | null>(null);
  const held = (record.data?.pair?.held ?? []).filter((c) => !sourceField || c.sourceField === sourceField);
  const name = (side: 'source' | 'destination') => `${sides[side].name}'s`;
  const other = (side: 'source' | 'destination') =>
    side === 'source' ? sides.destination.name : sides.source.name;
  const keep = async (conflict: HeldConflict, side: 'source' | 'destination') => {
    const said = `Kept ${name(side)} value (${value(conflict, side)}): the next run writes it to ${other(side)}.`;
    const answer = await decide({ recordId, sourceField: conflict.sourceField, keep: side });
    if (answer.data) setKept(said);
  };
  const value = (conflict: HeldConflict, side: 'source' | 'destination') =>
    side === 'source'
      ? shown(conflict.sourceValue, conflict.sourceField, sides.source.object)
      : shown(conflict.destinationValue, conflict.destinationField, sides.destination.object);

  if (!recordId) return null;
  if (record.error) return <Alert severity="warning">{errorMessage(record.error)}</Alert>;
  if (!record.data || !sides.ready)
    return <Typography color="text.secondary">Loading both values…</Typography>;
  return (
    <Box component="section" aria-label="Conflict" sx={{ display: 'flex', flexDirection: 'column', gap: 1 }}>
      {kept ? (
        <Alert severity="success" data-testid="conflict-decided">
          {kept}
        </Alert>
      ) : held.length === 0 ? (
        <Alert severity="success" data-testid="conflict-decided">
          Decided: nothing of this record waits for review any more.
        </Alert>
      ) : null}
      {held
        .filter((conflict) => !(kept && conflict.decision))
        .map((conflict) => (
          <Paper key={conflict.sourceField} variant="outlined" sx={{ p: 1.5 }} data-testid="held-conflict">
            <Typography variant="subtitle2" component="h3">
              {canDecide && !conflict.decision ? 'Which value to keep?' : 'Both values'}
            </Typography>
            <Box
              component="dl"
              sx={{ display: 'grid', gridTemplateColumns: 'auto 1fr', gap: 0.5, m: 0, my: 1 }}
            >
              <Typography component="dt" color="text.secondary">
                {sides.source.name} {conflict.sourceField}
              </Typography>
              <Typography component="dd" sx={{ m: 0, fontWeight: 600 }} data-testid="source-value">
                {value(conflict, 'source')}
              </Typography>
              <Typography component="dt" color="text.secondary">
                {sides.destination.name} {conflict.destinationField}
              </Typography>
              <Typography component="dd" sx={{ m: 0, fontWeight: 600 }} data-testid="destination-value">
                {value(conflict, 'destination')}
              </Typography>
            </Box>
            {conflict.decision ? (
              <Alert severity="success" data-testid="conflict-decided">
                Kept {name(conflict.decision)} value ({value(conflict, conflict.decision)}): the next run
                writes it to {other(conflict.decision)}.
              </Alert>
            ) : canDecide ? (
              <Box sx={{ display: 'flex', gap: 1, flexWrap: 'wrap' }}>
                {(['source', 'destination'] as const).map((side) => (
                  <Button
                    key={side}
                    variant="outlined"
                    disabled={decision.isLoading}
                    onClick={() => void keep(conflict, side)}
                  >
                    Keep {name(side)} value ({value(conflict, side)})
                  </Button>
                ))}
              </Box>
            ) : (
              <Typography variant="body2" color="text.secondary">
                Someone who may replay records decides which value to keep.
              </Typography>
            )}
          </Paper>
        ))}
      {decision.error ? <Alert severity="error">{errorMessage(decision.error)}</Alert> : null}
    </Box>
  );
}
