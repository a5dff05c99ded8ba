import { Paper, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { useTenantSystemVersionsQuery } from '../../api/tenant-systems';
import { formatTime } from '../../components/format';

/** Every saved version of a system, newest first, with who saved it and when. */
export function SystemVersions({ systemId }: { systemId: string }) {
  const { data } = useTenantSystemVersionsQuery(systemId);
  return (
    <Paper variant="outlined" sx={{ p: 2, mt: 3 }}>
      <Typography variant="h6" component="h2" sx={{ mb: 1 }}>
        Versions
      </Typography>
      <Table size="small" aria-label="Versions">
        <TableHead>
          <TableRow>
            <TableCell>Version</TableCell>
            <TableCell>Name</TableCell>
            <TableCell>Saved by</TableCell>
            <TableCell>Saved</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {(data?.items ?? []).map((version) => (
            <TableRow key={version.id}>
              <TableCell>{version.version}</TableCell>
              <TableCell>
                {version.name} ({version.label})
              </TableCell>
              <TableCell>{version.savedBy?.name ?? '—'}</TableCell>
              <TableCell>{formatTime(version.savedAt)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Paper>
  );
}
