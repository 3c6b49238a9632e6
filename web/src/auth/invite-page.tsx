import { useState } from 'react';
import { Alert, Anchor, Button, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { IconAlertCircle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { api, isApiError, storeOrgId, type InvitationPreview, type Me } from '../api';
import { CenteredLoader } from '../components/centered-loader';
import { QueryError } from '../components/query-error';
import { useApiError } from '../components/use-api-error';
import { usePasswordRules } from './use-password-rules';
import { forgetSession } from '../session/forget-session';

export function InvitePage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const invitation = useQuery({
    queryKey: ['invitation', token],
    queryFn: () => api<InvitationPreview>(`/invitations/by-token/${encodeURIComponent(token)}`, { redirectOn401: false }),
    enabled: token !== '',
  });

  const unknown = !token || (isApiError(invitation.error) && invitation.error.status === 404);
  let body;
  if (unknown)
    body = (
      <Alert color="red" icon={<IconAlertCircle aria-hidden />} role="alert">
        {t('invite.invalid')}
      </Alert>
    );
  else if (invitation.isPending) body = <CenteredLoader />;
  else if (invitation.isError) body = <QueryError error={invitation.error} onRetry={() => void invitation.refetch()} />;
  else body = <AcceptInvitationForm token={token} invitation={invitation.data} />;

  return (
    <Stack>
      <Title order={1} size="h2">
        {t('invite.title')}
      </Title>
      {body}
      <Anchor component={Link} to="/sign-in" size="sm">
        {t('common.backToSignIn')}
      </Anchor>
    </Stack>
  );
}

function AcceptInvitationForm({ token, invitation }: { token: string; invitation: InvitationPreview }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const handleError = useApiError();
  const passwordRules = usePasswordRules();
  const [submitting, setSubmitting] = useState(false);
  const form = useForm({
    initialValues: { name: '', password: '' },
    validate: {
      name: (value) => (invitation.userExists || value.trim() ? null : t('validation.required')),
      password: invitation.userExists
        ? (value: string) => (value ? null : t('validation.required'))
        : passwordRules.password,
    },
  });

  const submit = form.onSubmit(async ({ name, password }) => {
    setSubmitting(true);
    try {
      await api('/invitations/accept', {
        method: 'POST',
        body: invitation.userExists ? { token, password } : { token, name, password },
        redirectOn401: false,
      });
      // The answer names only the user: open the organisation of the invitation, found by its name.
      const me = await api<Me>('/me');
      const joined = me.memberships.find((membership) => membership.organizationName === invitation.organizationName);
      if (joined) storeOrgId(joined.orgId);
      forgetSession(queryClient);
      navigate('/', { replace: true });
    } catch (error) {
      if (isApiError(error) && error.status === 401) form.setFieldError('password', t('invite.wrongPassword'));
      else handleError(error, form);
    } finally {
      setSubmitting(false);
    }
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Text>
          {t('invite.intro', {
            organization: invitation.organizationName,
            role: t(`roles.${invitation.role}`),
          })}
        </Text>
        <TextInput label={t('fields.email')} value={invitation.email} readOnly />
        {!invitation.userExists && (
          <TextInput
            label={t('fields.yourName')}
            autoComplete="name"
            required
            data-autofocus
            {...form.getInputProps('name')}
          />
        )}
        <PasswordInput
          label={invitation.userExists ? t('invite.existingPassword') : t('fields.choosePassword')}
          description={invitation.userExists ? undefined : t('validation.passwordHint')}
          autoComplete={invitation.userExists ? 'current-password' : 'new-password'}
          required
          data-autofocus={invitation.userExists || undefined}
          {...form.getInputProps('password')}
        />
        <Button type="submit" loading={submitting}>
          {t('invite.accept')}
        </Button>
      </Stack>
    </form>
  );
}
