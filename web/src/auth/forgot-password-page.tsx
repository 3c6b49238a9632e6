import { useState } from 'react';
import { Alert, Anchor, Button, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconMailCheck } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api } from '../api';
import { useApiError } from '../components/use-api-error';

export function ForgotPasswordPage() {
  const { t } = useTranslation();
  const handleError = useApiError();
  const [sent, setSent] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const form = useForm({
    initialValues: { email: '' },
    validate: { email: (value) => (/^\S+@\S+$/.test(value) ? null : t('validation.email')) },
  });

  const submit = form.onSubmit(async (values) => {
    setSubmitting(true);
    try {
      await api('/auth/password-reset-requests', { method: 'POST', body: values, redirectOn401: false });
      setSent(true);
    } catch (error) {
      handleError(error, form);
    } finally {
      setSubmitting(false);
    }
  });

  return (
    <Stack>
      <Title order={1} size="h2">
        {t('forgot.title')}
      </Title>
      {sent ? (
        <Alert color="green" icon={<IconMailCheck aria-hidden />} role="status">
          {t('forgot.sent')}
        </Alert>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack>
            <Text size="sm" c="dimmed">
              {t('forgot.intro')}
            </Text>
            <TextInput
              label={t('fields.email')}
              type="email"
              autoComplete="email"
              required
              data-autofocus
              {...form.getInputProps('email')}
            />
            <Button type="submit" loading={submitting}>
              {t('forgot.submit')}
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
