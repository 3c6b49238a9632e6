import { useQueries, useQuery } from '@tanstack/react-query';
import { api, fetchAllPages } from '../api';
import { currentLanguage } from '../i18n';
import { textIn } from '../journeys/blueprint-model';
import { journeysKey, versionsKey, type Journey, type Version } from '../journeys/journeys-api';
import { useCurrentOrg } from '../session/current-org';

export interface Choice {
  value: string;
  label: string;
}

/** Published journeys as select options: surveys may only be about what is published. */
export function useJourneyChoices() {
  const { orgId } = useCurrentOrg();
  const language = currentLanguage();
  const journeys = useQuery({ queryKey: journeysKey(orgId), queryFn: () => fetchAllPages<Journey>('/journeys') });
  const list = journeys.data ?? [];
  const choices: Choice[] = list
    .filter((journey) => journey.publishedVersion !== null && journey.archivedAt === null)
    .map((journey) => ({ value: journey.key, label: textIn(journey.name, language, journey.fallbackLocale) || journey.key }));
  return { journeys: list, choices, isPending: journeys.isPending };
}

/** The moments of a journey's latest published version, as select options. */
export function useMomentChoices(journeyKeyValue: string | null | undefined) {
  const { orgId } = useCurrentOrg();
  const language = currentLanguage();
  const { journeys } = useJourneyChoices();
  const journey = journeys.find((candidate) => candidate.key === journeyKeyValue);
  const version = useQuery({
    queryKey: [...versionsKey(orgId, journeyKeyValue ?? ''), 'latest', journey?.publishedVersion],
    queryFn: () => api<Version>(`/journeys/${journeyKeyValue}/versions/${journey!.publishedVersion}`),
    enabled: journey !== undefined && journey.publishedVersion !== null,
    staleTime: Infinity,
  });
  const fallback = version.data?.fallbackLocale ?? 'en';
  const choices: Choice[] = (version.data?.blueprint.moments ?? []).map((moment) => ({ value: moment.key, label: `${textIn(moment.name, language, fallback) || moment.key}` }));
  return { choices, isPending: version.isFetching };
}

/**
 * "Journey · moment" names for `journeyKey/momentKey` pairs, from each published journey's latest
 * version (a moment renamed later shows its current name; an unknown one shows its key).
 */
export function useMomentNames(): (journeyKey: string | null, momentKey: string | null) => string | null {
  const { orgId } = useCurrentOrg();
  const language = currentLanguage();
  const { journeys } = useJourneyChoices();
  const published = journeys.filter((journey) => journey.publishedVersion !== null);
  const versions = useQueries({
    queries: published.map((journey) => ({
      queryKey: [...versionsKey(orgId, journey.key), 'latest', journey.publishedVersion],
      queryFn: () => api<Version>(`/journeys/${journey.key}/versions/${journey.publishedVersion}`),
      staleTime: Infinity,
    })),
  });
  const names = new Map<string, string>();
  published.forEach((journey, index) => {
    const version = versions[index]?.data;
    const journeyName = textIn(journey.name, language, journey.fallbackLocale) || journey.key;
    names.set(journey.key, journeyName);
    for (const moment of version?.blueprint.moments ?? []) {
      names.set(`${journey.key}/${moment.key}`, `${journeyName} · ${textIn(moment.name, language, version!.fallbackLocale) || moment.key}`);
    }
  });
  return (journeyKey, momentKey) => {
    if (!journeyKey) return null;
    const key = momentKey ? `${journeyKey}/${momentKey}` : journeyKey;
    return names.get(key) ?? key;
  };
}
