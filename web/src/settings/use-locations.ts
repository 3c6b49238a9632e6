import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { fetchAllPages, type Location } from '../api';
import { orgKey } from '../query-client';
import { useCurrentOrg } from '../session/current-org';
import { locationPath } from './location-tree-model';

export function locationsKey(orgId: string): unknown[] {
  return orgKey(orgId, 'locations');
}

/** All locations of the organisation: a tree and a scope picker both need the whole set. */
export function useLocations(includeArchived = false) {
  const { orgId } = useCurrentOrg();
  return useQuery({
    queryKey: [...locationsKey(orgId), { includeArchived }],
    queryFn: () => fetchAllPages<Location>('/locations', { includeArchived }),
  });
}

export interface LocationOption {
  value: string;
  label: string;
}

/** Active locations as select options labelled with their full path; sorting by path keeps branches together. */
export function useLocationOptions(): { options: LocationOption[]; labelOf: (id: string | null) => string | null } {
  const { i18n } = useTranslation();
  const { data = [] } = useLocations(true);
  return useMemo(() => {
    const byId = new Map(data.map((location) => [location.locationId, location]));
    const collator = new Intl.Collator(i18n.language);
    const options = data
      .filter((location) => !location.archivedAt)
      .map((location) => ({ value: location.locationId, label: locationPath(location, byId) }))
      .sort((a, b) => collator.compare(a.label, b.label));
    const labelOf = (id: string | null) => {
      const location = id ? byId.get(id) : undefined;
      return location ? locationPath(location, byId) : null;
    };
    return { options, labelOf };
  }, [data, i18n.language]);
}
