import { useEffect } from 'react';
import { useDescribeConnectionQuery } from '../../api/connections';
import { ProjectSelect } from '../../components/ProjectSelect';

interface Props {
  /** The source connection whose projects are listed; none picked yet lists nothing. */
  connectionId: string | null;
  value: string;
  onChange: (project: string) => void;
  error: string;
  help: string;
}

/**
 * The PlanGrid project to sync, when starting an integration: picked from the projects the connection's
 * account reaches, and chosen for the user when there is only one.
 */
export function ProjectField({ connectionId, value, onChange, error, help }: Props) {
  const described = useDescribeConnectionQuery(connectionId ?? '', { skip: !connectionId });
  const projects = described.data?.projects ?? [];
  const only = projects.length === 1 ? projects[0]!.id : null;
  useEffect(() => {
    if (only && value === '') onChange(only);
  }, [only, value, onChange]);
  return (
    <ProjectSelect
      label="Project"
      projects={projects}
      value={value}
      onChange={onChange}
      error={error}
      help={described.isFetching ? 'Reading the projects…' : help}
    />
  );
}
