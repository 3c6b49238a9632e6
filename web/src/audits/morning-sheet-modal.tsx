import { useEffect, useMemo, useState } from 'react';
import { Alert, Button, Group, Modal, Select, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPrinter } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { describeApiError } from '../components/use-api-error';
import { currentLanguage, LANGUAGE_NAMES, LANGUAGES, type Language } from '../i18n';
import { downloadFile } from '../journeys/journeys-api';
import { useLocationOptions, useLocations } from '../settings/use-locations';

/**
 * The "Morning sheet" button of the audits area: picks an outlet, a day and a language and downloads
 * the one-page A4 morning-meeting sheet (GET /api/v1/audits/morning-sheet) as a PDF.
 */
export function MorningSheetButton({ locationId }: { locationId?: string | null }) {
  const { t } = useTranslation();
  const [opened, setOpened] = useState(false);
  return (
    <>
      <Button variant="default" leftSection={<IconPrinter size={16} aria-hidden />} onClick={() => setOpened(true)} data-testid="morning-sheet-button">
        {t('audits.morningSheet.button')}
      </Button>
      <MorningSheetModal opened={opened} onClose={() => setOpened(false)} locationId={locationId ?? null} />
    </>
  );
}

function MorningSheetModal({ opened, onClose, locationId }: { opened: boolean; onClose: () => void; locationId: string | null }) {
  const { t } = useTranslation();
  const { data: locations = [] } = useLocations();
  const { labelOf } = useLocationOptions();
  const outlets = useMemo(
    () =>
      locations
        .filter((location) => location.level === 'outlet' && !location.archivedAt)
        .map((location) => ({ value: location.locationId, label: labelOf(location.locationId) ?? location.name }))
        .sort((a, b) => a.label.localeCompare(b.label)),
    [locations, labelOf],
  );
  const [outlet, setOutlet] = useState<string | null>(null);
  // Empty = today in the outlet's time zone, decided by the server.
  const [date, setDate] = useState('');
  const [language, setLanguage] = useState<Language>(currentLanguage());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!opened) return;
    setError(null);
    setOutlet((current) => {
      if (locationId && outlets.some((option) => option.value === locationId)) return locationId;
      if (current && outlets.some((option) => option.value === current)) return current;
      return outlets.length === 1 ? outlets[0]!.value : current;
    });
  }, [opened, locationId, outlets]);

  const download = async () => {
    if (!outlet) return;
    setBusy(true);
    setError(null);
    try {
      const query = new URLSearchParams({ location: outlet, lang: language });
      if (date) query.set('date', date);
      const name = await downloadFile(`/audits/morning-sheet?${query}`, 'morning-sheet.pdf');
      notifications.show({ color: 'green', message: t('audits.morningSheet.downloaded', { file: name }) });
      onClose();
    } catch (failure) {
      setError(describeApiError(failure, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened={opened} onClose={onClose} title={t('audits.morningSheet.title')}>
      <Stack>
        <Text size="sm" c="dimmed">
          {t('audits.morningSheet.intro')}
        </Text>
        {outlets.length === 0 && locations.length > 0 ? (
          <Alert color="yellow">{t('audits.morningSheet.noOutlets')}</Alert>
        ) : (
          <Select
            label={t('audits.morningSheet.outlet')}
            data={outlets}
            value={outlet}
            onChange={setOutlet}
            searchable
            required
            allowDeselect={false}
            data-testid="morning-sheet-outlet"
          />
        )}
        <TextInput
          type="date"
          label={t('audits.morningSheet.date')}
          description={t('audits.morningSheet.dateHelp')}
          value={date}
          onChange={(event) => setDate(event.currentTarget.value)}
          data-testid="morning-sheet-date"
        />
        <Select
          label={t('audits.morningSheet.language')}
          data={LANGUAGES.map((value) => ({ value, label: LANGUAGE_NAMES[value] }))}
          value={language}
          allowDeselect={false}
          onChange={(value) => value && setLanguage(value as Language)}
          data-testid="morning-sheet-language"
        />
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('audits.cancel')}
          </Button>
          <Button leftSection={<IconPrinter size={16} aria-hidden />} onClick={() => void download()} loading={busy} disabled={!outlet} data-testid="morning-sheet-download">
            {t('audits.morningSheet.download')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
