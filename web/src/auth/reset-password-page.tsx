import { useState } from 'react';
import { Alert, Anchor, Button, PasswordInput, Stack, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconAlertCircle, IconCircleCheck } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { api, isApiError } from '../api';
import { useApiError } from '../components/use-api-error';
import { usePasswordRules } from './use-password-rules';

export function ResetPasswordPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const handleError = useApiError();
  const passwordRules = usePasswordRules();
  const [state, setState] = useState<'form' | 'done' | 'invalid'>(token ? 'form' : 'invalid');
  const [submitting, setSubmitting] = useState(false);
  const form = useForm({
    initialValues: { newPassword: '', confirm: '' },
    validate: {
      newPassword: passwordRules.password,
      confirm: passwordRules.confirm('newPassword'),
    },
  });

  const submit = form.onSubmit(async ({ newPassword }) => {
    setSubmitting(true);
    try {
      await api('/auth/password-resets', { method: 'POST', body: { token, newPassword }, redirectOn401: false });
      setState('done');
    } catch (error) {
      if (isApiError(error) && error.field === 'token') setState('invalid');
      else handleError(error, form);
    } finally {
      setSubmitting(false);
    }
  });

  return (
    <Stack>
      <Title order={1} size="h2">
        {t('reset.title')}
      </Title>
      {state === 'invalid' && (
        <Alert color="red" icon={<IconAlertCircle aria-hidden />} role="alert">
          {t('reset.invalid')}{' '}
          <Anchor component={Link} to="/forgot-password" size="sm">
            {t('reset.requestNew')}
          </Anchor>
        </Alert>
      )}
      {state === 'done' && (
        <Alert color="green" icon={<IconCircleCheck aria-hidden />} role="status">
          {t('reset.done')}
        </Alert>
      )}
      {state === 'form' && (
        <form onSubmit={submit} noValidate>
          <Stack>
            <PasswordInput
              label={t('fields.newPassword')}
              description={t('validation.passwordHint')}
              autoComplete="new-password"
              required
              data-autofocus
              {...form.getInputProps('newPassword')}
            />
            <PasswordInput
              label={t('fields.confirmPassword')}
              autoComplete="new-password"
              required
              {...form.getInputProps('confirm')}
            />
            <Button type="submit" loading={submitting}>
              {t('reset.submit')}
            </Button>
          </Stack>
        </form>
      )}
      <Anchor component={Link} to="/sign-in" size="sm">
        {t('common.backToSignIn')}
      </Anchor>
    </Stack>
  );
}
