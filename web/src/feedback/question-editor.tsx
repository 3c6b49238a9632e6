import { useEffect, useState } from 'react';
import {
  ActionIcon,
  Badge,
  Button,
  Chip,
  Group,
  MultiSelect,
  NumberInput,
  Paper,
  Select,
  Stack,
  Switch,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconPlus, IconTrash, IconX } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { LANGUAGE_NAMES, type Language } from '../i18n';
import { KEY_PATTERN } from '../journeys/journeys-api';
import {
  SCALES,
  SERVQUAL_DIMENSIONS,
  isScaleType,
  type ChoiceOption,
  type Condition,
  type Definition,
  type Question,
  type ServqualDimension,
  type TranslatableText,
} from './feedback-api';
import { defaultCondition, freshKey, isFilled, operatorsFor, rekeyQuestion, textIn, textsOfQuestion, withLanguage } from './survey-model';
import { useJourneyChoices, useMomentChoices } from './use-journey-choices';

interface TranslatableInputProps {
  id: string;
  label: string;
  description?: string;
  value: TranslatableText | undefined;
  language: Language;
  fallback: Language;
  onChange: (text: TranslatableText) => void;
  required?: boolean;
  multiline?: boolean;
  disabled?: boolean;
  error?: string | undefined;
  /** Shown when nothing is written in any language (a built-in word the page uses instead). */
  builtIn?: string;
  testId?: string;
}

/**
 * One text in the language being edited. The fallback language's text shows as the placeholder, and
 * a marker says when this language is still missing (respondents would read the fallback).
 */
export function TranslatableInput({ id, label, description, value, language, fallback, onChange, required, multiline, disabled, error, builtIn, testId }: TranslatableInputProps) {
  const { t } = useTranslation();
  const current = value?.[language] ?? '';
  const anyFilled = value !== undefined && Object.values(value).some((text) => text?.trim());
  const missing = anyFilled && !isFilled(value, language);
  const placeholder = (language !== fallback ? textIn(value, fallback, fallback) : '') || builtIn || undefined;
  const props = {
    id,
    label: (
      <>
        {label}
        {missing && (
          <Badge size="xs" color="orange" variant="light" component="span" ml={6} style={{ verticalAlign: 'middle' }} data-testid={`${testId ?? id}-missing`}>
            {t('feedback.builder.missingBadge', { language: LANGUAGE_NAMES[language] })}
          </Badge>
        )}
      </>
    ),
    description,
    value: current,
    placeholder,
    required: required && language === fallback,
    disabled,
    error,
    lang: language,
    'data-testid': testId ?? id,
    onChange: (event: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => onChange(withLanguage(value, language, event.currentTarget.value)),
  };
  return multiline ? <Textarea autosize minRows={2} maxRows={8} {...props} /> : <TextInput {...props} />;
}

interface QuestionCardProps {
  index: number;
  count: number;
  question: Question;
  earlier: Question[];
  definition: Definition;
  language: Language;
  fallback: Language;
  editable: boolean;
  errorAt: (prefix: string) => string | undefined;
  onChange: (question: Question) => void;
  onMove: (delta: -1 | 1) => void;
  onRemove: () => void;
  onRename: (definition: Definition) => void;
}

export function QuestionCard(props: QuestionCardProps) {
  const { index, count, question, language, fallback, editable, errorAt, onChange } = props;
  const { t } = useTranslation();
  const [idDraft, setIdDraft] = useState(question.id);
  useEffect(() => setIdDraft(question.id), [question.id]);
  const taken = props.definition.questions.filter((_, at) => at !== index).map((other) => other.id);
  const idError = idDraft !== question.id ? (!KEY_PATTERN.test(idDraft) ? t('feedback.validation.key') : taken.includes(idDraft) ? t('feedback.validation.idTaken') : undefined) : errorAt('id');
  const untranslated = textsOfQuestion(question).filter((text) => !isFilled(text, language)).length;
  const number = index + 1;
  const titleText = textIn(question.title, language, fallback);
  const set = (patch: Partial<Question>) => onChange({ ...question, ...patch });
  const unset = (field: keyof Question) => {
    const next = { ...question };
    delete next[field];
    onChange(next);
  };
  const setOptional = (field: 'help' | 'lowLabel' | 'highLabel', text: TranslatableText) => (Object.keys(text).length === 0 ? unset(field) : set({ [field]: text }));

  return (
    <Paper withBorder radius="md" p="md" id={`question-${index}`} data-testid={`question-${question.id}`} component="section" aria-label={t('feedback.builder.questionN', { n: number, title: titleText })}>
      <Group justify="space-between" mb="sm" wrap="nowrap" align="flex-start">
        <Group gap="xs">
          <Badge variant="filled" color="gray" radius="sm">
            {number}
          </Badge>
          <Badge variant="light">{t(`feedback.questionTypes.${question.type}`)}</Badge>
          {untranslated > 0 && (
            <Badge color="orange" variant="light" size="sm">
              {t('feedback.builder.untranslated', { count: untranslated })}
            </Badge>
          )}
          {question.showIf.length > 0 && (
            <Badge color="violet" variant="light" size="sm">
              {t('feedback.builder.conditional')}
            </Badge>
          )}
        </Group>
        {editable && (
          <Group gap={4} wrap="nowrap">
            <ActionIcon id={`question-${index}-up`} variant="default" disabled={index === 0} onClick={() => props.onMove(-1)} aria-label={t('feedback.builder.moveUp', { n: number })}>
              <IconArrowUp size={16} aria-hidden />
            </ActionIcon>
            <ActionIcon id={`question-${index}-down`} variant="default" disabled={index === count - 1} onClick={() => props.onMove(1)} aria-label={t('feedback.builder.moveDown', { n: number })}>
              <IconArrowDown size={16} aria-hidden />
            </ActionIcon>
            <ActionIcon variant="light" color="red" onClick={props.onRemove} aria-label={t('feedback.builder.remove', { n: number })}>
              <IconTrash size={16} aria-hidden />
            </ActionIcon>
          </Group>
        )}
      </Group>
      <Stack gap="sm">
        <TranslatableInput id={`question-${index}-title`} label={t('feedback.fields.questionTitle')} value={question.title} language={language} fallback={fallback} required disabled={!editable} error={errorAt('title')} onChange={(title) => set({ title })} testId={`question-${question.id}-title`} />
        <TranslatableInput id={`question-${index}-help`} label={t('feedback.fields.help')} value={question.help} language={language} fallback={fallback} disabled={!editable} error={errorAt('help')} onChange={(text) => setOptional('help', text)} />
        <Group grow align="flex-start">
          <TextInput
            label={t('feedback.fields.questionId')}
            description={t('feedback.builder.idHint')}
            value={idDraft}
            disabled={!editable}
            error={idError}
            classNames={{ input: 'km-code' }}
            onChange={(event) => setIdDraft(event.currentTarget.value)}
            onBlur={() => {
              if (idDraft !== question.id && KEY_PATTERN.test(idDraft) && !taken.includes(idDraft)) props.onRename(rekeyQuestion(props.definition, question.id, idDraft));
              else setIdDraft(question.id);
            }}
          />
          <Switch mt={28} label={t('feedback.fields.required')} checked={question.required} disabled={!editable} onChange={(event) => set({ required: event.currentTarget.checked })} />
        </Group>
        <TypeFields {...props} set={set} unset={unset} setOptional={setOptional} />
        <ShowIfEditor {...props} />
      </Stack>
    </Paper>
  );
}

type TypeFieldsProps = QuestionCardProps & {
  set: (patch: Partial<Question>) => void;
  unset: (field: keyof Question) => void;
  setOptional: (field: 'help' | 'lowLabel' | 'highLabel', text: TranslatableText) => void;
};

function TypeFields({ index, question, language, fallback, editable, errorAt, definition, set, unset, setOptional }: TypeFieldsProps) {
  const { t } = useTranslation();
  const builtIn = (key: string) => t(`feedback.page.${key}`, { lng: language });
  if (isScaleType(question.type)) {
    const scale = SCALES[question.type];
    return (
      <Stack gap="sm">
        <Group grow align="flex-start">
          <TranslatableInput id={`question-${index}-low`} label={t('feedback.fields.lowLabel', { value: scale.min })} value={question.lowLabel} language={language} fallback={fallback} builtIn={builtIn(`scale.${question.type}.low`)} disabled={!editable} error={errorAt('lowLabel')} onChange={(text) => setOptional('lowLabel', text)} />
          <TranslatableInput id={`question-${index}-high`} label={t('feedback.fields.highLabel', { value: scale.max })} value={question.highLabel} language={language} fallback={fallback} builtIn={builtIn(`scale.${question.type}.high`)} disabled={!editable} error={errorAt('highLabel')} onChange={(text) => setOptional('highLabel', text)} />
        </Group>
        {question.type === 'moment_rating' && <MomentRatingFields question={question} definition={definition} editable={editable} errorAt={errorAt} set={set} unset={unset} />}
      </Stack>
    );
  }
  if (question.type === 'servqual') {
    const dimensions = question.dimensions ?? [];
    return (
      <Stack gap="sm">
        <div>
          <Text size="sm" fw={500} mb={4} id={`question-${index}-dimensions`}>
            {t('feedback.fields.dimensions')}
          </Text>
          <Chip.Group multiple value={dimensions} onChange={(value) => set({ dimensions: SERVQUAL_DIMENSIONS.filter((dimension) => value.includes(dimension)) })}>
            <Group gap={6} role="group" aria-labelledby={`question-${index}-dimensions`}>
              {SERVQUAL_DIMENSIONS.map((dimension) => (
                <Chip key={dimension} value={dimension} size="sm" disabled={!editable}>
                  {t(`feedback.dimensions.${dimension}`)}
                </Chip>
              ))}
            </Group>
          </Chip.Group>
          {errorAt('dimensions') && (
            <Text size="xs" c="red" mt={4}>
              {errorAt('dimensions')}
            </Text>
          )}
        </div>
        <Switch label={t('feedback.fields.expectation')} description={t('feedback.builder.expectationHint')} checked={question.expectation === true} disabled={!editable} onChange={(event) => set({ expectation: event.currentTarget.checked })} />
        {dimensions.map((dimension: ServqualDimension) => (
          <TranslatableInput
            key={dimension}
            id={`question-${index}-statement-${dimension}`}
            label={t('feedback.fields.statement', { dimension: t(`feedback.dimensions.${dimension}`) })}
            value={question.statements?.[dimension]}
            language={language}
            fallback={fallback}
            builtIn={builtIn(`servqual.${dimension}`)}
            disabled={!editable}
            error={errorAt(`statements.${dimension}`)}
            onChange={(text) => {
              const statements = { ...(question.statements ?? {}) };
              if (Object.keys(text).length === 0) delete statements[dimension];
              else statements[dimension] = text;
              if (Object.keys(statements).length === 0) unset('statements');
              else set({ statements });
            }}
          />
        ))}
      </Stack>
    );
  }
  if (question.type === 'single_choice' || question.type === 'multiple_choice') {
    const options = question.options ?? [];
    const setOptions = (next: ChoiceOption[]) => set({ options: next });
    return (
      <Stack gap="xs">
        <Text size="sm" fw={500}>
          {t('feedback.fields.options')}
        </Text>
        {errorAt('options') && !options.some((_, at) => errorAt(`options.${at}`)) && (
          <Text size="xs" c="red">
            {errorAt('options')}
          </Text>
        )}
        {options.map((option, at) => (
          <Group key={at} gap="xs" align="flex-start" wrap="nowrap">
            <div style={{ flex: 1 }}>
              <TranslatableInput
                id={`question-${index}-option-${at}`}
                label={t('feedback.fields.optionN', { n: at + 1 })}
                value={option.label}
                language={language}
                fallback={fallback}
                required
                disabled={!editable}
                error={errorAt(`options.${at}.label`)}
                onChange={(label) => setOptions(options.map((candidate, i) => (i === at ? { ...candidate, label } : candidate)))}
              />
            </div>
            <TextInput
              w={170}
              label={t('feedback.fields.optionId')}
              value={option.id}
              disabled={!editable}
              classNames={{ input: 'km-code' }}
              error={errorAt(`options.${at}.id`)}
              onChange={(event) => {
                const id = event.currentTarget.value;
                setOptions(options.map((candidate, i) => (i === at ? { ...candidate, id } : candidate)));
              }}
            />
            {editable && (
              <ActionIcon mt={26} variant="subtle" color="red" disabled={options.length <= 1} onClick={() => setOptions(options.filter((_, i) => i !== at))} aria-label={t('feedback.builder.removeOption', { n: at + 1 })}>
                <IconX size={16} aria-hidden />
              </ActionIcon>
            )}
          </Group>
        ))}
        {editable && (
          <Group>
            <Button
              variant="subtle"
              size="xs"
              leftSection={<IconPlus size={14} aria-hidden />}
              onClick={() => setOptions([...options, { id: freshKey('option', options.map((option) => option.id)), label: { [language]: t('feedback.builder.optionN', { n: options.length + 1, lng: language }) } }])}
            >
              {t('feedback.builder.addOption')}
            </Button>
          </Group>
        )}
        {question.type === 'multiple_choice' && (
          <Group grow>
            <NumberInput label={t('feedback.fields.minSelected')} min={0} max={50} value={question.minSelected ?? ''} disabled={!editable} error={errorAt('minSelected')} onChange={(value) => (typeof value === 'number' ? set({ minSelected: value }) : unset('minSelected'))} />
            <NumberInput label={t('feedback.fields.maxSelected')} min={1} max={50} value={question.maxSelected ?? ''} disabled={!editable} error={errorAt('maxSelected')} onChange={(value) => (typeof value === 'number' ? set({ maxSelected: value }) : unset('maxSelected'))} />
          </Group>
        )}
      </Stack>
    );
  }
  if (question.type === 'text') {
    return (
      <Group grow align="flex-end">
        <Switch label={t('feedback.fields.multiline')} checked={question.multiline !== false} disabled={!editable} onChange={(event) => set({ multiline: event.currentTarget.checked })} />
        <NumberInput label={t('feedback.fields.maxLength')} min={1} max={4000} value={question.maxLength ?? 2000} disabled={!editable} error={errorAt('maxLength')} onChange={(value) => typeof value === 'number' && set({ maxLength: value })} />
      </Group>
    );
  }
  return (
    <Text size="xs" c="dimmed">
      {t('feedback.builder.consentHint')}
    </Text>
  );
}

function MomentRatingFields({ question, definition, editable, errorAt, set, unset }: Pick<TypeFieldsProps, 'question' | 'definition' | 'editable' | 'errorAt' | 'set' | 'unset'>) {
  const { t } = useTranslation();
  const journeys = useJourneyChoices();
  const journeyKey = question.journeyKey ?? definition.about?.journeyKey ?? null;
  const moments = useMomentChoices(journeyKey);
  return (
    <Group grow align="flex-start">
      <Select
        label={t('feedback.fields.journey')}
        description={definition.about?.journeyKey ? t('feedback.builder.journeyDefault') : undefined}
        data={journeys.choices}
        value={question.journeyKey ?? null}
        placeholder={definition.about?.journeyKey}
        clearable
        searchable
        disabled={!editable}
        error={errorAt('journeyKey')}
        onChange={(value) => (value ? set({ journeyKey: value, momentKey: undefined }) : unset('journeyKey'))}
      />
      <Select
        label={t('feedback.fields.ratedMoment')}
        data={moments.choices}
        value={question.momentKey ?? null}
        searchable
        required
        disabled={!editable || !journeyKey}
        error={errorAt('momentKey')}
        onChange={(value) => (value ? set({ momentKey: value }) : unset('momentKey'))}
        data-testid={`question-${question.id}-moment`}
      />
    </Group>
  );
}

/** The conditions (all must hold) under which a question is shown; each looks at an earlier question. */
function ShowIfEditor({ index, question, earlier, language, fallback, editable, errorAt, onChange }: QuestionCardProps) {
  const { t } = useTranslation();
  const targets = earlier.filter((candidate) => operatorsFor(candidate.type).length > 0);
  const setConditions = (showIf: Condition[]) => onChange({ ...question, showIf });
  if (question.showIf.length === 0 && (!editable || targets.length === 0)) return null;
  return (
    <Paper bg="var(--mantine-color-gray-light)" p="sm" radius="sm">
      <Text size="sm" fw={600} mb={4} id={`question-${index}-showif`}>
        {t('feedback.showIf.title')}
      </Text>
      <Text size="xs" c="dimmed" mb="xs">
        {question.showIf.length === 0 ? t('feedback.showIf.always') : t('feedback.showIf.allMustHold')}
      </Text>
      <Stack gap="xs" role="group" aria-labelledby={`question-${index}-showif`}>
        {question.showIf.map((condition, at) => {
          const target = earlier.find((candidate) => candidate.id === condition.questionId);
          const update = (next: Condition) => setConditions(question.showIf.map((candidate, i) => (i === at ? next : candidate)));
          const field = `showIf.${at}`;
          return (
            <Group key={at} gap="xs" align="flex-start" wrap="wrap" data-testid={`question-${question.id}-condition-${at}`}>
              <Select
                w={220}
                label={t('feedback.showIf.question')}
                data={targets.map((candidate) => ({ value: candidate.id, label: `${earlier.indexOf(candidate) + 1}. ${textIn(candidate.title, language, fallback) || candidate.id}` }))}
                value={condition.questionId}
                allowDeselect={false}
                disabled={!editable}
                error={errorAt(`${field}.questionId`)}
                onChange={(value) => {
                  const next = earlier.find((candidate) => candidate.id === value);
                  if (next) update(defaultCondition(next));
                }}
              />
              <Select
                w={170}
                label={t('feedback.showIf.operator')}
                data={(target ? operatorsFor(target.type) : [condition.operator]).map((operator) => ({ value: operator, label: t(`feedback.operators.${operator}`) }))}
                value={condition.operator}
                allowDeselect={false}
                disabled={!editable}
                error={errorAt(`${field}.operator`)}
                onChange={(value) => {
                  if (!value || !target) return;
                  const operator = value as Condition['operator'];
                  const base = defaultCondition(target);
                  if (operator === 'answered') update({ questionId: target.id, operator });
                  else if (operator === 'in') update({ questionId: target.id, operator, value: base.value !== undefined && !Array.isArray(base.value) ? [base.value] : [] });
                  else update({ questionId: target.id, operator, value: Array.isArray(condition.value) ? condition.value[0] ?? base.value : (condition.value ?? base.value) });
                }}
              />
              {target && condition.operator !== 'answered' && <ConditionValue condition={condition} target={target} language={language} fallback={fallback} editable={editable} error={errorAt(`${field}.value`)} onChange={update} />}
              {editable && (
                <ActionIcon mt={26} variant="subtle" color="red" onClick={() => setConditions(question.showIf.filter((_, i) => i !== at))} aria-label={t('feedback.showIf.remove', { n: at + 1 })}>
                  <IconX size={16} aria-hidden />
                </ActionIcon>
              )}
            </Group>
          );
        })}
        {editable && targets.length > 0 && (
          <Group>
            <Button variant="subtle" size="xs" leftSection={<IconPlus size={14} aria-hidden />} onClick={() => setConditions([...question.showIf, defaultCondition(targets[targets.length - 1]!)])}>
              {t('feedback.showIf.add')}
            </Button>
          </Group>
        )}
      </Stack>
    </Paper>
  );
}

function ConditionValue({ condition, target, language, fallback, editable, error, onChange }: { condition: Condition; target: Question; language: Language; fallback: Language; editable: boolean; error: string | undefined; onChange: (next: Condition) => void }) {
  const { t } = useTranslation();
  let data: { value: string; label: string }[];
  if (isScaleType(target.type)) {
    const scale = SCALES[target.type];
    data = Array.from({ length: scale.max - scale.min + 1 }, (_, i) => String(scale.min + i)).map((value) => ({ value, label: value }));
  } else if (target.type === 'consent') {
    data = [
      { value: 'true', label: t('feedback.page.yes') },
      { value: 'false', label: t('feedback.page.no') },
    ];
  } else data = (target.options ?? []).map((option) => ({ value: option.id, label: textIn(option.label, language, fallback) || option.id }));
  const parse = (raw: string): number | string | boolean => (isScaleType(target.type) ? Number(raw) : target.type === 'consent' ? raw === 'true' : raw);
  const label = t('feedback.showIf.value');
  if (condition.operator === 'in') {
    const values = Array.isArray(condition.value) ? condition.value.map(String) : [];
    return <MultiSelect w={240} label={label} data={data} value={values} disabled={!editable} error={error} onChange={(next) => onChange({ ...condition, value: next.map(parse) })} />;
  }
  return (
    <Select
      w={200}
      label={label}
      data={data}
      value={condition.value === undefined || Array.isArray(condition.value) ? null : String(condition.value)}
      allowDeselect={false}
      disabled={!editable}
      error={error}
      onChange={(value) => value !== null && onChange({ ...condition, value: parse(value) })}
    />
  );
}
