import { Box, Button, Card, CardActions, CardContent, Chip, Typography } from '@mui/material';
import { Link as RouterLink } from 'react-router';
import { useTemplatesQuery } from '../../api/templates';
import { FlowPicture } from '../../components/flow-diagram/FlowPicture';
import { PageHeader } from '../../components/PageHeader';
import { PageState } from '../../components/PageState';
import { SYSTEM_LABEL } from '../connections/ConnectionForm';

const systemLabel = (system: string) => SYSTEM_LABEL[system as keyof typeof SYSTEM_LABEL] ?? system;

/** The template gallery: each prebuilt flow with a picture of its nodes, to start an integration from. */
export function TemplateGalleryPage() {
  const { data, isLoading, error } = useTemplatesQuery();
  const items = data?.items ?? [];
  return (
    <>
      <PageHeader title="Start from a template">
        <Button component={RouterLink} to="/integrations/new">
          Start blank instead
        </Button>
      </PageHeader>
      <PageState
        loading={isLoading}
        error={error}
        empty={items.length === 0}
        emptyText="No templates are installed: start blank instead."
      >
        <Box
          component="ul"
          aria-label="Templates"
          sx={{
            listStyle: 'none',
            p: 0,
            m: 0,
            display: 'grid',
            gap: 2,
            gridTemplateColumns: 'repeat(auto-fill, minmax(380px, 1fr))',
          }}
        >
          {items.map((template) => (
            <Card component="li" key={template.id} aria-labelledby={`template-${template.id}`}>
              <CardContent sx={{ display: 'flex', flexDirection: 'column', gap: 1.5 }}>
                <Typography variant="h6" component="h2" id={`template-${template.id}`}>
                  {template.title}
                </Typography>
                <Box sx={{ display: 'flex', gap: 1 }}>
                  <Chip size="small" label={`From ${systemLabel(template.systems.source)}`} />
                  <Chip size="small" label={`To ${systemLabel(template.systems.destination)}`} />
                </Box>
                <FlowPicture nodes={template.nodes} title={`The flow of ${template.title}`} />
                <Typography variant="body2" color="text.secondary">
                  {template.description}
                </Typography>
              </CardContent>
              <CardActions>
                <Button
                  variant="contained"
                  component={RouterLink}
                  to={`/integrations/templates/${template.id}`}
                  aria-label={`Use ${template.title}`}
                >
                  Use this template
                </Button>
              </CardActions>
            </Card>
          ))}
        </Box>
      </PageState>
    </>
  );
}
