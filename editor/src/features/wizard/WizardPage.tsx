import { Box, Button, Chip, Paper, Step, StepButton, Stepper } from '@mui/material';
import { useState } from 'react';
import { Link as RouterLink, useParams } from 'react-router';
import { useIntegrationQuery } from '../../api/integrations';
import type { IntegrationSummary } from '../../api/types';
import { PageHeader } from '../../components/PageHeader';
import { PageState } from '../../components/PageState';
import { draftHeadline } from '../versions/changes';
import { ConnectionStep } from './ConnectionStep';
import { DetailsStep } from './DetailsStep';
import { MappingsStep } from './MappingsStep';
import { ReviewStep } from './ReviewStep';
import { SettingsStep } from './SettingsStep';

const STEPS = ['Details', 'Source', 'Destination', 'Field mappings', 'Schedule & settings', 'Review'];
const ORDER = ['details', 'source', 'destination', 'mappings', 'settings'] as const;

const firstOpen = (integration: IntegrationSummary | undefined) =>
  integration ? (integration.nextStep ? ORDER.indexOf(integration.nextStep) : STEPS.length - 1) : 0;

function Steps({ integration }: { integration?: IntegrationSummary | undefined }) {
  const [active, setActive] = useState(firstOpen(integration));
  const back = () => setActive(active - 1);
  const next = () => setActive(active + 1);
  const done = (index: number) =>
    index < ORDER.length ? Boolean(integration?.wizard[ORDER[index]!]) : false;
  return (
    <>
      <Stepper nonLinear activeStep={active} sx={{ mb: 3 }}>
        {STEPS.map((label, index) => (
          <Step key={label} completed={done(index)}>
            <StepButton onClick={() => setActive(index)} disabled={!integration && index > 0}>
              {label}
            </StepButton>
          </Step>
        ))}
      </Stepper>
      <Paper sx={{ p: 3 }}>
        {active === 0 || !integration ? (
          <DetailsStep integration={integration} onDone={next} />
        ) : active === 1 || active === 2 ? (
          <ConnectionStep
            key={active}
            integration={integration}
            role={active === 1 ? 'source' : 'destination'}
            onBack={back}
            onDone={next}
          />
        ) : active === 3 ? (
          <MappingsStep integration={integration} onBack={back} onDone={next} />
        ) : active === 4 ? (
          <SettingsStep integration={integration} onBack={back} onDone={next} />
        ) : (
          <ReviewStep integration={integration} onBack={back} />
        )}
      </Paper>
    </>
  );
}

/** The five-step wizard (and review) over the integration's flow; every step is saved as the draft. */
export function WizardPage() {
  const { id } = useParams();
  // The steps start from the draft as stored now, not as cached from an earlier page.
  const { data, error, fulfilledTimeStamp } = useIntegrationQuery(id ?? '', {
    skip: !id,
    refetchOnMountOrArgChange: true,
  });
  const [openedAt] = useState(() => Date.now());
  const fresh = (fulfilledTimeStamp ?? 0) >= openedAt;
  return (
    <Box>
      <PageHeader title={data ? `Integration: ${data.title}` : 'New integration'}>
        {data && data.liveVersion !== null ? (
          // Every step saves the draft; what runs changes only when it is published (on Review).
          <Chip
            color={data.draft.differs ? 'warning' : 'success'}
            variant="outlined"
            label={data.draft.differs ? `${draftHeadline(data)}: publish it on Review` : draftHeadline(data)}
          />
        ) : null}
        {id ? (
          <>
            <Button component={RouterLink} to={`/integrations/${id}/versions`}>
              Versions
            </Button>
            <Button component={RouterLink} to={`/integrations/${id}/canvas`}>
              Open the canvas
            </Button>
          </>
        ) : null}
      </PageHeader>
      <PageState loading={Boolean(id) && !fresh && !error} error={error}>
        <Steps key={id ?? 'new'} integration={data} />
      </PageState>
    </Box>
  );
}
