import { useEffect, useState } from 'react';
import { Alert, Button, Group, Modal, SegmentedControl, Select, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPrinter } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { describeApiError } from '../components/use-api-error';
import { currentLanguage, LANGUAGE_NAMES, LANGUAGES, type Language } from '../i18n';
import { useLocationOptions } from '../settings/use-locations';
import { downloadFile, type Journey } from './journeys-api';
import { useJourneyRoles } from './journeys-page';

const CENTRAL = '__central__';

/** Downloads the A3 blueprint poster of a location (or the central blueprint) as PDF or PNG, in any language. */
export function PosterModal({ opened, onClose, journey, locationId }: { opened: boolean; onClose: () => void; journey: Journey; locationId?: string | null }) {
  const { t } = useTranslation();
  const { locationScope } = useJourneyRoles();
  const { options } = useLocationOptions();
  const [location, setLocation] = useState<string>(locationId ?? locationScope ?? CENTRAL);
  const [language, setLanguage] = useState<Language>(currentLanguage());
  const [format, setFormat] = useState<'pdf' | 'png'>('pdf');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (opened) {
      setLocation(locationId ?? locationScope ?? CENTRAL);
      setError(null);
    }
  }, [opened, locationId, locationScope]);

  const download = async () => {
    setBusy(true);
    setError(null);
    try {
      const query = new URLSearchParams({ locale: language, format });
      if (location !== CENTRAL) query.set('location', location);
      const name = await downloadFile(`/journeys/${journey.key}/poster?${query}`, `${journey.key}.${format}`);
      notifications.show({ color: 'green', message: t('journeys.poster.downloaded', { file: name }) });
      onClose();
    } catch (failure) {
      setError(describeApiError(failure, t));
    } finally {
      setBusy(false);
    }
  };

  const locationData = [...(locationScope ? [] : [{ value: CENTRAL, label: t('journeys.poster.central') }]), ...options];
  return (
    <Modal opened={opened} onClose={onClose} title={t('journeys.poster.title')}>
      <Stack>
        <Text size="sm" c="dimmed">
          {t('journeys.poster.intro')}
        </Text>
        <Select label={t('fields.location')} data={locationData} value={location} allowDeselect={false} searchable onChange={(value) => value && setLocation(value)} data-testid="poster-location" />
        <Select
          label={t('journeys.poster.language')}
          data={LANGUAGES.map((value) => ({ value, label: LANGUAGE_NAMES[value] }))}
          value={language}
          allowDeselect={false}
          onChange={(value) => value && setLanguage(value as Language)}
          data-testid="poster-language"
        />
        <Stack gap={4}>
          <Text size="sm" fw={500} id="poster-format-label">
            {t('journeys.poster.format')}
          </Text>
          <SegmentedControl
            aria-labelledby="poster-format-label"
            value={format}
            onChange={(value) => setFormat(value as 'pdf' | 'png')}
            data={[
              { value: 'pdf', label: t('journeys.poster.pdf') },
              { value: 'png', label: t('journeys.poster.png') },
            ]}
          />
        </Stack>
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button leftSection={<IconPrinter size={16} aria-hidden />} onClick={() => void download()} loading={busy}>
            {t('journeys.poster.download')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
