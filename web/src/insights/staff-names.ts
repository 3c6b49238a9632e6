import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api } from '../api';
import { coachingKey } from '../coaching/coaching-api';
import type { StaffMember } from '../coaching/team/engagement-api';
import { useCurrentOrg } from '../session/current-org';

const NO_NAMES: ReadonlyMap<string, string> = new Map();

/**
 * Staff ids → display names from the coaching staff directory. The server's insights room knows
 * staff only by id (coaching depends on insights, not the other way round), so the page composes the
 * two. A reader who may not read the directory, or a failed request, simply gets no names: callers
 * fall back to the id (see staffDisplayName).
 */
export function useStaffNames(enabled = true): ReadonlyMap<string, string> {
  const { orgId } = useCurrentOrg();
  // The same key as the coaching pages, so a name changed there shows here without a reload.
  const staff = useQuery({
    queryKey: coachingKey(orgId, 'staff'),
    queryFn: () => api<{ items: StaffMember[] }>('/coaching/staff'),
    retry: false,
    enabled,
  });
  return useMemo(() => (staff.data ? new Map(staff.data.items.map((member) => [member.staffId, member.name])) : NO_NAMES), [staff.data]);
}
