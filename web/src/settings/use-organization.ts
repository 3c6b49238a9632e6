import { useQuery } from '@tanstack/react-query';
import { api, type Organization } from '../api';
import { orgKey } from '../query-client';
import { useCurrentOrg } from '../session/current-org';

export function useOrganization() {
  const { orgId } = useCurrentOrg();
  return useQuery({ queryKey: orgKey(orgId, 'organization'), queryFn: () => api<Organization>('/org') });
}
