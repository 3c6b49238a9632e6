import { useState } from 'react';
import { Alert, Badge, Button, Card, EmptyState, Group, List, Select, Stack, Text, Title } from '@mantine/core';
import { IconCheck } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { CenteredLoader } from '../components/centered-loader';
import { PageHeader } from '../components/page-header';
import { QueryError } from '../components/query-error';
import { describeApiError } from '../components/use-api-error';
import { useJourneyChoices } from '../feedback/use-journey-choices';
import { currentLanguage } from '../i18n';
import { useCurrentOrg } from '../session/current-org';
import { coachingKey, type CardSet, type LearningCard } from './coaching-api';
import { CoachingTabs } from './coaching-tabs';

/** Learning cards of a journey, one column wide so they read on a phone, each with "I have read it". */
export function CardsPage() {
  const { t } = useTranslation();
  const { choices, isPending } = useJourneyChoices();
  const [journeyKey, setJourneyKey] = useState<string | null>(null);
  const chosen = journeyKey ?? choices[0]?.value ?? null;
  return (
    <>
      <PageHeader title={t('nav.coaching')} />
      <CoachingTabs />
      <Stack gap="md" maw={640}>
        <Select label={t('coaching.common.journey')} data={choices} value={chosen} onChange={setJourneyKey} allowDeselect={false} disabled={isPending} />
        {chosen ? <CardList journeyKey={chosen} /> : !isPending && <EmptyState variant="light" title={t('coaching.common.noJourney')} />}
      </Stack>
    </>
  );
}

function CardList({ journeyKey }: { journeyKey: string }) {
  const { orgId } = useCurrentOrg();
  const locale = currentLanguage();
  const cards = useQuery({ queryKey: coachingKey(orgId, 'cards', journeyKey, locale), queryFn: () => api<CardSet>('/coaching/cards', { query: { journeyKey, locale } }) });
  if (cards.isPending) return <CenteredLoader />;
  if (cards.isError) return <QueryError error={cards.error} onRetry={() => void cards.refetch()} />;
  return (
    <Stack gap="md">
      {cards.data.cards.map((card) => (
        <CardView key={card.momentKey} card={card} />
      ))}
    </Stack>
  );
}

function CardView({ card }: { card: LearningCard }) {
  const { t } = useTranslation();
  const { orgId } = useCurrentOrg();
  const queryClient = useQueryClient();
  const read = useMutation({
    mutationFn: () => api(`/coaching/cards/${card.journeyKey}/${card.momentKey}/read`, { method: 'POST' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: coachingKey(orgId, 'cards') }),
  });
  const section = (title: string, items: string[]) =>
    items.length > 0 && (
      <div>
        <Text fw={600} size="sm">
          {title}
        </Text>
        <List size="sm" spacing={2}>
          {items.map((item, index) => (
            <List.Item key={index}>{item}</List.Item>
          ))}
        </List>
      </div>
    );
  return (
    <Card withBorder padding="md" component="article" aria-labelledby={`card-${card.momentKey}`}>
      <Stack gap="sm">
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <Title order={3} size="h4" id={`card-${card.momentKey}`}>
            {card.order}. {card.name}
          </Title>
          {card.readAt && (
            <Badge color="green" variant="light" leftSection={<IconCheck size={12} aria-hidden />}>
              {t('coaching.cards.read')}
            </Badge>
          )}
        </Group>
        {card.description && <Text size="sm">{card.description}</Text>}
        {card.responsibleRole && (
          <Text size="sm" c="dimmed">
            {t('coaching.cards.responsible', { role: card.responsibleRole })}
          </Text>
        )}
        {section(t('coaching.cards.coreNeeds'), card.coreNeeds)}
        {section(t('coaching.cards.keyPoints'), card.keyPoints)}
        {card.actionGuide.length > 0 && (
          <div>
            <Text fw={600} size="sm">
              {t('coaching.cards.actionGuide')}
            </Text>
            <List type="ordered" size="sm" spacing={2}>
              {card.actionGuide.map((step) => (
                <List.Item key={step.number}>
                  {step.title}
                  {step.detail && (
                    <Text size="xs" c="dimmed">
                      {step.detail}
                    </Text>
                  )}
                </List.Item>
              ))}
            </List>
          </div>
        )}
        {section(t('coaching.cards.say'), card.phrases.use)}
        {section(t('coaching.cards.neverSay'), card.phrases.avoid)}
        {read.isError && <Alert color="red">{describeApiError(read.error, t)}</Alert>}
        {!card.readAt && (
          <Button onClick={() => read.mutate()} loading={read.isPending} fullWidth>
            {t('coaching.cards.markRead')}
          </Button>
        )}
      </Stack>
    </Card>
  );
}
