import { Box, Button, Popover, Table, TableBody, TableCell, TableRow, Typography } from '@mui/material';
import Keyboard from '@mui/icons-material/Keyboard';
import { useEffect, useState } from 'react';

export const SHORTCUTS: [keys: string, what: string][] = [
  ['Delete or Backspace', 'Remove the selected node or edge'],
  ['Ctrl+Z', 'Undo (nodes, edges, settings)'],
  ['Ctrl+Y or Ctrl+Shift+Z', 'Redo'],
  ['Escape', 'Close the node settings'],
  ['Shift+drag', 'Select several nodes'],
  ['Enter on a palette item', 'Add that node'],
  ['?', 'Show these shortcuts'],
];

const typing = (target: EventTarget | null) =>
  target instanceof HTMLElement &&
  (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));

/** The canvas's keyboard shortcuts, in a popover opened by its button or by "?". */
export function ShortcutsHelp() {
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const [button, setButton] = useState<HTMLElement | null>(null);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === '?' && !typing(event.target)) setAnchor(button);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [button]);
  return (
    <>
      <Button ref={setButton} startIcon={<Keyboard />} onClick={(e) => setAnchor(e.currentTarget)}>
        Shortcuts
      </Button>
      <Popover
        open={anchor !== null}
        anchorEl={anchor}
        onClose={() => setAnchor(null)}
        anchorOrigin={{ vertical: 'bottom', horizontal: 'left' }}
      >
        <Box sx={{ p: 2 }} role="region" aria-label="Keyboard shortcuts">
          <Typography variant="subtitle2" component="h2">
            Keyboard shortcuts
          </Typography>
          <Table size="small">
            <TableBody>
              {SHORTCUTS.map(([keys, what]) => (
                <TableRow key={keys}>
                  <TableCell sx={{ fontFamily: 'monospace', whiteSpace: 'nowrap' }}>{keys}</TableCell>
                  <TableCell>{what}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Box>
      </Popover>
    </>
  );
}
