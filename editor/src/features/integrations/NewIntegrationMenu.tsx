import { Button, ListItemText, Menu, MenuItem } from '@mui/material';
import Add from '@mui/icons-material/Add';
import { useState } from 'react';
import { Link as RouterLink } from 'react-router';
import { useCan } from '../../app/permissions';

/** New integration: start blank in the wizard, or from a template of the gallery. */
export function NewIntegrationMenu() {
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const canEdit = useCan('integrations:edit');
  if (!canEdit) return null;
  return (
    <>
      <Button
        variant="contained"
        startIcon={<Add />}
        id="new-integration-button"
        aria-haspopup="menu"
        aria-controls={anchor ? 'new-integration-menu' : undefined}
        aria-expanded={anchor ? 'true' : undefined}
        onClick={(e) => setAnchor(e.currentTarget)}
      >
        New integration
      </Button>
      <Menu
        id="new-integration-menu"
        anchorEl={anchor}
        open={Boolean(anchor)}
        onClose={() => setAnchor(null)}
        slotProps={{ list: { 'aria-labelledby': 'new-integration-button' } }}
      >
        <MenuItem component={RouterLink} to="/integrations/new">
          <ListItemText primary="Start blank" secondary="The five-step wizard" />
        </MenuItem>
        <MenuItem component={RouterLink} to="/integrations/templates">
          <ListItemText primary="From a template" secondary="A prebuilt flow: give the connections" />
        </MenuItem>
      </Menu>
    </>
  );
}
