import { useEffect, useRef, useState } from 'react';
import { ActionIcon, Alert, Badge, Button, Checkbox, EmptyState, Group, Modal, Paper, Stack, Table, Tabs, Text, Textarea, TextInput, Title, Tooltip, VisuallyHidden } from '@mantine/core';
import { IconPencil, IconPlus, IconStarFilled, IconTargetArrow, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { ConfirmModal } from '../components/confirm-modal';
import { LANGUAGE_NAMES, LANGUAGES, currentLanguage, type Language } from '../i18n';
import { freshKey, isFilled, momentsOf, slugify, textIn, withLanguage } from './blueprint-model';
import { KEY_PATTERN, type Blueprint, type TranslatableText, type VisitPurpose } from './journeys-api';
import { stageName } from './labels';

/** Languages in which a purpose's name or description is still missing. */
function missingLanguagesOf(purpose: VisitPurpose): number {
  const texts = [purpose.name, ...(purpose.description ? [purpose.description] : [])];
  return LANGUAGES.filter((language) => texts.some((text) => !isFilled(text, language))).length;
}

interface PurposesSectionProps {
  blueprint: Blueprint;
  fallback: Language;
  editable: boolean;
  /** Keys of purposes in the published version: they keep their key for ever. */
  publishedKeys: Set<string>;
  onAdd: (purpose: VisitPurpose) => void;
  onUpdate: (purposeKey: string, purpose: VisitPurpose) => void;
  onRemove: (purposeKey: string) => void;
}

/**
 * The visit purposes of a journey ("pay a bill", "buy a phone"): variants of the one blueprint that
 * mark their own peak moments. Listed under the board; each opens a dialog to name it in every
 * language and tick its peaks.
 */
export function PurposesSection({ blueprint, fallback, editable, publishedKeys, onAdd, onUpdate, onRemove }: PurposesSectionProps) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const [dialog, setDialog] = useState<{ mode: 'create' } | { mode: 'edit'; purpose: VisitPurpose } | null>(null);
  const [deleting, setDeleting] = useState<VisitPurpose | null>(null);
  const momentName = (key: string) => textIn(blueprint.moments.find((moment) => moment.key === key)?.name, language, fallback) || key;
  const nameOf = (purpose: VisitPurpose) => textIn(purpose.name, language, fallback) || purpose.key;

  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="purposes-title" data-testid="purposes-section">
      <Group justify="space-between" mb="xs" wrap="wrap">
        <Group gap="xs">
          <IconTargetArrow size={20} aria-hidden />
          <Title order={2} size="h4" id="purposes-title">
            {t('journeys.purposes.title')}
          </Title>
        </Group>
        {editable && (
          <Button variant="default" leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setDialog({ mode: 'create' })}>
            {t('journeys.purposes.add')}
          </Button>
        )}
      </Group>
      <Text size="sm" c="dimmed" mb="sm">
        {t('journeys.purposes.description')}
      </Text>
      {blueprint.purposes.length === 0 ? (
        <EmptyState
          icon={<IconTargetArrow size={28} stroke={1.5} aria-hidden />}
          variant="light"
          title={t('journeys.purposes.emptyTitle')}
          description={editable ? t('journeys.purposes.emptyDescription') : t('journeys.purposes.emptyReadOnly')}
        />
      ) : (
        <Table.ScrollContainer minWidth={560}>
          <Table verticalSpacing="xs" aria-labelledby="purposes-title">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('journeys.purposes.purpose')}</Table.Th>
                <Table.Th>{t('journeys.purposes.peaks')}</Table.Th>
                <Table.Th w={1}>
                  <VisuallyHidden>{t('common.actions')}</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {blueprint.purposes.map((purpose) => {
                const missing = missingLanguagesOf(purpose);
                const name = nameOf(purpose);
                return (
                  <Table.Tr key={purpose.key} data-testid={`purpose-${purpose.key}`}>
                    <Table.Td>
                      <Text fw={600} size="sm">
                        {name}
                      </Text>
                      {purpose.description && (
                        <Text size="xs" c="dimmed">
                          {textIn(purpose.description, language, fallback)}
                        </Text>
                      )}
                      <Text size="xs" c="dimmed" className="km-code">
                        {purpose.key}
                      </Text>
                      {missing > 0 && (
                        <Text size="xs" c="orange.8">
                          {t('journeys.board.missingTranslations', { count: missing })}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      {purpose.peakMomentKeys.length === 0 ? (
                        <Text size="xs" c="orange.8">
                          {t('journeys.purposes.noPeaks')}
                        </Text>
                      ) : (
                        <Group gap={4}>
                          {purpose.peakMomentKeys.map((key) => (
                            <Badge key={key} size="sm" color="orange" variant="light" leftSection={<IconStarFilled size={10} aria-hidden />} style={{ textTransform: 'none' }}>
                              {momentName(key)}
                            </Badge>
                          ))}
                        </Group>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Group gap={4} wrap="nowrap">
                        <Tooltip label={editable ? t('journeys.purposes.edit') : t('journeys.purposes.view')}>
                          <ActionIcon variant="subtle" onClick={() => setDialog({ mode: 'edit', purpose })} aria-label={t(editable ? 'journeys.purposes.editNamed' : 'journeys.purposes.viewNamed', { name })}>
                            <IconPencil size={16} aria-hidden />
                          </ActionIcon>
                        </Tooltip>
                        {editable && (
                          <Tooltip label={t('journeys.purposes.delete')}>
                            <ActionIcon variant="subtle" color="red" onClick={() => setDeleting(purpose)} aria-label={t('journeys.purposes.deleteNamed', { name })}>
                              <IconTrash size={16} aria-hidden />
                            </ActionIcon>
                          </Tooltip>
                        )}
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <PurposeModal
        target={dialog}
        blueprint={blueprint}
        fallback={fallback}
        editable={editable}
        keyEditable={dialog?.mode === 'create' || (dialog?.mode === 'edit' && !publishedKeys.has(dialog.purpose.key))}
        onClose={() => setDialog(null)}
        onSubmit={(purpose) => {
          if (dialog?.mode === 'edit') onUpdate(dialog.purpose.key, purpose);
          else onAdd(purpose);
          setDialog(null);
        }}
      />
      <ConfirmModal
        opened={deleting !== null}
        title={t('journeys.purposes.deleteTitle', { name: deleting ? nameOf(deleting) : '' })}
        message={t('journeys.purposes.deleteMessage')}
        confirmLabel={t('journeys.purposes.delete')}
        onConfirm={() => {
          if (deleting) onRemove(deleting.key);
          setDeleting(null);
        }}
        onClose={() => setDeleting(null)}
      />
    </Paper>
  );
}

interface PurposeModalProps {
  target: { mode: 'create' } | { mode: 'edit'; purpose: VisitPurpose } | null;
  blueprint: Blueprint;
  fallback: Language;
  editable: boolean;
  keyEditable: boolean;
  onClose: () => void;
  onSubmit: (purpose: VisitPurpose) => void;
}

/** Names a visit purpose in every language and ticks its peak moments, stage by stage. */
function PurposeModal({ target, blueprint, fallback, editable, keyEditable, onClose, onSubmit }: PurposeModalProps) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const [name, setName] = useState<TranslatableText>({});
  const [description, setDescription] = useState<TranslatableText>({});
  const [key, setKey] = useState('');
  const [keyTouched, setKeyTouched] = useState(false);
  const [peaks, setPeaks] = useState<string[]>([]);
  const [tab, setTab] = useState<Language>(fallback);
  const [error, setError] = useState<{ field: 'name' | 'key'; message: string } | null>(null);
  const blueprintRef = useRef(blueprint);
  blueprintRef.current = blueprint;

  // The form starts over each time the dialog opens (not when the blueprint changes under it).
  useEffect(() => {
    if (!target) return;
    setError(null);
    setTab(fallback);
    if (target.mode === 'edit') {
      setName(target.purpose.name);
      setDescription(target.purpose.description ?? {});
      setKey(target.purpose.key);
      setPeaks(target.purpose.peakMomentKeys);
      setKeyTouched(true);
    } else {
      setName({});
      setDescription({});
      setKey(freshKey('purpose', blueprintRef.current.purposes.map((purpose) => purpose.key)));
      setPeaks([]);
      setKeyTouched(false);
    }
  }, [target, fallback]);

  const otherKeys = blueprint.purposes.map((purpose) => purpose.key).filter((candidate) => target?.mode !== 'edit' || candidate !== target.purpose.key);

  const changeName = (language: Language, value: string) => {
    const next = withLanguage(name, language, value);
    setName(next);
    // A new purpose's key follows its English (or other Latin-script) name until the key is typed.
    if (target?.mode === 'create' && !keyTouched) {
      const source = next.en ?? next[fallback] ?? '';
      setKey(freshKey(slugify(source) || 'purpose', otherKeys));
    }
  };

  const submit = () => {
    if (!isFilled(name, fallback)) {
      setTab(fallback);
      setError({ field: 'name', message: t('journeys.purposes.nameRequired', { language: LANGUAGE_NAMES[fallback] }) });
      return;
    }
    if (!KEY_PATTERN.test(key) || key.length > 64) {
      setError({ field: 'key', message: t('journeys.drawer.keyInvalid') });
      return;
    }
    if (otherKeys.includes(key)) {
      setError({ field: 'key', message: t('journeys.purposes.keyTaken') });
      return;
    }
    const order = new Map(blueprint.moments.map((moment, i) => [moment.key, i] as const));
    const peakMomentKeys = peaks.filter((candidate) => order.has(candidate)).sort((a, b) => order.get(a)! - order.get(b)!);
    const hasDescription = LANGUAGES.some((candidate) => isFilled(description, candidate));
    onSubmit({ key, name, ...(hasDescription ? { description } : {}), peakMomentKeys });
  };

  const title = target?.mode === 'edit' ? (editable ? t('journeys.purposes.editTitle') : textIn(target.purpose.name, language, fallback)) : t('journeys.purposes.addTitle');

  return (
    <Modal opened={target !== null} onClose={onClose} title={title} size="lg">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (editable) submit();
          else onClose();
        }}
      >
        <Stack>
          <Tabs value={tab} onChange={(value) => value && setTab(value as Language)} keepMounted={false}>
            <Tabs.List aria-label={t('journeys.drawer.languageTabs')}>
              {LANGUAGES.map((candidate) => {
                const missing = !isFilled(name, candidate);
                return (
                  <Tabs.Tab
                    key={candidate}
                    value={candidate}
                    lang={candidate}
                    rightSection={missing ? <Badge size="xs" color="orange" variant="light" aria-label={t('journeys.drawer.missingCount', { count: 1 })}>1</Badge> : undefined}
                  >
                    {LANGUAGE_NAMES[candidate]}
                    {candidate === fallback ? ' *' : ''}
                  </Tabs.Tab>
                );
              })}
            </Tabs.List>
            {LANGUAGES.map((candidate) => (
              <Tabs.Panel key={candidate} value={candidate} pt="sm">
                <Stack gap="sm" lang={candidate}>
                  <TextInput
                    label={t('journeys.fields.name')}
                    withAsterisk={candidate === fallback}
                    value={name[candidate] ?? ''}
                    placeholder={candidate === fallback ? t('journeys.purposes.namePlaceholder') : textIn(name, fallback, fallback) || undefined}
                    readOnly={!editable}
                    variant={editable ? 'default' : 'filled'}
                    onChange={(event) => changeName(candidate, event.currentTarget.value)}
                    error={error?.field === 'name' && candidate === fallback ? error.message : undefined}
                    data-testid="purpose-name-input"
                    data-autofocus={candidate === fallback || undefined}
                  />
                  <Textarea
                    label={t('journeys.fields.description')}
                    autosize
                    minRows={2}
                    value={description[candidate] ?? ''}
                    placeholder={candidate === fallback ? undefined : textIn(description, fallback, fallback) || undefined}
                    readOnly={!editable}
                    variant={editable ? 'default' : 'filled'}
                    onChange={(event) => setDescription(withLanguage(description, candidate, event.currentTarget.value))}
                  />
                </Stack>
              </Tabs.Panel>
            ))}
          </Tabs>
          <Text size="xs" c="dimmed">
            {t('journeys.drawer.fallbackNote', { language: LANGUAGE_NAMES[fallback] })}
          </Text>
          <TextInput
            label={t('journeys.fields.key')}
            description={keyEditable ? t('journeys.purposes.keyHint') : t('journeys.purposes.keyFixed')}
            value={key}
            disabled={!editable || !keyEditable}
            onChange={(event) => {
              setKey(event.currentTarget.value);
              setKeyTouched(true);
            }}
            error={error?.field === 'key' ? error.message : undefined}
            classNames={{ input: 'km-code' }}
          />
          <Checkbox.Group
            label={t('journeys.purposes.peaksLabel')}
            description={t('journeys.purposes.peaksHint')}
            value={peaks}
            onChange={(value) => editable && setPeaks(value)}
          >
            <Stack gap="sm" mt="xs">
              {blueprint.moments.length === 0 && (
                <Text size="sm" c="dimmed">
                  {t('journeys.purposes.noMoments')}
                </Text>
              )}
              {blueprint.stages
                .filter((stage) => momentsOf(blueprint, stage.key).length > 0)
                .map((stage) => (
                  <Stack key={stage.key} gap={6} role="group" aria-label={stageName(stage, language, fallback, t)}>
                    <Text size="xs" fw={600} c="dimmed">
                      {stageName(stage, language, fallback, t)}
                    </Text>
                    {momentsOf(blueprint, stage.key).map((moment) => (
                      <Checkbox
                        key={moment.key}
                        value={moment.key}
                        disabled={!editable}
                        label={
                          <>
                            {textIn(moment.name, language, fallback) || moment.key}
                            {moment.flags.includes('peak') && (
                              <Text span size="xs" c="dimmed">
                                {' '}
                                · {t('journeys.purposes.journeyPeak')}
                              </Text>
                            )}
                          </>
                        }
                      />
                    ))}
                  </Stack>
                ))}
            </Stack>
          </Checkbox.Group>
          {editable && peaks.length === 0 && blueprint.moments.length > 0 && (
            <Alert color="yellow" variant="light">
              {t('journeys.purposes.noPeaksWarning')}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {editable ? t('common.cancel') : t('common.close')}
            </Button>
            {editable && <Button type="submit">{target?.mode === 'edit' ? t('common.save') : t('journeys.purposes.add')}</Button>}
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
