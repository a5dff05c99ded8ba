import { FormControl, FormHelperText, InputLabel, MenuItem, Select } from '@mui/material';
import { useState } from 'react';
import { useConnectionsQuery, type NewConnection } from '../../api/connections';
import { ConnectionForm, SYSTEM_LABEL } from './ConnectionForm';
import { TestConnection } from './TestConnection';

const NEW = '__new__';

/** Which connection of a system is chosen: the one picked, else the first there is, else a new one. */
export function useConnectionChoice(system: NewConnection['system'], initial = '') {
  const { data, isLoading } = useConnectionsQuery();
  const mine = (data?.items ?? []).filter((c) => c.system === system);
  const [picked, pick] = useState(initial);
  const selected = picked || (mine.length === 0 ? NEW : (mine[0]?.id ?? NEW));
  return { system, mine, isLoading, selected, connectionId: selected === NEW ? null : selected, pick };
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
  const label = SYSTEM_LABEL[choice.system];
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
        <ConnectionForm system={choice.system} onSaved={(id) => choice.pick(id)} />
      )}
    </>
  );
}
