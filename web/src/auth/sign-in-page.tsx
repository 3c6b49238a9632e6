import { useState } from 'react';
import { Alert, Anchor, Button, Group, PasswordInput, Stack, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { IconAlertCircle, IconInfoCircle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { api, isApiError, safeNextPath, type User } from '../api';
import { useApiError } from '../components/use-api-error';
import { forgetSession } from '../session/forget-session';

export function SignInPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [params] = useSearchParams();
  const handleError = useApiError();
  const [failed, setFailed] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const setup = useQuery({
    queryKey: ['setup'],
    queryFn: () => api<{ needed: boolean }>('/setup', { redirectOn401: false }),
  });

  const form = useForm({
    initialValues: { email: '', password: '' },
    validate: {
      email: (value) => (/^\S+@\S+$/.test(value) ? null : t('validation.email')),
      password: (value) => (value ? null : t('validation.required')),
    },
  });

  const submit = form.onSubmit(async (values) => {
    setFailed(false);
    setSubmitting(true);
    try {
      await api<{ user: User }>('/auth/sign-in', { method: 'POST', body: values, redirectOn401: false });
      forgetSession(queryClient);
      navigate(safeNextPath(params.get('next')) ?? '/', { replace: true });
    } catch (error) {
      if (isApiError(error) && error.status === 401) setFailed(true);
      else handleError(error, form);
    } finally {
      setSubmitting(false);
    }
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Title order={1} size="h2">
          {t('signIn.title')}
        </Title>
        {setup.data?.needed && (
          <Alert color="blue" icon={<IconInfoCircle aria-hidden />} title={t('signIn.setupNeededTitle')}>
            {t('signIn.setupNeeded')}
          </Alert>
        )}
        {failed && (
          <Alert color="red" icon={<IconAlertCircle aria-hidden />} role="alert">
            {t('signIn.invalid')}
          </Alert>
        )}
        <TextInput
          label={t('fields.email')}
          type="email"
          autoComplete="username"
          required
          data-autofocus
          {...form.getInputProps('email')}
        />
        <PasswordInput
          label={t('fields.password')}
          autoComplete="current-password"
          required
          {...form.getInputProps('password')}
        />
        <Group justify="space-between" align="center">
          <Anchor component={Link} to="/forgot-password" size="sm">
            {t('signIn.forgot')}
          </Anchor>
          <Button type="submit" loading={submitting}>
            {t('signIn.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
