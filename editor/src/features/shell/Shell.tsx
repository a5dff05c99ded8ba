import {
  AppBar,
  Box,
  Drawer,
  List,
  ListItemButton,
  ListItemIcon,
  ListItemText,
  Toolbar,
  Typography,
} from '@mui/material';
import AdminPanelSettings from '@mui/icons-material/AdminPanelSettings';
import BarChart from '@mui/icons-material/BarChart';
import Cable from '@mui/icons-material/Cable';
import Extension from '@mui/icons-material/Extension';
import ErrorOutline from '@mui/icons-material/ErrorOutlineOutlined';
import History from '@mui/icons-material/History';
import Hub from '@mui/icons-material/Hub';
import Search from '@mui/icons-material/Search';
import { Link as RouterLink, Outlet, useLocation } from 'react-router';
import { useMeQuery } from '../../api/auth';
import { UserMenu } from './UserMenu';

const WIDTH = 220;
const NAV = [
  { to: '/integrations', label: 'Integrations', icon: <Hub /> },
  { to: '/connections', label: 'Connections', icon: <Cable /> },
  { to: '/systems', label: 'Systems', icon: <Extension /> },
  { to: '/runs', label: 'Runs', icon: <History /> },
  { to: '/exceptions', label: 'Exceptions', icon: <ErrorOutline /> },
  { to: '/insights', label: 'Insights', icon: <BarChart /> },
  { to: '/records', label: 'Records', icon: <Search /> },
];

/** The app chrome: top bar with the user menu, navigation on the left, the page in the middle. */
export function Shell() {
  const { data: me } = useMeQuery();
  const { pathname } = useLocation();
  const admin = me?.role === 'platform-admin' || me?.role === 'tenant-admin';
  const items = admin ? [...NAV, { to: '/admin', label: 'Admin', icon: <AdminPanelSettings /> }] : NAV;
  return (
    <Box sx={{ display: 'flex', minHeight: '100vh' }}>
      <AppBar position="fixed" sx={{ zIndex: (t) => t.zIndex.drawer + 1 }}>
        <Toolbar>
          <Typography variant="h6" component="div" sx={{ flexGrow: 1, fontWeight: 700 }}>
            iSync
          </Typography>
          <UserMenu />
        </Toolbar>
      </AppBar>
      <Drawer
        variant="permanent"
        sx={{ width: WIDTH, flexShrink: 0, '& .MuiDrawer-paper': { width: WIDTH, boxSizing: 'border-box' } }}
      >
        <Toolbar />
        <nav aria-label="Main">
          <List>
            {items.map((item) => (
              <ListItemButton
                key={item.to}
                component={RouterLink}
                to={item.to}
                selected={pathname.startsWith(item.to)}
              >
                <ListItemIcon>{item.icon}</ListItemIcon>
                <ListItemText primary={item.label} />
              </ListItemButton>
            ))}
          </List>
        </nav>
      </Drawer>
      <Box component="main" sx={{ flexGrow: 1, p: 3, minWidth: 0 }}>
        <Toolbar />
        <Outlet />
      </Box>
    </Box>
  );
}
