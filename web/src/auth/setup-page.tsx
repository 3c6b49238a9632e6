import { useState } from 'react';
import { Alert, Anchor, Button, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { IconAlertCircle, IconCircleCheck } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { api, isApiError, storeOrgId, type Organization, type User } from '../api';
import { CenteredLoader } from '../components/centered-loader';
import { QueryError } from '../components/query-error';
import { useApiError } from '../components/use-api-error';
import { currentLanguage } from '../i18n';
import { usePasswordRules } from './use-password-rules';
import { forgetSession } from '../session/forget-session';

/** First run: creates the first organisation and its administrator, then opens the workspace. */
export function SetupPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const setup = useQuery({
    queryKey: ['setup'],
    queryFn: () => api<{ needed: boolean }>('/setup', { redirectOn401: false }),
  });

  let body;
  if (setup.isPending) body = <CenteredLoader />;
  else if (setup.isError) body = <QueryError error={setup.error} onRetry={() => void setup.refetch()} />;
  else if (!setup.data.needed)
    body = (
      <Alert color="green" icon={<IconCircleCheck aria-hidden />}>
        {t('setup.done')}{' '}
        <Anchor component={Link} to="/sign-in" size="sm">
          {t('signIn.submit')}
        </Anchor>
      </Alert>
    );
  else if (!token)
    body = (
      <Alert color="red" icon={<IconAlertCircle aria-hidden />} role="alert">
        {t('setup.noToken')}
      </Alert>
    );
  else body = <SetupForm token={token} />;

  return (
    <Stack>
      <Title order={1} size="h2">
        {t('setup.title')}
      </Title>
      {body}
    </Stack>
  );
}

function SetupForm({ token }: { token: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const handleError = useApiError();
  const passwordRules = usePasswordRules();
  const [submitting, setSubmitting] = useState(false);
  const [problem, setProblem] = useState<'token' | 'done' | null>(null);
  const form = useForm({
    initialValues: { organizationName: '', name: '', email: '', password: '' },
    validate: {
      organizationName: (value) => (value.trim() ? null : t('validation.required')),
      name: (value) => (value.trim() ? null : t('validation.required')),
      email: (value) => (/^\S+@\S+$/.test(value) ? null : t('validation.email')),
      password: passwordRules.password,
    },
  });

  const submit = form.onSubmit(async (values) => {
    setSubmitting(true);
    try {
      const result = await api<{ user: User; organization: Organization }>('/setup', {
        method: 'POST',
        body: { ...values, token, locale: currentLanguage() },
        redirectOn401: false,
      });
      storeOrgId(result.organization.orgId);
      forgetSession(queryClient);
      navigate('/', { replace: true });
    } catch (error) {
      if (isApiError(error) && error.field === 'token') setProblem('token');
      else if (isApiError(error) && error.status === 409) setProblem('done');
      else handleError(error, form);
    } finally {
      setSubmitting(false);
    }
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Text size="sm" c="dimmed">
          {t('setup.intro')}
        </Text>
        {problem && (
          <Alert color="red" icon={<IconAlertCircle aria-hidden />} role="alert">
            {problem === 'token' ? t('setup.badToken') : t('setup.done')}
          </Alert>
        )}
        <TextInput
          label={t('fields.organizationName')}
          required
          data-autofocus
          {...form.getInputProps('organizationName')}
        />
        <TextInput label={t('fields.yourName')} autoComplete="name" required {...form.getInputProps('name')} />
        <TextInput
          label={t('fields.email')}
          type="email"
          autoComplete="email"
          required
          {...form.getInputProps('email')}
        />
        <PasswordInput
          label={t('fields.password')}
          description={t('validation.passwordHint')}
          autoComplete="new-password"
          required
          {...form.getInputProps('password')}
        />
        <Button type="submit" loading={submitting}>
          {t('setup.submit')}
        </Button>
      </Stack>
    </form>
  );
}
