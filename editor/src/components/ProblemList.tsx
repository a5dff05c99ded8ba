import { Alert, List, ListItemButton, ListItemText } from '@mui/material';
import type { Problem } from '../api/types';

interface Props {
  problems: Problem[];
  /** When given, clicking a problem focuses its node. */
  onSelect?: (nodeId: string) => void;
  labelOf?: (nodeId: string) => string;
}

/** The compile problems, each naming its node; a click focuses the node where there is a canvas. */
export function ProblemList({ problems, onSelect, labelOf = (id) => id }: Props) {
  if (problems.length === 0) return <Alert severity="success">No problems: the flow compiles.</Alert>;
  return (
    <List dense aria-label="Problems">
      {problems.map((problem, index) => (
        <ListItemButton
          key={index}
          disabled={!onSelect || !problem.nodeId}
          onClick={() => problem.nodeId && onSelect?.(problem.nodeId)}
          sx={{
            borderLeft: 3,
            borderColor: problem.severity === 'error' ? 'error.main' : 'warning.main',
            mb: 0.5,
          }}
        >
          <ListItemText
            primary={problem.message}
            secondary={`${problem.severity}${problem.nodeId ? ` · ${labelOf(problem.nodeId)}` : ''}${problem.field ? ` · ${problem.field}` : ''}`}
          />
        </ListItemButton>
      ))}
    </List>
  );
}
