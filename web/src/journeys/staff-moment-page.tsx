import { Anchor, Badge, Box, Button, Container, Group, List, Paper, SimpleGrid, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { IconArrowLeft, IconArrowRight, IconFlag, IconKey, IconStarFilled, IconTarget, IconUser } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { api } from '../api';
import { CenteredLoader } from '../components/centered-loader';
import { QueryError } from '../components/query-error';
import { currentLanguage, type Language } from '../i18n';
import { orgKey } from '../query-client';
import { useCurrentOrg } from '../session/current-org';
import { textIn } from './blueprint-model';
import type { Journey, LocalisedEffective, Version } from './journeys-api';
import { metricName, stageName, targetValue } from './labels';
import classes from './staff-moment-page.module.css';

type StaffBlueprint = Pick<LocalisedEffective, 'version' | 'stages' | 'moments' | 'purposes'>;

/** The published blueprint in one language: the effective one of a location, else the central one. */
async function loadBlueprint(key: string, location: string | null, language: Language): Promise<{ journey: Journey; blueprint: StaffBlueprint }> {
  const journey = await api<Journey>(`/journeys/${key}`);
  if (location) {
    const effective = await api<LocalisedEffective>(`/journeys/${key}/effective/${location}`, { query: { locale: language } });
    return { journey, blueprint: effective };
  }
  if (journey.publishedVersion === null) return { journey, blueprint: { version: 0, stages: [], moments: [], purposes: [] } };
  const version = await api<Version>(`/journeys/${key}/versions/${journey.publishedVersion}`);
  const fallback = version.fallbackLocale;
  const text = (value: Parameters<typeof textIn>[0]) => textIn(value, language, fallback);
  return {
    journey,
    blueprint: {
      version: version.version,
      stages: version.blueprint.stages.map((stage) => ({ key: stage.key, kind: stage.kind, displayName: text(stage.name) })),
      moments: version.blueprint.moments.map(({ description, responsibleRole, ...moment }, i) => ({
        ...moment,
        origin: 'central',
        order: i + 1,
        name: text(moment.name),
        ...(description ? { description: text(description) } : {}),
        coreNeeds: moment.coreNeeds.map(text),
        keyPoints: moment.keyPoints.map(text),
        actionGuide: moment.actionGuide.map((step) => ({ title: text(step.title), ...(step.detail ? { detail: text(step.detail) } : {}) })),
        ...(responsibleRole ? { responsibleRole: text(responsibleRole) } : {}),
        implementationNotes: moment.implementationNotes.map(text),
        benchmarks: moment.benchmarks.map(({ customName, ...benchmark }) => ({ ...benchmark, ...(customName ? { customName: text(customName) } : {}), baseValue: benchmark.value, adjustedBy: null })),
      })),
      purposes: version.blueprint.purposes.map((purpose) => ({ key: purpose.key, name: text(purpose.name), peakMomentKeys: purpose.peakMomentKeys })),
    },
  };
}

/**
 * One moment for frontline staff, on a phone: what the customer needs, the key points and the
 * numbered action guide, who is responsible and the targets, in large type. Read-only.
 */
export function StaffMomentPage() {
  const { key = '', momentKey = '' } = useParams();
  const [search] = useSearchParams();
  const location = search.get('location');
  const { t } = useTranslation();
  const { orgId } = useCurrentOrg();
  const language = currentLanguage();
  const data = useQuery({
    queryKey: orgKey(orgId, 'journeys', key, 'staff', location, language),
    queryFn: () => loadBlueprint(key, location, language),
  });
  const moments = data.data?.blueprint.moments ?? [];
  const index = moments.findIndex((moment) => moment.key === momentKey);
  const moment = index === -1 ? undefined : moments[index];
  useDocumentTitle(moment ? `${moment.name} · Keymoment` : 'Keymoment');

  if (data.isPending) return <CenteredLoader />;
  if (data.isError) return <QueryError error={data.error} onRetry={() => void data.refetch()} />;
  const { journey, blueprint } = data.data;
  const journeyName = textIn(journey.name, language, journey.fallbackLocale);
  if (!moment) {
    return (
      <Container size="sm" px={0}>
        <Paper withBorder p="lg" radius="md">
          <Text size="lg">{t('journeys.staff.notFound')}</Text>
          <Anchor component={Link} to={`/journeys/${key}`} mt="md" display="block">
            {journeyName}
          </Anchor>
        </Paper>
      </Container>
    );
  }
  const stage = blueprint.stages.find((candidate) => candidate.key === moment.stageKey);
  const stageLabel = stage ? stage.displayName || stageName({ key: stage.key, kind: stage.kind }, language, journey.fallbackLocale, t) : '';
  const query = location ? `?location=${encodeURIComponent(location)}` : '';
  const peakFor = blueprint.purposes.filter((purpose) => purpose.peakMomentKeys.includes(moment.key));
  const previous = moments[index - 1];
  const next = moments[index + 1];

  return (
    <Container size="sm" px={0} className={classes.page} lang={language}>
      <Stack gap="lg">
        <Box>
          <Text size="sm" c="dimmed" className={classes.overline}>
            {journeyName} · {stageLabel}
          </Text>
          <Group gap="sm" wrap="nowrap" align="flex-start" mt={4}>
            <ThemeIcon size={40} radius="xl" color="dark" className={classes.order} aria-hidden>
              <Text fw={700} size="lg">
                {moment.order}
              </Text>
            </ThemeIcon>
            <Title order={1} className={classes.title}>
              {moment.name}
            </Title>
          </Group>
          <Group gap={6} mt="sm">
            {moment.flags.includes('peak') && (
              <Badge size="lg" color="orange" leftSection={<IconStarFilled size={14} aria-hidden />}>
                {t('journeys.flags.peak')}
              </Badge>
            )}
            {moment.flags.includes('end') && (
              <Badge size="lg" color="grape" leftSection={<IconFlag size={14} aria-hidden />}>
                {t('journeys.flags.end')}
              </Badge>
            )}
            {moment.flags.includes('key') && (
              <Badge size="lg" color="blue" leftSection={<IconKey size={14} aria-hidden />}>
                {t('journeys.flags.key')}
              </Badge>
            )}
          </Group>
          {peakFor.length > 0 && (
            <Text size="md" mt="sm" className={classes.body} data-testid="staff-peak-for">
              <IconStarFilled size={14} aria-hidden style={{ color: 'var(--mantine-color-orange-6)', marginInlineEnd: 6 }} />
              {t('journeys.staff.peakFor', { purposes: peakFor.map((purpose) => purpose.name).join(' · ') })}
            </Text>
          )}
          {moment.description && (
            <Text size="lg" mt="sm" className={classes.body}>
              {moment.description}
            </Text>
          )}
        </Box>

        {moment.coreNeeds.length > 0 && (
          <Paper withBorder radius="md" p="md" component="section" aria-labelledby="staff-needs">
            <Title order={2} id="staff-needs" className={classes.heading}>
              {t('journeys.fields.coreNeeds')}
            </Title>
            <List size="lg" spacing="xs" mt="xs" className={classes.body}>
              {moment.coreNeeds.map((need, i) => (
                <List.Item key={i}>{need}</List.Item>
              ))}
            </List>
          </Paper>
        )}

        {moment.keyPoints.length > 0 && (
          <Paper withBorder radius="md" p="md" component="section" aria-labelledby="staff-points">
            <Title order={2} id="staff-points" className={classes.heading}>
              {t('journeys.fields.keyPoints')}
            </Title>
            <Group gap="xs" mt="xs">
              {moment.keyPoints.map((point, i) => (
                <Badge key={i} size="xl" variant="light" radius="sm" className={classes.point}>
                  {point}
                </Badge>
              ))}
            </Group>
          </Paper>
        )}

        {moment.actionGuide.length > 0 && (
          <Paper withBorder radius="md" p="md" component="section" aria-labelledby="staff-guide">
            <Title order={2} id="staff-guide" className={classes.heading}>
              {t('journeys.fields.actionGuide')}
            </Title>
            <ol className={classes.steps}>
              {moment.actionGuide.map((step, i) => (
                <li key={i} className={classes.step}>
                  <span className={classes.stepNumber} aria-hidden>
                    {i + 1}
                  </span>
                  <div>
                    <Text fw={700} className={classes.stepTitle}>
                      {step.title}
                    </Text>
                    {step.detail && <Text className={classes.body}>{step.detail}</Text>}
                  </div>
                </li>
              ))}
            </ol>
          </Paper>
        )}

        {(moment.responsibleRole || moment.benchmarks.length > 0) && (
          <Paper withBorder radius="md" p="md" component="section" aria-labelledby="staff-targets">
            <Title order={2} id="staff-targets" className={classes.heading}>
              {t('journeys.staff.ownerAndTargets')}
            </Title>
            {moment.responsibleRole && (
              <Group gap="xs" mt="xs" wrap="nowrap" align="flex-start">
                <IconUser size={22} aria-hidden />
                <Text size="lg" className={classes.body}>
                  <Text span fw={700}>
                    {t('journeys.fields.responsibleRole')}:
                  </Text>{' '}
                  {moment.responsibleRole}
                </Text>
              </Group>
            )}
            <Stack gap="xs" mt="sm">
              {moment.benchmarks.map((benchmark, i) => (
                <Group key={i} gap="sm" wrap="nowrap" align="center" className={classes.target}>
                  <IconTarget size={22} aria-hidden />
                  <Text size="lg" style={{ flex: 1 }}>
                    {metricName(benchmark, language, journey.fallbackLocale, t)}
                  </Text>
                  <Text fw={800} className={classes.targetValue}>
                    {targetValue(benchmark.metric, benchmark.comparator, benchmark.value, language, t)}
                  </Text>
                </Group>
              ))}
            </Stack>
          </Paper>
        )}

        {moment.implementationNotes.length > 0 && (
          <Paper withBorder radius="md" p="md" component="section" aria-labelledby="staff-notes">
            <Title order={2} id="staff-notes" className={classes.heading}>
              {t('journeys.fields.implementationNotes')}
            </Title>
            <List size="md" spacing="xs" mt="xs">
              {moment.implementationNotes.map((note, i) => (
                <List.Item key={i}>{note}</List.Item>
              ))}
            </List>
          </Paper>
        )}

        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="xs" component="nav" aria-label={t('journeys.staff.navigation')}>
          {previous ? (
            <Button component={Link} to={`/journeys/${key}/moments/${previous.key}${query}`} variant="default" size="md" fullWidth justify="space-between" leftSection={<IconArrowLeft size={18} aria-hidden />} className={classes.navButton}>
              {previous.name}
            </Button>
          ) : (
            <span />
          )}
          {next && (
            <Button component={Link} to={`/journeys/${key}/moments/${next.key}${query}`} variant="default" size="md" fullWidth justify="space-between" rightSection={<IconArrowRight size={18} aria-hidden />} className={classes.navButton}>
              {next.name}
            </Button>
          )}
        </SimpleGrid>
        <Text size="xs" c="dimmed" ta="center">
          {t('journeys.status.published', { version: blueprint.version })}
        </Text>
      </Stack>
    </Container>
  );
}
