import { List, ListItem, ListItemText } from '@mui/material';
import { errorDetails } from '../../api/base';

export interface PathProblem {
  path: string;
  message: string;
}

/** The problems of a 400 answer, each at its JSON path (`details.issues`). */
export const problemsOf = (error: unknown): PathProblem[] =>
  errorDetails<PathProblem[]>(error, 'issues') ?? [];

/** Each problem of a definition at its JSON path, as the API named it. */
export function ProblemPaths({ problems }: { problems: PathProblem[] }) {
  if (problems.length === 0) return null;
  return (
    <List
      dense
      aria-label="Definition problems"
      sx={{ border: 1, borderColor: 'error.light', borderRadius: 1 }}
    >
      {problems.map((problem) => (
        <ListItem key={`${problem.path} ${problem.message}`}>
          <ListItemText
            primary={problem.path}
            secondary={problem.message}
            slotProps={{ primary: { sx: { fontFamily: 'monospace', fontSize: 13 } } }}
          />
        </ListItem>
      ))}
    </List>
  );
}
