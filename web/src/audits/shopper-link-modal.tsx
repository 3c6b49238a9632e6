import { Alert, Button, CopyButton, Group, Modal, Select, Stack, Text, TextInput } from '@mantine/core';
import { IconCheck, IconCopy } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { useApiError } from '../components/use-api-error';
import { useFormat } from '../format';
import { LANGUAGE_NAMES, LANGUAGES } from '../i18n';
import { useCurrentOrg } from '../session/current-org';
import { auditsKey, type ShopperLink } from './audits-api';

/**
 * Issues the mystery shopper's link and shows it to copy. The token is never stored readable on the
 * server, so the link is shown once; issuing again replaces (and disables) the previous one.
 */
export function ShopperLinkModal({ runId, onClose }: { runId: string | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { orgId } = useCurrentOrg();
  const format = useFormat();
  const queryClient = useQueryClient();
  const onError = useApiError();
  const [locale, setLocale] = useState<string | null>(null);
  const issue = useMutation({
    mutationFn: () => api<ShopperLink>(`/audits/runs/${runId}/shopper-link`, { method: 'POST', body: locale ? { locale } : {} }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: auditsKey(orgId, 'run', runId) }),
    onError: (error) => onError(error),
  });
  const close = () => {
    issue.reset();
    setLocale(null);
    onClose();
  };
  const link = issue.data;
  return (
    <Modal opened={runId !== null} onClose={close} title={t('audits.shopper.title')}>
      <Stack gap="sm">
        <Text size="sm">{t('audits.shopper.explain')}</Text>
        {link ? (
          <>
            <TextInput label={t('audits.shopper.link')} value={link.url} readOnly onFocus={(event) => event.currentTarget.select()} />
            <Text size="sm" c="dimmed">
              {t('audits.shopper.expires', { date: format.dateTime(link.expiresAt) })}
            </Text>
            <Group justify="flex-end">
              <CopyButton value={link.url}>
                {({ copied, copy }) => (
                  <Button onClick={copy} color={copied ? 'teal' : undefined} leftSection={copied ? <IconCheck size={16} aria-hidden /> : <IconCopy size={16} aria-hidden />}>
                    {copied ? t('audits.shopper.copied') : t('audits.shopper.copy')}
                  </Button>
                )}
              </CopyButton>
              <Button variant="default" onClick={close}>
                {t('audits.close')}
              </Button>
            </Group>
          </>
        ) : (
          <>
            <Alert color="yellow" variant="light">
              {t('audits.shopper.replaces')}
            </Alert>
            <Select
              label={t('audits.shopper.language')}
              placeholder={t('audits.shopper.languageAuto')}
              clearable
              value={locale}
              onChange={setLocale}
              data={LANGUAGES.map((language) => ({ value: language, label: LANGUAGE_NAMES[language] }))}
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                {t('audits.cancel')}
              </Button>
              <Button onClick={() => issue.mutate()} loading={issue.isPending}>
                {t('audits.shopper.issue')}
              </Button>
            </Group>
          </>
        )}
      </Stack>
    </Modal>
  );
}
