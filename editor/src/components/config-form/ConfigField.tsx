import { Box, FormControl, FormHelperText, InputLabel, MenuItem, Select, TextField } from '@mui/material';
import type { MappingRow } from '../../api/integrations';
import type { ConnectionView, JsonSchema, ObjectDescription, UiHint } from '../../api/types';
import { FieldPicker } from '../FieldPicker';
import { MappingTable } from '../MappingTable';
import { ProjectSelect } from '../ProjectSelect';
import { StatusTable, type StatusRow } from '../StatusTable';
import type { Way } from '../directions';
import { ConflictPolicies } from './ConflictPolicies';
import { JsonField } from './JsonField';

export interface FormContext {
  connections: ConnectionView[];
  /** The objects the node's connection offers (source or destination side). */
  objects: ObjectDescription[];
  /** The projects the node's connection reaches, where its system has projects (PlanGrid). */
  projects: { id: string; name: string }[];
  source: ObjectDescription | undefined;
  destination: ObjectDescription | undefined;
  /** The integration being edited (its synced records are the expression preview's samples). */
  integrationId?: string | undefined;
  /** The direction the node is on (two-way flows: forward or back), for the conflict policies. */
  way?: Way | undefined;
}

interface Props {
  hint: UiHint;
  schema: JsonSchema;
  value: unknown;
  required: boolean;
  onChange: (value: unknown) => void;
  context: FormContext;
  /** The field's compile problem, in words. */
  problem?: string | null;
  /** All of the field's compile problems (a widget may act on what they name). */
  problems?: readonly string[];
}

const asArray = <T,>(value: unknown): T[] => (Array.isArray(value) ? (value as T[]) : []);
const asText = (value: unknown) =>
  typeof value === 'string' || typeof value === 'number' ? String(value) : '';

function Choice({
  label,
  value,
  options,
  onChange,
  error,
}: {
  label: string;
  value: string;
  options: { value: string; label: string }[];
  onChange: (v: string) => void;
  error: boolean;
}) {
  const id = `config-${label.replace(/\W+/g, '-')}`;
  return (
    <FormControl size="small" fullWidth error={error}>
      <InputLabel id={id}>{label}</InputLabel>
      <Select
        labelId={id}
        label={label}
        value={options.some((o) => o.value === value) ? value : ''}
        onChange={(e) => onChange(e.target.value)}
      >
        {options.map((o) => (
          <MenuItem key={o.value} value={o.value}>
            {o.label}
          </MenuItem>
        ))}
      </Select>
    </FormControl>
  );
}

/** One config field with its problem, in words, under it. */
export function ConfigField(props: Props) {
  return (
    <Box>
      <FieldInput {...props} />
      {props.problem ? (
        <FormHelperText error role="note" sx={{ mx: 1.75 }}>
          {props.problem}
        </FormHelperText>
      ) : null}
    </Box>
  );
}

/** The input of a config field, drawn by its UI hint's widget and checked against its JSON Schema. */
function FieldInput({ hint, schema, value, required, onChange, context, problems = [] }: Props) {
  const text = asText(value ?? schema.default);
  const missing = required && (value === undefined || value === '' || value === null);
  const label = hint.label;
  switch (hint.widget) {
    case 'connection':
      return (
        <Choice
          label={label}
          value={text}
          options={context.connections.map((c) => ({
            value: c.id,
            // A tenant system (the connector builder's) by its name, not as "rest".
            label: `${c.name} (${String(c.options.tenantSystemName ?? c.system)})`,
          }))}
          onChange={onChange}
          error={missing}
        />
      );
    case 'source-object':
    case 'destination-object':
      return context.objects.length > 0 ? (
        <Choice
          label={label}
          value={text}
          options={context.objects.map((o) => ({ value: o.name, label: o.label }))}
          onChange={onChange}
          error={missing}
        />
      ) : (
        <TextField
          fullWidth
          label={label}
          value={text}
          onChange={(e) => onChange(e.target.value)}
          error={missing}
        />
      );
    case 'source-project':
      return (
        <ProjectSelect
          label={label}
          projects={context.projects}
          value={text}
          onChange={onChange}
          error={missing ? `Pick the ${label.toLowerCase()}` : ''}
          help={hint.help}
        />
      );
    case 'source-field':
    case 'destination-field':
      return (
        <FieldPicker
          label={label}
          value={text}
          fields={(hint.widget === 'source-field' ? context.source : context.destination)?.fields ?? []}
          onChange={onChange}
          error={missing}
        />
      );
    case 'select':
      return (
        <Choice label={label} value={text} options={hint.options ?? []} onChange={onChange} error={missing} />
      );
    case 'json-logic':
      return <JsonField label={label} help={hint.help} value={value} onChange={onChange} />;
    case 'mapping-tables':
      return (
        <MappingTable
          label={label}
          rows={asArray<MappingRow>(value)}
          onChange={onChange}
          targetFields={context.destination?.fields ?? []}
          sourceFields={context.source?.fields ?? []}
          integrationId={context.integrationId}
        />
      );
    case 'status-table':
      return (
        <StatusTable
          label={label}
          rows={asArray<StatusRow>(value)}
          onChange={onChange}
          sourceStatuses={context.source?.statuses ?? []}
          destinationStates={context.destination?.statuses ?? []}
        />
      );
    case 'destination-fields':
      return (
        <TextField
          fullWidth
          label={label}
          value={asArray<string>(value ?? schema.default).join(', ')}
          helperText={hint.help ?? 'Comma-separated field names'}
          onChange={(e) =>
            onChange(
              e.target.value
                .split(',')
                .map((s) => s.trim())
                .filter(Boolean),
            )
          }
        />
      );
    case 'conflict-policies':
      return (
        <ConflictPolicies
          label={label}
          help={hint.help}
          value={(value && typeof value === 'object' ? value : {}) as Record<string, never>}
          onChange={onChange}
          fields={context.destination?.fields ?? []}
          problems={problems}
          way={context.way}
        />
      );
    case 'date-range': {
      const range = (value ?? { from: null, to: null }) as { from: string | null; to: string | null };
      const set = (key: 'from' | 'to', local: string) =>
        onChange({ ...range, [key]: local ? new Date(`${local}:00Z`).toISOString() : null });
      return (
        <Box sx={{ display: 'flex', gap: 1 }}>
          {(['from', 'to'] as const).map((key) => (
            <TextField
              key={key}
              type="datetime-local"
              label={`${label} (${key}, UTC)`}
              value={range[key]?.slice(0, 16) ?? ''}
              onChange={(e) => set(key, e.target.value)}
              slotProps={{ inputLabel: { shrink: true } }}
            />
          ))}
        </Box>
      );
    }
    case 'number': {
      const outOfRange =
        value !== undefined &&
        ((schema.minimum !== undefined && Number(value) < schema.minimum) ||
          (schema.maximum !== undefined && Number(value) > schema.maximum));
      return (
        <TextField
          label={label}
          type="number"
          value={text}
          error={outOfRange}
          helperText={outOfRange ? `From ${schema.minimum} to ${schema.maximum}` : hint.help}
          onChange={(e) => onChange(e.target.value === '' ? undefined : Number(e.target.value))}
          slotProps={{ htmlInput: { min: schema.minimum, max: schema.maximum } }}
        />
      );
    }
    default:
      return (
        <TextField
          fullWidth
          label={label}
          value={text}
          error={missing}
          helperText={missing ? `${label} is required` : hint.help}
          onChange={(e) => onChange(e.target.value)}
          slotProps={{ htmlInput: { maxLength: schema.maxLength } }}
        />
      );
  }
}
