import { useQuery } from '@tanstack/react-query';
import { api } from '../api';
import { currentLanguage } from '../i18n';
import { textIn } from '../journeys/blueprint-model';
import type { Journey, Version } from '../journeys/journeys-api';
import { orgKey } from '../query-client';
import { useCurrentOrg } from '../session/current-org';

/**
 * A moment by its names in the reader's language ("营业厅 · 柜台办理"), from the journey version the
 * case is tied to (else the published one); the keys while loading or when the journey is gone.
 */
export function MomentLabel({ journeyKey, momentKey, version }: { journeyKey: string | null; momentKey: string | null; version?: number | null }) {
  const { orgId } = useCurrentOrg();
  const language = currentLanguage();
  const journey = useQuery({
    queryKey: orgKey(orgId, 'journeys', journeyKey),
    queryFn: () => api<Journey>(`/journeys/${journeyKey}`),
    enabled: Boolean(journeyKey),
    staleTime: 10 * 60_000,
    retry: false,
  });
  const number = version ?? journey.data?.publishedVersion ?? null;
  const published = useQuery({
    queryKey: orgKey(orgId, 'journeys', journeyKey, 'versions', number),
    queryFn: () => api<Version>(`/journeys/${journeyKey}/versions/${number}`),
    enabled: Boolean(journeyKey && momentKey && number),
    staleTime: Infinity,
    retry: false,
  });
  if (!journeyKey) return null;
  const fallback = journey.data?.fallbackLocale ?? 'en';
  const journeyName = journey.data ? textIn(journey.data.name, language, fallback) : journeyKey;
  const moment = published.data?.blueprint.moments.find((candidate) => candidate.key === momentKey);
  const momentName = moment ? textIn(moment.name, language, published.data?.fallbackLocale ?? fallback) : momentKey;
  return <>{[journeyName || journeyKey, momentName].filter(Boolean).join(' · ')}</>;
}
