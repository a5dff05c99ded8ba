import { FormControl, FormHelperText, InputLabel, MenuItem, Select } from '@mui/material';
import { useState } from 'react';
import { useConnectionsQuery, type NewConnection } from '../../api/connections';
import { systemKeyOf, type SystemChoice } from '../systems/useSystemChoices';
import { ConnectionForm, SYSTEM_LABEL } from './ConnectionForm';
import { TestConnection } from './TestConnection';

const NEW = '__new__';

/**
 * Which connection of a system is chosen: the one picked, else the first there is, else a new one. The
 * system is one iSync ships, or a choice that may be one of the tenant's own systems.
 */
export function useConnectionChoice(of: NewConnection['system'] | SystemChoice, initial = '') {
  const choice: SystemChoice =
    typeof of === 'string' ? { key: of, system: of, label: SYSTEM_LABEL[of], badge: '' } : of;
  const { data, isLoading } = useConnectionsQuery();
  const mine = (data?.items ?? []).filter((c) => systemKeyOf(c) === choice.key);
  const [picked, pick] = useState(initial);
  const selected = picked || (mine.length === 0 ? NEW : (mine[0]?.id ?? NEW));
  return {
    system: choice.system,
    label: choice.label,
    tenantSystem: choice.tenantSystem ? { ...choice.tenantSystem, name: choice.label } : undefined,
    mine,
    isLoading,
    selected,
    connectionId: selected === NEW ? null : selected,
    pick,
  };
}

export type ConnectionChoice = ReturnType<typeof useConnectionChoice>;

interface Props {
  choice: ConnectionChoice;
  /** Where the select's id comes from (two pickers on one page). */
  idPrefix: string;
  /** Shown when the user tried to go on without a connection. */
  showMissing: boolean;
}

/** A system's connection: picked from the tenant's, or added inline; then Test connection. */
export function ConnectionPicker({ choice, idPrefix, showMissing }: Props) {
  const label = choice.label;
  const missing = showMissing && !choice.connectionId;
  return (
    <>
      <FormControl size="small" error={missing}>
        <InputLabel id={`${idPrefix}-connection-label`}>{label} connection</InputLabel>
        <Select
          labelId={`${idPrefix}-connection-label`}
          label={`${label} connection`}
          value={choice.isLoading ? '' : choice.selected}
          onChange={(e) => choice.pick(e.target.value)}
        >
          {choice.mine.map((c) => (
            <MenuItem key={c.id} value={c.id}>
              {c.name} ({c.baseUrl})
            </MenuItem>
          ))}
          <MenuItem value={NEW}>New connection…</MenuItem>
        </Select>
        {missing ? <FormHelperText>Save or pick a connection</FormHelperText> : null}
      </FormControl>
      {choice.connectionId ? (
        <TestConnection key={choice.connectionId} connectionId={choice.connectionId} name={label} />
      ) : (
        <ConnectionForm
          key={choice.tenantSystem?.id ?? choice.system}
          system={choice.system}
          tenantSystem={choice.tenantSystem}
          onSaved={(id) => choice.pick(id)}
        />
      )}
    </>
  );
}
