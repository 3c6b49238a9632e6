import { useState } from 'react';
import { Alert, Button, Group, Modal, Select, Stack, Text, Textarea } from '@mantine/core';
import { IconArrowsExchange, IconCheck, IconDoorExit, IconRefresh, IconTrendingUp, IconX } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { Act } from './case-page';
import { CLOSE_REASONS, usePeople, usePersonName, type Case, type CaseAction } from './recovery-api';

type Dialog = 'transfer' | 'escalate' | 'close' | 'reopen' | 'decline' | 'approve' | 'reject' | null;

/** What the caller may do with the case now: the server's allowedActions, so no refused button is offered. */
export function CaseActions({ item, act, busy }: { item: Case; act: Act; busy: boolean }) {
  const { t } = useTranslation();
  const [dialog, setDialog] = useState<Dialog>(null);
  const can = (action: CaseAction) => item.allowedActions.includes(action);
  const compensation = item.playbook.propose?.compensation;
  const buttons = (
    <Group gap="xs">
      {can('accept') && (
        <Button leftSection={<IconCheck size={16} aria-hidden />} onClick={() => void act('accept').catch(() => undefined)} loading={busy}>
          {item.pendingTransferTo ? t('recovery.actions.acceptTransfer') : t('recovery.actions.accept')}
        </Button>
      )}
      {can('decline') && (
        <Button variant="default" leftSection={<IconX size={16} aria-hidden />} onClick={() => setDialog('decline')}>
          {t('recovery.actions.decline')}
        </Button>
      )}
      {can('transfer') && (
        <Button variant="default" leftSection={<IconArrowsExchange size={16} aria-hidden />} onClick={() => setDialog('transfer')}>
          {t('recovery.actions.transfer')}
        </Button>
      )}
      {can('escalate') && (
        <Button variant="default" color="red" leftSection={<IconTrendingUp size={16} aria-hidden />} onClick={() => setDialog('escalate')}>
          {t('recovery.actions.escalate')}
        </Button>
      )}
      {can('close') && (
        <Button variant="default" leftSection={<IconDoorExit size={16} aria-hidden />} onClick={() => setDialog('close')}>
          {t('recovery.actions.close')}
        </Button>
      )}
      {can('reopen') && (
        <Button variant="default" leftSection={<IconRefresh size={16} aria-hidden />} onClick={() => setDialog('reopen')}>
          {t('recovery.actions.reopen')}
        </Button>
      )}
    </Group>
  );
  return (
    <>
      {(can('approve') || can('reject')) && compensation && (
        <Alert color="grape" variant="light" title={t('recovery.approval.title')}>
          <Stack gap="xs">
            <Text size="sm">
              {t('recovery.approval.body', { kind: t(`recovery.compensation.${compensation.kind}`), amount: formatMoney(compensation.cost, compensation.currency), solution: item.playbook.propose?.solution ?? '' })}
            </Text>
            <Group gap="xs">
              {can('approve') && (
                <Button color="teal" onClick={() => setDialog('approve')}>
                  {t('recovery.approval.approve')}
                </Button>
              )}
              {can('reject') && (
                <Button color="red" variant="light" onClick={() => setDialog('reject')}>
                  {t('recovery.approval.reject')}
                </Button>
              )}
            </Group>
          </Stack>
        </Alert>
      )}
      {buttons}
      <TransferModal opened={dialog === 'transfer'} item={item} onClose={() => setDialog(null)} act={act} busy={busy} />
      <TextModal opened={dialog === 'escalate'} title={t('recovery.actions.escalate')} label={t('recovery.forms.escalateReason')} required onClose={() => setDialog(null)} busy={busy} onSubmit={(text) => act('escalate', { reason: text })} />
      <TextModal opened={dialog === 'decline'} title={t('recovery.actions.decline')} label={t('recovery.forms.reason')} onClose={() => setDialog(null)} busy={busy} onSubmit={(text) => act('decline', { reason: text || null })} />
      <TextModal opened={dialog === 'reopen'} title={t('recovery.actions.reopen')} label={t('recovery.forms.reason')} required onClose={() => setDialog(null)} busy={busy} onSubmit={(text) => act('reopen', { reason: text })} />
      <TextModal opened={dialog === 'approve'} title={t('recovery.approval.approve')} label={t('recovery.forms.note')} onClose={() => setDialog(null)} busy={busy} onSubmit={(text) => act('approve', { note: text || null })} />
      <TextModal opened={dialog === 'reject'} title={t('recovery.approval.reject')} label={t('recovery.forms.reason')} required onClose={() => setDialog(null)} busy={busy} onSubmit={(text) => act('reject', { note: text })} />
      <CloseModal opened={dialog === 'close'} onClose={() => setDialog(null)} act={act} busy={busy} />
    </>
  );
}

export function formatMoney(amount: number, currency: string): string {
  try {
    return new Intl.NumberFormat(document.documentElement.lang || 'en', { style: 'currency', currency }).format(amount);
  } catch {
    return `${amount} ${currency}`;
  }
}

function TextModal(props: { opened: boolean; title: string; label: string; required?: boolean; busy: boolean; onClose: () => void; onSubmit: (text: string) => Promise<void> }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    if (props.required && !text.trim()) {
      setError(t('validation.required'));
      return;
    }
    try {
      await props.onSubmit(text.trim());
      setText('');
      setError(null);
      props.onClose();
    } catch {
      // The error is already shown as a notification.
    }
  };
  return (
    <Modal opened={props.opened} onClose={props.onClose} title={props.title}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <Stack gap="sm">
          <Textarea label={props.label} required={props.required} autosize minRows={2} value={text} onChange={(event) => setText(event.currentTarget.value)} error={error} data-autofocus />
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={props.busy}>
              {t('recovery.forms.confirm')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function TransferModal({ opened, item, onClose, act, busy }: { opened: boolean; item: Case; onClose: () => void; act: Act; busy: boolean }) {
  const { t } = useTranslation();
  const { data: people = [] } = usePeople();
  const nameOf = usePersonName();
  const [to, setTo] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    if (!to) {
      setError(t('validation.required'));
      return;
    }
    try {
      await act('transfer', { toUserId: to, reason: reason.trim() || null });
      setTo(null);
      setReason('');
      setError(null);
      onClose();
    } catch {
      // shown as a notification
    }
  };
  return (
    <Modal opened={opened} onClose={onClose} title={t('recovery.actions.transfer')}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            {t('recovery.forms.transferHint', { owner: nameOf(item.ownerId) ?? '—' })}
          </Text>
          <Select
            label={t('recovery.forms.transferTo')}
            required
            searchable
            data={people.filter((person) => person.worksCases && person.userId !== item.ownerId).map((person) => ({ value: person.userId, label: `${person.name} · ${t(`roles.${person.role}`)}` }))}
            value={to}
            onChange={setTo}
            error={error}
            data-autofocus
          />
          <Textarea label={t('recovery.forms.reason')} autosize minRows={2} value={reason} onChange={(event) => setReason(event.currentTarget.value)} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={busy}>
              {t('recovery.forms.requestTransfer')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function CloseModal({ opened, onClose, act, busy }: { opened: boolean; onClose: () => void; act: Act; busy: boolean }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    if (!reason) {
      setError(t('validation.required'));
      return;
    }
    try {
      await act('close', { reason, note: note.trim() || null });
      setReason(null);
      setNote('');
      setError(null);
      onClose();
    } catch {
      // shown as a notification
    }
  };
  return (
    <Modal opened={opened} onClose={onClose} title={t('recovery.actions.close')}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <Stack gap="sm">
          <Select
            label={t('recovery.forms.closeReason')}
            description={t('recovery.forms.closeHint')}
            required
            data={CLOSE_REASONS.filter((r) => r !== 'recovered').map((r) => ({ value: r, label: t(`recovery.closeReason.${r}`) }))}
            value={reason}
            onChange={setReason}
            error={error}
            data-autofocus
          />
          <Textarea label={t('recovery.forms.note')} autosize minRows={2} value={note} onChange={(event) => setNote(event.currentTarget.value)} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" color="red" loading={busy}>
              {t('recovery.actions.close')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
