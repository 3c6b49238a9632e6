import { Badge, Group, List, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Language } from '../i18n';
import { SCALES, isScaleType, type Answer, type Answers, type Definition, type Question, type ServqualAnswer } from './feedback-api';
import { textIn } from './survey-model';

/** The answers of one response, question by question, with the texts of the version the respondent answered. */
export function AnswersView({ definition, answers, language, fallback }: { definition: Definition; answers: Answers; language: Language; fallback: Language }) {
  const { t } = useTranslation();
  const known = new Set(definition.questions.map((question) => question.id));
  const unknown = Object.keys(answers).filter((id) => !known.has(id));
  return (
    <Stack gap="md">
      {definition.questions.map((question, index) => (
        <div key={question.id} data-testid={`answer-${question.id}`}>
          <Text size="sm" fw={600}>
            {index + 1}. {textIn(question.title, language, fallback) || question.id}
          </Text>
          <AnswerValue question={question} answer={answers[question.id]} language={language} fallback={fallback} />
        </div>
      ))}
      {unknown.length > 0 && (
        <Text size="xs" c="dimmed">
          {t('feedback.responses.unknownAnswers', { ids: unknown.join(', ') })}
        </Text>
      )}
    </Stack>
  );
}

function AnswerValue({ question, answer, language, fallback }: { question: Question; answer: Answer | undefined; language: Language; fallback: Language }) {
  const { t } = useTranslation();
  if (answer === undefined || (Array.isArray(answer) && answer.length === 0) || answer === '') {
    return (
      <Text size="sm" c="dimmed" fs="italic">
        {t('feedback.responses.notAnswered')}
      </Text>
    );
  }
  if (isScaleType(question.type) && typeof answer === 'number') {
    const scale = SCALES[question.type];
    return (
      <Group gap="xs">
        <Badge size="lg" variant="light" color={scoreColor(question.type, answer)}>
          {answer} / {scale.max}
        </Badge>
        {question.type === 'moment_rating' && question.momentKey && (
          <Text size="xs" c="dimmed" className="km-code">
            {question.momentKey}
          </Text>
        )}
      </Group>
    );
  }
  if (question.type === 'servqual' && typeof answer === 'object' && !Array.isArray(answer)) {
    const grid = answer as ServqualAnswer;
    return (
      <Table withTableBorder verticalSpacing={4} fz="sm" mt={4}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('feedback.fields.dimensions')}</Table.Th>
            {question.expectation && <Table.Th>{t('feedback.responses.expectation')}</Table.Th>}
            <Table.Th>{t('feedback.responses.perception')}</Table.Th>
            {question.expectation && <Table.Th>{t('feedback.responses.gap')}</Table.Th>}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(question.dimensions ?? []).map((dimension) => {
            const perception = grid.perception?.[dimension];
            const expectation = grid.expectation?.[dimension];
            return (
              <Table.Tr key={dimension}>
                <Table.Td>{t(`feedback.dimensions.${dimension}`)}</Table.Td>
                {question.expectation && <Table.Td>{expectation ?? '—'}</Table.Td>}
                <Table.Td>{perception ?? '—'}</Table.Td>
                {question.expectation && <Table.Td>{perception !== undefined && expectation !== undefined ? perception - expectation : '—'}</Table.Td>}
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    );
  }
  if (question.type === 'single_choice' || question.type === 'multiple_choice') {
    const chosen = Array.isArray(answer) ? answer : [String(answer)];
    const label = (id: string) => textIn(question.options?.find((option) => option.id === id)?.label, language, fallback) || id;
    return (
      <List size="sm" mt={2}>
        {chosen.map((id) => (
          <List.Item key={id}>{label(id)}</List.Item>
        ))}
      </List>
    );
  }
  if (question.type === 'consent' && typeof answer === 'boolean') {
    return (
      <Badge variant="light" color={answer ? 'green' : 'gray'}>
        {answer ? t('feedback.responses.consentYes') : t('feedback.responses.consentNo')}
      </Badge>
    );
  }
  return (
    <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
      {typeof answer === 'string' ? answer : JSON.stringify(answer)}
    </Text>
  );
}

export function scoreColor(type: 'nps' | 'csat' | 'ces' | 'moment_rating', value: number): string {
  if (type === 'nps') return value >= 9 ? 'green' : value >= 7 ? 'yellow' : 'red';
  if (type === 'ces') return value >= 5 ? 'green' : value >= 4 ? 'yellow' : 'red';
  return value >= 4 ? 'green' : value >= 3 ? 'yellow' : 'red';
}
