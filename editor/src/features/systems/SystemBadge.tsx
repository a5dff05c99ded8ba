import { Avatar } from '@mui/material';

/** A system's icon: its short label in a small square (a tenant system's own, or PG, NV, MX). */
export function SystemBadge({ label }: { label: string }) {
  return (
    <Avatar
      variant="rounded"
      aria-hidden
      sx={{
        width: 28,
        height: 28,
        fontSize: label.length > 2 ? 10 : 12,
        fontWeight: 700,
        bgcolor: 'secondary.main',
      }}
    >
      {label}
    </Avatar>
  );
}
