import {
  Box,
  Button,
  FormControl,
  IconButton,
  InputLabel,
  MenuItem,
  Select,
  TextField,
  Typography,
} from '@mui/material';
import Close from '@mui/icons-material/Close';
import type { ConflictPolicy } from '@isync/core';
import { useState } from 'react';
import type { FieldDescription } from '../../api/types';
import type { Way } from '../directions';

/** Core's CONFLICT_POLICY_LABELS (the editor takes only types from core), capitalised for a menu. */
export const CONFLICT_POLICY_LABELS: Record<ConflictPolicy, string> = {
  'source-wins': 'Source wins',
  'destination-wins': 'Destination wins',
  'latest-change-wins': 'Latest change wins',
  hold: 'Hold for review',
};
const POLICIES = Object.keys(CONFLICT_POLICY_LABELS) as ConflictPolicy[];

/**
 * The destination fields the compiler says are written both ways without a policy: it names each in its
 * problem ("…: state is written both ways (from status, and back to status); choose who wins…").
 */
export const fieldsWithoutPolicy = (problems: readonly string[]): string[] =>
  problems.flatMap((message) => /(?:^|: )([\w.]+) is written both ways/.exec(message)?.[1] ?? []);

interface Props {
  label: string;
  help?: string | undefined;
  /** The node's `conflicts`: a policy by destination field. */
  value: Record<string, ConflictPolicy>;
  onChange: (value: Record<string, ConflictPolicy>) => void;
  /** The destination's fields, for the add picker (typed freely when the system described none). */
  fields: FieldDescription[];
  /** The compile problems of this config field (those naming a field written both ways add its row). */
  problems: readonly string[];
  /** The direction of the node's flow: only a two-way flow's forward destination takes policies. */
  way: Way | undefined;
}

/**
 * Two-way flows, on the forward destination: who wins when both sides changed a field written both ways.
 * A row per field with a policy or needing one (as the compiler says), and a picker to add another.
 */
export function ConflictPolicies({ label, help, value, onChange, fields, problems, way }: Props) {
  const [added, setAdded] = useState<string[]>([]);
  const [typed, setTyped] = useState('');
  const rows = [...new Set([...Object.keys(value), ...fieldsWithoutPolicy(problems), ...added])];
  const nameOf = (field: string) => {
    const described = fields.find((f) => f.name === field);
    return described && described.label !== field ? `${described.label} (${field})` : field;
  };
  const set = (field: string, policy: ConflictPolicy | null) => {
    const next = { ...value };
    if (policy) next[field] = policy;
    else delete next[field];
    setAdded((list) => list.filter((f) => f !== field));
    onChange(next);
  };
  const add = (field: string) => {
    const name = field.trim();
    if (name && !rows.includes(name)) setAdded((list) => [...list, name]);
    setTyped('');
  };
  const heading = (
    <>
      <Typography variant="subtitle2">{label}</Typography>
      {help ? (
        <Typography variant="caption" color="text.secondary" component="p">
          {help}
        </Typography>
      ) : null}
    </>
  );
  if (way === 'back' || (way !== 'forward' && rows.length === 0)) {
    return (
      <Box role="group" aria-label={label}>
        {heading}
        <Typography variant="body2" color="text.secondary">
          {way === 'back'
            ? "Set on the forward direction's destination: its policies cover the way back too."
            : 'Only for two-way flows (a second source whose destination only updates).'}
        </Typography>
      </Box>
    );
  }
  const addable = fields.filter((f) => !rows.includes(f.name));
  return (
    <Box role="group" aria-label={label} sx={{ display: 'flex', flexDirection: 'column', gap: 1 }}>
      <Box>{heading}</Box>
      {rows.length === 0 ? (
        <Typography variant="body2" color="text.secondary">
          No field is written both ways yet.
        </Typography>
      ) : null}
      {rows.map((field) => {
        const id = `conflict-policy-${field.replace(/\W+/g, '-')}`;
        const policy = value[field];
        return (
          <Box
            key={field}
            sx={{ display: 'flex', gap: 1, alignItems: 'center' }}
            data-testid="conflict-policy"
          >
            <FormControl size="small" fullWidth error={!policy}>
              <InputLabel id={id}>{nameOf(field)}</InputLabel>
              <Select
                labelId={id}
                label={nameOf(field)}
                value={policy ?? ''}
                onChange={(e) => set(field, e.target.value as ConflictPolicy)}
              >
                {POLICIES.map((p) => (
                  <MenuItem key={p} value={p}>
                    {CONFLICT_POLICY_LABELS[p]}
                  </MenuItem>
                ))}
              </Select>
            </FormControl>
            <IconButton
              size="small"
              aria-label={`Remove the policy of ${field}`}
              onClick={() => set(field, null)}
            >
              <Close fontSize="small" />
            </IconButton>
          </Box>
        );
      })}
      {fields.length > 0 ? (
        <FormControl size="small" fullWidth>
          <InputLabel id="conflict-policy-add">Add a field</InputLabel>
          <Select
            labelId="conflict-policy-add"
            label="Add a field"
            value=""
            onChange={(e) => add(e.target.value)}
          >
            {addable.map((f) => (
              <MenuItem key={f.name} value={f.name}>
                {f.label} ({f.name})
              </MenuItem>
            ))}
          </Select>
        </FormControl>
      ) : (
        <Box sx={{ display: 'flex', gap: 1 }}>
          <TextField
            size="small"
            fullWidth
            label="Add a field"
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') add(typed);
            }}
          />
          <Button onClick={() => add(typed)} disabled={!typed.trim()}>
            Add
          </Button>
        </Box>
      )}
    </Box>
  );
}
