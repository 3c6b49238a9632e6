import { useState } from 'react';
import { Alert, Button, Group, Modal, SegmentedControl, Select, Stack, TextInput } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { api, fetchAllPages, isApiError } from '../api';
import { useJourneyChoices } from '../feedback/use-journey-choices';
import { currentLanguage, LANGUAGE_NAMES } from '../i18n';
import { journeysKey, type Journey } from '../journeys/journeys-api';
import { useCurrentOrg } from '../session/current-org';
import { auditsKey, type Checklist, type ChecklistTemplate, type Locale } from './audits-api';
import { isValidKey, LOCALES, slugOf } from './checklist-editor-model';

type FieldErrors = Partial<Record<'key' | 'name' | 'journey' | 'template', string>>;

/**
 * Starts a checklist as a draft, from scratch (a journey, a name, a key) or from a shipped template
 * (its journey is created from the journey template of the same key when the organisation lacks it),
 * then opens the editor. Nothing is published here.
 */
export function NewChecklistModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { orgId } = useCurrentOrg();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const language = currentLanguage();
  const journeys = useJourneyChoices();
  const templates = useQuery({
    queryKey: auditsKey(orgId, 'templates', language),
    queryFn: () => api<{ items: ChecklistTemplate[] }>('/audits/checklist-templates', { query: { locale: language } }).then((body) => body.items),
    enabled: opened,
  });
  const [source, setSource] = useState<'blank' | 'template'>('blank');
  const [templateKey, setTemplateKey] = useState<string | null>(null);
  const [journeyKey, setJourneyKey] = useState<string | null>(null);
  const [fallback, setFallback] = useState<Locale>(language);
  const [name, setName] = useState('');
  const [key, setKey] = useState('');
  const [keyEdited, setKeyEdited] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const reset = () => {
    setSource('blank');
    setTemplateKey(null);
    setJourneyKey(null);
    setName('');
    setKey('');
    setKeyEdited(false);
    setErrors({});
    setFailure(null);
  };
  const close = () => {
    reset();
    onClose();
  };
  const template = templates.data?.find((candidate) => candidate.key === templateKey);

  const validate = (): FieldErrors => {
    const found: FieldErrors = {};
    if (!name.trim()) found.name = t('audits.newChecklist.nameRequired');
    if (!isValidKey(key)) found.key = t('audits.editor.problem.key');
    if (source === 'blank' && !journeyKey) found.journey = t('audits.newChecklist.journeyRequired');
    if (source === 'template' && !templateKey) found.template = t('audits.newChecklist.templateRequired');
    return found;
  };

  const submit = async () => {
    const found = validate();
    setErrors(found);
    setFailure(null);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      if (source === 'template' && template) {
        const existing = await fetchAllPages<Journey>('/journeys');
        if (!existing.some((journey) => journey.key === template.journeyKey)) {
          await api('/journeys/from-template', { method: 'POST', body: { templateKey: template.journeyKey, publish: true } });
          await queryClient.invalidateQueries({ queryKey: journeysKey(orgId) });
        }
        await api<Checklist>('/audits/checklists/from-template', { method: 'POST', body: { templateKey: template.key, key, name: { [template.locale]: name.trim() } } });
      } else {
        await api<Checklist>('/audits/checklists', {
          method: 'POST',
          body: { key, name: { [fallback]: name.trim() }, fallbackLocale: fallback, definition: { journeyKey, sections: [] } },
        });
      }
      await queryClient.invalidateQueries({ queryKey: auditsKey(orgId, 'checklists') });
      close();
      navigate(`/audits/checklists/${key}/edit`);
    } catch (error) {
      if (isApiError(error) && error.field) {
        const field = error.field.replace(/^body\.?/, '');
        if (field === 'key') setErrors({ key: error.status === 409 ? t('audits.newChecklist.keyTaken') : t('audits.editor.problem.key') });
        else if (field.startsWith('name')) setErrors({ name: t('audits.newChecklist.nameRequired') });
        else setFailure(error.message);
      } else setFailure(isApiError(error) ? error.message : t('errors.unexpected'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened={opened} onClose={close} title={t('audits.newChecklist.title')} size="lg">
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <Stack>
          <SegmentedControl
            value={source}
            onChange={(value) => setSource(value as 'blank' | 'template')}
            data={[
              { value: 'blank', label: t('audits.newChecklist.blank') },
              { value: 'template', label: t('audits.newChecklist.fromTemplate') },
            ]}
            aria-label={t('audits.newChecklist.source')}
          />
          {source === 'template' ? (
            <Select
              label={t('audits.newChecklist.template')}
              data={(templates.data ?? []).map((candidate) => ({ value: candidate.key, label: candidate.name }))}
              value={templateKey}
              onChange={(value) => {
                setTemplateKey(value);
                const chosen = templates.data?.find((candidate) => candidate.key === value);
                if (chosen && !name.trim()) setName(chosen.name);
                if (chosen && !keyEdited) setKey(chosen.key);
              }}
              error={errors.template}
              required
              data-testid="new-checklist-template"
            />
          ) : (
            <>
              <Select
                label={t('audits.editor.journey')}
                description={journeys.choices.length === 0 && !journeys.isPending ? t('audits.newChecklist.noJourneys') : undefined}
                data={journeys.choices}
                value={journeyKey}
                onChange={setJourneyKey}
                error={errors.journey}
                searchable
                required
                data-testid="new-checklist-journey"
              />
              <Select
                label={t('audits.newChecklist.fallback')}
                description={t('audits.newChecklist.fallbackHint')}
                data={LOCALES.map((locale) => ({ value: locale, label: LANGUAGE_NAMES[locale] }))}
                value={fallback}
                onChange={(value) => value && setFallback(value as Locale)}
                allowDeselect={false}
              />
            </>
          )}
          <TextInput
            label={t('audits.editor.name')}
            value={name}
            onChange={(event) => {
              const value = event.currentTarget.value;
              setName(value);
              if (!keyEdited && source === 'blank') setKey(slugOf(value));
            }}
            error={errors.name}
            required
            data-testid="new-checklist-name"
            data-autofocus
          />
          <TextInput
            label={t('audits.editor.key')}
            description={t('audits.newChecklist.keyHint')}
            value={key}
            onChange={(event) => {
              setKey(event.currentTarget.value);
              setKeyEdited(true);
            }}
            error={errors.key}
            required
            data-testid="new-checklist-key"
          />
          {failure && (
            <Alert color="red" role="alert">
              {failure}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('audits.cancel')}
            </Button>
            <Button type="submit" loading={busy}>
              {t('audits.newChecklist.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
