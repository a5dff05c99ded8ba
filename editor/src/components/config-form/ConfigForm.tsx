import { Box, Typography } from '@mui/material';
import type { NodeType, Problem } from '../../api/types';
import { ConfigField, type FormContext } from './ConfigField';

interface Props {
  nodeType: NodeType;
  config: Record<string, unknown>;
  onChange: (config: Record<string, unknown>) => void;
  context: FormContext;
  /** The node's compile problems: each field's is shown next to it. */
  problems?: Problem[];
}

/** A node's config form, rendered from its type's JSON Schema and UI hints: no form per node type. */
export function ConfigForm({ nodeType, config, onChange, context, problems = [] }: Props) {
  const properties = nodeType.configSchema.properties ?? {};
  const required = new Set(nodeType.configSchema.required ?? []);
  const order = [
    ...nodeType.ui.order,
    ...Object.keys(properties).filter((k) => !nodeType.ui.order.includes(k)),
  ];
  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', gap: 2 }}>
      <Typography variant="body2" color="text.secondary">
        {nodeType.description}
      </Typography>
      {order.map((name) => {
        const hint = nodeType.ui.fields[name] ?? { widget: 'text', label: name };
        const own = problems.filter((p) => p.field === name || p.field?.startsWith(`${name}.`));
        return (
          <ConfigField
            key={`${nodeType.type}-${name}`}
            hint={hint}
            schema={properties[name] ?? {}}
            value={config[name]}
            required={required.has(name)}
            problem={own[0]?.message ?? null}
            problems={own.map((p) => p.message)}
            onChange={(value) => {
              const next = { ...config };
              if (value === undefined) delete next[name];
              else next[name] = value;
              onChange(next);
            }}
            context={context}
          />
        );
      })}
    </Box>
  );
}
