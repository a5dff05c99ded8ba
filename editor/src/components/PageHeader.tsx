import { Box, Typography } from '@mui/material';
import type { ReactNode } from 'react';

/**
 * A page's title and actions. `sticky` keeps them under the app bar while a long form scrolls, so its
 * save button stays in reach on a laptop screen.
 */
export function PageHeader({
  title,
  children,
  sticky = false,
}: {
  title: ReactNode;
  children?: ReactNode;
  sticky?: boolean;
}) {
  return (
    <Box
      sx={{
        display: 'flex',
        alignItems: 'center',
        gap: 2,
        mb: 2,
        flexWrap: 'wrap',
        ...(sticky && {
          position: 'sticky',
          // Under the fixed app bar (the Toolbar's heights).
          top: { xs: 56, sm: 64 },
          zIndex: (t) => t.zIndex.appBar - 1,
          bgcolor: 'background.default',
          py: 1,
        }),
      }}
    >
      <Typography variant="h5" component="h1" sx={{ flexGrow: 1 }}>
        {title}
      </Typography>
      {children}
    </Box>
  );
}
