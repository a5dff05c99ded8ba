import { Alert, Box } from '@mui/material';
import { useMeQuery } from '../../api/auth';
import { PageHeader } from '../../components/PageHeader';
import { AuditSection } from './AuditSection';
import { ConnectionHostsSection } from './ConnectionHostsSection';
import { EmbedSection } from './EmbedSection';
import { TenantsSection } from './TenantsSection';
import { UsersSection } from './UsersSection';

/**
 * The admin console: tenants (platform admin); users, embed origins and tokens, private hosts and the audit
 * log (tenant admin).
 */
export function AdminPage() {
  const { data: me } = useMeQuery();
  const platform = me?.role === 'platform-admin';
  const admin = platform || me?.role === 'tenant-admin';
  return (
    <>
      <PageHeader title="Admin" />
      {!admin ? (
        <Alert severity="info">Only administrators can use this page.</Alert>
      ) : (
        <Box sx={{ display: 'flex', flexDirection: 'column', gap: 3 }}>
          {platform ? <TenantsSection /> : null}
          <UsersSection />
          <EmbedSection key={me?.tenant.id} />
          <ConnectionHostsSection key={`hosts-${me?.tenant.id}`} />
          <AuditSection key={`audit-${me?.tenant.id}`} />
        </Box>
      )}
    </>
  );
}
