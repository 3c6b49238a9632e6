import { useEffect, useRef, useState } from 'react';
import { Button, Group, Modal, Select, Stack, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { LANGUAGE_NAMES, LANGUAGES, type Language } from '../i18n';
import { freshKey, withLanguage } from './blueprint-model';
import { KEY_PATTERN, STAGE_KINDS, type Stage, type StageKind, type TranslatableText } from './journeys-api';

interface StageModalProps {
  target: { mode: 'create' } | { mode: 'edit'; stage: Stage } | null;
  fallback: Language;
  takenKeys: string[];
  onClose: () => void;
  onSubmit: (stage: Stage) => void;
}

/** Adds a stage or changes one: its kind (<ZMOT … UMOT or the business's own) and its name in every language. */
export function StageModal({ target, fallback, takenKeys, onClose, onSubmit }: StageModalProps) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<StageKind>('custom');
  const [name, setName] = useState<TranslatableText>({});
  const [key, setKey] = useState('');
  const [error, setError] = useState<{ field: 'name' | 'key'; message: string } | null>(null);
  const taken = useRef(takenKeys);
  taken.current = takenKeys;

  // The form starts over each time the dialog opens for a stage (not when the blueprint changes).
  useEffect(() => {
    if (!target) return;
    setError(null);
    if (target.mode === 'edit') {
      setKind(target.stage.kind);
      setName(target.stage.name ?? {});
      setKey(target.stage.key);
    } else {
      setKind('custom');
      setName({});
      setKey(freshKey('stage', taken.current));
    }
  }, [target]);

  const submit = () => {
    const filled = Object.values(name).some((value) => value && value.trim() !== '');
    if (kind === 'custom' && !(name[fallback] ?? '').trim()) {
      setError({ field: 'name', message: t('journeys.stages.nameRequired', { language: LANGUAGE_NAMES[fallback] }) });
      return;
    }
    if (!KEY_PATTERN.test(key)) {
      setError({ field: 'key', message: t('journeys.drawer.keyInvalid') });
      return;
    }
    if (target?.mode === 'create' && takenKeys.includes(key)) {
      setError({ field: 'key', message: t('journeys.stages.keyTaken') });
      return;
    }
    onSubmit({ key, kind, ...(filled ? { name } : {}) });
  };

  return (
    <Modal opened={target !== null} onClose={onClose} title={target?.mode === 'edit' ? t('journeys.stages.editTitle') : t('journeys.stages.addTitle')}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        <Stack>
          <Select
            label={t('journeys.fields.stageKind')}
            data={STAGE_KINDS.map((value) => ({ value, label: t(`journeys.stageKinds.${value}`) }))}
            value={kind}
            allowDeselect={false}
            onChange={(value) => value && setKind(value as StageKind)}
          />
          {LANGUAGES.map((language) => (
            <TextInput
              key={language}
              lang={language}
              label={`${t('journeys.fields.stageName')} · ${LANGUAGE_NAMES[language]}`}
              withAsterisk={kind === 'custom' && language === fallback}
              description={language === fallback && kind !== 'custom' ? t('journeys.stages.nameOptional') : undefined}
              value={name[language] ?? ''}
              onChange={(event) => setName(withLanguage(name, language, event.currentTarget.value))}
              error={language === fallback && error?.field === 'name' ? error.message : undefined}
            />
          ))}
          <TextInput
            label={t('journeys.fields.key')}
            value={key}
            disabled={target?.mode === 'edit'}
            onChange={(event) => setKey(event.currentTarget.value)}
            error={error?.field === 'key' ? error.message : undefined}
            classNames={{ input: 'km-code' }}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit">{target?.mode === 'edit' ? t('common.save') : t('journeys.stages.add')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
