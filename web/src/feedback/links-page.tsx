import { useState } from 'react';
import { ActionIcon, Alert, Badge, Button, CopyButton, EmptyState, Group, Paper, Select, SimpleGrid, Stack, Table, Text, TextInput, Title, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { IconCheck, IconCopy, IconLink, IconMailForward, IconPlus, IconQrcode, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { api, isApiError } from '../api';
import { CenteredLoader } from '../components/centered-loader';
import { ConfirmModal } from '../components/confirm-modal';
import { LoadMoreButton } from '../components/load-more-button';
import { PageHeader } from '../components/page-header';
import { QueryError } from '../components/query-error';
import { useApiError } from '../components/use-api-error';
import { usePagedList } from '../components/use-paged-list';
import { useFormat } from '../format';
import { currentLanguage, LANGUAGE_NAMES, LANGUAGES, matchLanguage } from '../i18n';
import { useCurrentOrg } from '../session/current-org';
import { downloadFile } from '../journeys/journeys-api';
import { useLocationOptions } from '../settings/use-locations';
import { DELIVERY_STATUSES, SURVEY_CHANNELS, deliveriesKey, surveyInvitationsKey, surveyLinksKey, type Delivery, type DeliveryStatus, type Survey, type SurveyInvitation, type SurveyLink } from './feedback-api';
import { FeedbackTabs } from './feedback-tabs';
import { useSurveyRoles, useSurveys } from './surveys-page';
import { textIn } from './survey-model';
import { useJourneyChoices, useMomentChoices, useMomentNames } from './use-journey-choices';

export function LinksPage() {
  const { t } = useTranslation();
  const language = currentLanguage();
  const [search, setSearch] = useSearchParams();
  const surveys = useSurveys();
  const list = surveys.data ?? [];
  const chosen = search.get('survey') ?? list[0]?.key ?? null;
  const survey = list.find((candidate) => candidate.key === chosen);

  return (
    <>
      <PageHeader title={t('feedback.links.title')} description={t('feedback.links.description')} />
      <FeedbackTabs />
      {surveys.isPending && <CenteredLoader />}
      {surveys.isError && <QueryError error={surveys.error} onRetry={() => void surveys.refetch()} />}
      {surveys.data && list.length === 0 && (
        <Paper withBorder p="xl" radius="md">
          <EmptyState icon={<IconLink size={32} stroke={1.5} aria-hidden />} variant="light" title={t('feedback.links.noSurveysTitle')} description={t('feedback.links.noSurveys')} />
        </Paper>
      )}
      {list.length > 0 && (
        <Stack gap="lg">
          <Select
            maw={420}
            label={t('feedback.fields.survey')}
            data={list.map((candidate) => ({ value: candidate.key, label: textIn(candidate.name, language, candidate.fallbackLocale) || candidate.key }))}
            value={chosen}
            allowDeselect={false}
            searchable
            onChange={(value) => value && setSearch({ survey: value })}
            data-testid="links-survey"
          />
          {survey && <AnonymousLinks key={survey.key} survey={survey} />}
          {survey && <DeliveryLog key={`deliveries-${survey.key}`} survey={survey} />}
          {survey && <InvitationLog key={`log-${survey.key}`} survey={survey} />}
        </Stack>
      )}
    </>
  );
}

function AnonymousLinks({ survey }: { survey: Survey }) {
  const { t } = useTranslation();
  const { orgId } = useCurrentOrg();
  const { canEdit } = useSurveyRoles();
  const format = useFormat();
  const queryClient = useQueryClient();
  const handleError = useApiError();
  const locations = useLocationOptions();
  const momentName = useMomentNames();
  const links = usePagedList<SurveyLink>(surveyLinksKey(orgId, survey.key), `/surveys/${survey.key}/links`);
  const [revoking, setRevoking] = useState<SurveyLink | null>(null);
  const [busy, setBusy] = useState(false);

  const revoke = async () => {
    if (!revoking) return;
    setBusy(true);
    try {
      await api(`/surveys/${survey.key}/links/${revoking.linkId}`, { method: 'DELETE' });
      await queryClient.invalidateQueries({ queryKey: surveyLinksKey(orgId, survey.key) });
      setRevoking(null);
    } catch (error) {
      handleError(error);
    } finally {
      setBusy(false);
    }
  };

  const list = links.data ?? [];
  return (
    <section aria-labelledby="anonymous-links-title">
      <Title order={2} size="h3" id="anonymous-links-title" mb={4}>
        {t('feedback.links.anonymousTitle')}
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        {t('feedback.links.anonymousDescription')}
      </Text>
      {survey.publishedVersion === null && (
        <Alert color="yellow" mb="md">
          {t('feedback.links.notPublished')}
        </Alert>
      )}
      {canEdit && survey.publishedVersion !== null && <CreateLinkForm survey={survey} />}
      {links.isPending && <CenteredLoader />}
      {links.isError && <QueryError error={links.error} onRetry={() => void links.refetch()} />}
      {links.data && list.length === 0 && (
        <Text size="sm" c="dimmed" mt="sm">
          {t('feedback.links.noLinks')}
        </Text>
      )}
      {list.length > 0 && (
        <Paper withBorder radius="md" mt="md">
          <Table.ScrollContainer minWidth={760}>
            <Table verticalSpacing="sm" aria-label={t('feedback.links.anonymousTitle')} data-testid="links-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('feedback.links.label')}</Table.Th>
                  <Table.Th>{t('feedback.fields.channel')}</Table.Th>
                  <Table.Th>{t('feedback.links.context')}</Table.Th>
                  <Table.Th>{t('feedback.links.expires')}</Table.Th>
                  <Table.Th>{t('feedback.links.link')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.map((link) => {
                  const expired = link.expiresAt !== null && new Date(link.expiresAt) < new Date();
                  const language = matchLanguage(link.locale);
                  return (
                    <Table.Tr key={link.linkId}>
                      <Table.Td>
                        <Text size="sm" fw={600}>
                          {link.label ?? '—'}
                        </Text>
                        {link.revokedAt && <Badge color="red" variant="light">{t('feedback.links.revoked')}</Badge>}
                        {!link.revokedAt && expired && <Badge color="gray" variant="light">{t('feedback.links.expired')}</Badge>}
                      </Table.Td>
                      <Table.Td>{t(`feedback.channels.${link.channel}`)}</Table.Td>
                      <Table.Td>
                        <Text size="sm">{locations.labelOf(link.locationId) ?? t('feedback.links.anyLocation')}</Text>
                        <Text size="xs" c="dimmed">
                          {momentName(link.journeyKey, link.momentKey) ?? ''}
                          {language ? ` · ${LANGUAGE_NAMES[language]}` : ''}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{link.expiresAt ? format.date(link.expiresAt) : t('feedback.links.untilRevoked')}</Text>
                      </Table.Td>
                      <Table.Td>
                        <Group gap={4} wrap="nowrap">
                          <TextInput size="xs" readOnly value={link.url} aria-label={t('feedback.links.urlOf', { label: link.label ?? link.linkId })} w={220} onFocus={(event) => event.currentTarget.select()} classNames={{ input: 'km-code' }} />
                          <CopyButton value={link.url}>
                            {({ copied, copy }) => (
                              <Tooltip label={copied ? t('common.copied') : t('feedback.links.copy')}>
                                <ActionIcon variant="light" color={copied ? 'green' : 'blue'} onClick={copy} aria-label={t('feedback.links.copy')} data-testid="copy-link">
                                  {copied ? <IconCheck size={16} aria-hidden /> : <IconCopy size={16} aria-hidden />}
                                </ActionIcon>
                              </Tooltip>
                            )}
                          </CopyButton>
                          {!link.revokedAt && (
                            <Tooltip label={t('feedback.links.qr')}>
                              <ActionIcon
                                variant="subtle"
                                onClick={() => void downloadFile(`/surveys/${survey.key}/links/${link.linkId}/qr?format=svg`, `qr-${link.linkId}.svg`).catch(handleError)}
                                aria-label={t('feedback.links.qr')}
                              >
                                <IconQrcode size={16} aria-hidden />
                              </ActionIcon>
                            </Tooltip>
                          )}
                          {canEdit && !link.revokedAt && (
                            <ActionIcon variant="subtle" color="red" onClick={() => setRevoking(link)} aria-label={t('feedback.links.revoke')}>
                              <IconTrash size={16} aria-hidden />
                            </ActionIcon>
                          )}
                        </Group>
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      )}
      <LoadMoreButton hasNextPage={links.hasNextPage} isFetchingNextPage={links.isFetchingNextPage} onLoadMore={() => void links.fetchNextPage()} />
      <ConfirmModal
        opened={revoking !== null}
        title={t('feedback.links.revokeTitle')}
        message={t('feedback.links.revokeMessage')}
        confirmLabel={t('feedback.links.revoke')}
        loading={busy}
        onConfirm={() => void revoke()}
        onClose={() => setRevoking(null)}
      />
    </section>
  );
}

function CreateLinkForm({ survey }: { survey: Survey }) {
  const { t } = useTranslation();
  const { orgId } = useCurrentOrg();
  const queryClient = useQueryClient();
  const locations = useLocationOptions();
  const journeys = useJourneyChoices();
  const [label, setLabel] = useState('');
  const [channel, setChannel] = useState<string>('web');
  const [locationId, setLocationId] = useState<string | null>(null);
  const [journeyKey, setJourneyKey] = useState<string | null>(null);
  const [momentKey, setMomentKey] = useState<string | null>(null);
  const [locale, setLocale] = useState<string | null>(null);
  const [expires, setExpires] = useState('');
  const [error, setError] = useState<{ field?: string; message: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const moments = useMomentChoices(journeyKey);
  const errorFor = (field: string) => (error?.field === field ? error.message : undefined);

  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      const expiresAt = /^\d{4}-\d{2}-\d{2}$/.test(expires) ? new Date(`${expires}T23:59:59`).toISOString() : undefined;
      await api<SurveyLink>(`/surveys/${survey.key}/links`, {
        method: 'POST',
        body: {
          ...(label.trim() ? { label: label.trim() } : {}),
          channel,
          ...(locationId ? { locationId } : {}),
          ...(journeyKey ? { journeyKey } : {}),
          ...(momentKey ? { momentKey } : {}),
          ...(locale ? { locale } : {}),
          ...(expiresAt ? { expiresAt } : {}),
        },
      });
      await queryClient.invalidateQueries({ queryKey: surveyLinksKey(orgId, survey.key) });
      notifications.show({ color: 'green', message: t('feedback.links.created') });
      setLabel('');
    } catch (failure) {
      setError(isApiError(failure) ? { ...(failure.field ? { field: failure.field.replace(/^body\./, '') } : {}), message: failure.message } : { message: t('errors.unexpected') });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Paper withBorder radius="md" p="md">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
        aria-label={t('feedback.links.createTitle')}
      >
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="sm">
          <TextInput label={t('feedback.links.label')} placeholder={t('feedback.links.labelPlaceholder')} value={label} maxLength={200} onChange={(event) => setLabel(event.currentTarget.value)} error={errorFor('label')} />
          <Select label={t('feedback.fields.channel')} data={SURVEY_CHANNELS.map((value) => ({ value, label: t(`feedback.channels.${value}`) }))} value={channel} allowDeselect={false} onChange={(value) => value && setChannel(value)} error={errorFor('channel')} />
          <Select label={t('feedback.fields.location')} placeholder={t('feedback.links.anyLocation')} data={locations.options} value={locationId} clearable searchable onChange={setLocationId} error={errorFor('locationId') ?? errorFor('locationCode')} />
          <Select label={t('feedback.links.language')} placeholder={t('feedback.links.respondentLanguage')} data={LANGUAGES.map((value) => ({ value, label: LANGUAGE_NAMES[value] }))} value={locale} clearable onChange={setLocale} error={errorFor('locale')} />
          <Select
            label={t('feedback.fields.journey')}
            data={journeys.choices}
            value={journeyKey}
            clearable
            searchable
            onChange={(value) => {
              setJourneyKey(value);
              setMomentKey(null);
            }}
            error={errorFor('journeyKey')}
          />
          <Select label={t('feedback.fields.moment')} data={moments.choices} value={momentKey} clearable searchable disabled={!journeyKey} onChange={setMomentKey} error={errorFor('momentKey')} />
          <TextInput type="date" label={t('feedback.links.expiry')} description={t('feedback.links.expiryHint')} value={expires} onChange={(event) => setExpires(event.currentTarget.value)} error={errorFor('expiresAt')} />
          <Group align="flex-end">
            <Button type="submit" loading={busy} leftSection={<IconPlus size={16} aria-hidden />}>
              {t('feedback.links.create')}
            </Button>
          </Group>
        </SimpleGrid>
        {error && !error.field && (
          <Alert color="red" mt="sm" role="alert">
            {error.message}
          </Alert>
        )}
        {error?.field && !['label', 'channel', 'locationId', 'locationCode', 'locale', 'journeyKey', 'momentKey', 'expiresAt'].includes(error.field) && (
          <Alert color="red" mt="sm" role="alert">
            {error.message}
          </Alert>
        )}
      </form>
    </Paper>
  );
}

function InvitationLog({ survey }: { survey: Survey }) {
  const { t } = useTranslation();
  const { orgId } = useCurrentOrg();
  const format = useFormat();
  const locations = useLocationOptions();
  const momentName = useMomentNames();
  const invitations = usePagedList<SurveyInvitation>(surveyInvitationsKey(orgId, survey.key), `/surveys/${survey.key}/invitations`);
  const list = invitations.data ?? [];
  const now = new Date();
  return (
    <section aria-labelledby="invitation-log-title">
      <Title order={2} size="h3" id="invitation-log-title" mb={4}>
        {t('feedback.invitations.title')}
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        {t('feedback.invitations.description')}
      </Text>
      {invitations.isPending && <CenteredLoader />}
      {invitations.isError && <QueryError error={invitations.error} onRetry={() => void invitations.refetch()} />}
      {invitations.data && list.length === 0 && (
        <Paper withBorder p="xl" radius="md">
          <EmptyState icon={<IconMailForward size={32} stroke={1.5} aria-hidden />} variant="light" title={t('feedback.invitations.emptyTitle')} description={t('feedback.invitations.empty')} />
        </Paper>
      )}
      {list.length > 0 && (
        <Paper withBorder radius="md">
          <Table.ScrollContainer minWidth={760}>
            <Table verticalSpacing="xs" aria-label={t('feedback.invitations.title')} data-testid="invitations-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('feedback.invitations.created')}</Table.Th>
                  <Table.Th>{t('feedback.invitations.status')}</Table.Th>
                  <Table.Th>{t('feedback.fields.channel')}</Table.Th>
                  <Table.Th>{t('feedback.links.context')}</Table.Th>
                  <Table.Th>{t('feedback.links.expires')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.map((invitation) => {
                  const status = invitation.submittedAt ? 'answered' : new Date(invitation.expiresAt) < now ? 'expired' : 'open';
                  const language = matchLanguage(invitation.locale);
                  return (
                    <Table.Tr key={invitation.invitationId}>
                      <Table.Td>
                        <Text size="sm">{format.dateTime(invitation.createdAt)}</Text>
                        {invitation.externalId && (
                          <Text size="xs" c="dimmed" className="km-code">
                            {invitation.externalId}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>
                        <Badge variant="light" color={status === 'answered' ? 'green' : status === 'expired' ? 'gray' : 'blue'}>
                          {t(`feedback.invitations.statuses.${status}`)}
                        </Badge>
                        {invitation.submittedAt && (
                          <Text size="xs" c="dimmed">
                            {format.dateTime(invitation.submittedAt)}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>
                        {t(`feedback.channels.${invitation.channel}`)}
                        {language ? ` · ${LANGUAGE_NAMES[language]}` : ''}
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{locations.labelOf(invitation.context.locationId) ?? '—'}</Text>
                        <Text size="xs" c="dimmed">
                          {momentName(invitation.context.journeyKey, invitation.context.momentKey) ?? ''}
                          {invitation.context.staffId ? ` · ${invitation.context.staffId}` : ''}
                        </Text>
                      </Table.Td>
                      <Table.Td>{format.date(invitation.expiresAt)}</Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      )}
      <LoadMoreButton hasNextPage={invitations.hasNextPage} isFetchingNextPage={invitations.isFetchingNextPage} onLoadMore={() => void invitations.fetchNextPage()} />
    </section>
  );
}

const STATUS_COLORS: Record<DeliveryStatus, string> = { queued: 'gray', sent: 'blue', delivered: 'cyan', opened: 'violet', answered: 'green', failed: 'red', suppressed: 'orange' };

/** What the triggers did: every invitation scheduled, sent, delivered, opened, answered, failed or suppressed (with why). */
function DeliveryLog({ survey }: { survey: Survey }) {
  const { t } = useTranslation();
  const { orgId } = useCurrentOrg();
  const format = useFormat();
  const locations = useLocationOptions();
  const [status, setStatus] = useState<string | null>(null);
  const query = { surveyKey: survey.key, status: status ?? undefined };
  const deliveries = usePagedList<Delivery>([...deliveriesKey(orgId), query], '/survey-invitations', query);
  const list = deliveries.data ?? [];
  return (
    <section aria-labelledby="delivery-log-title">
      <Group justify="space-between" align="flex-end" mb="sm">
        <div>
          <Title order={2} size="h3" id="delivery-log-title" mb={4}>
            {t('feedback.deliveries.title')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('feedback.deliveries.description')}
          </Text>
        </div>
        <Select
          w={200}
          size="xs"
          label={t('feedback.invitations.status')}
          data={DELIVERY_STATUSES.map((value) => ({ value, label: t(`feedback.deliveries.statuses.${value}`) }))}
          value={status}
          clearable
          onChange={setStatus}
        />
      </Group>
      {deliveries.isPending && <CenteredLoader />}
      {deliveries.isError && <QueryError error={deliveries.error} onRetry={() => void deliveries.refetch()} />}
      {deliveries.data && list.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('feedback.deliveries.empty')}
        </Text>
      )}
      {list.length > 0 && (
        <Paper withBorder radius="md">
          <Table.ScrollContainer minWidth={760}>
            <Table verticalSpacing="xs" aria-label={t('feedback.deliveries.title')} data-testid="deliveries-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('feedback.deliveries.sendAt')}</Table.Th>
                  <Table.Th>{t('feedback.invitations.status')}</Table.Th>
                  <Table.Th>{t('feedback.deliveries.trigger')}</Table.Th>
                  <Table.Th>{t('feedback.responses.customer')}</Table.Th>
                  <Table.Th>{t('feedback.fields.location')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.map((delivery) => (
                  <Table.Tr key={delivery.deliveryId}>
                    <Table.Td>{format.dateTime(delivery.sendAt)}</Table.Td>
                    <Table.Td>
                      <Badge variant="light" color={STATUS_COLORS[delivery.status]}>
                        {t(`feedback.deliveries.statuses.${delivery.status}`)}
                      </Badge>
                      {delivery.reason && (
                        <Text size="xs" c="dimmed">
                          {t(`feedback.deliveries.reasons.${delivery.reason}`)}
                        </Text>
                      )}
                      {delivery.lastError && (
                        <Text size="xs" c="red" lineClamp={2}>
                          {delivery.lastError}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{delivery.triggerName}</Text>
                      <Text size="xs" c="dimmed">
                        {t(`feedback.triggers.channels.${delivery.channel}`)}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" className="km-code">
                        {delivery.customer.externalId}
                      </Text>
                      {delivery.recipient && (
                        <Text size="xs" c="dimmed">
                          {delivery.recipient}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>{locations.labelOf(delivery.locationId) ?? '—'}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      )}
      <LoadMoreButton hasNextPage={deliveries.hasNextPage} isFetchingNextPage={deliveries.isFetchingNextPage} onLoadMore={() => void deliveries.fetchNextPage()} />
    </section>
  );
}
