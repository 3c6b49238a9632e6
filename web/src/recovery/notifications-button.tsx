import { ActionIcon, Anchor, Button, Group, Indicator, Popover, ScrollArea, Stack, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { IconBell } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api, type Page } from '../api';
import { useFormat } from '../format';
import { useCurrentOrg } from '../session/current-org';
import { notificationsKey, usePersonName, type NotificationItem } from './recovery-api';

/** In-app notifications (the same ones that are e-mailed): a bell with the unread count. */
export function NotificationsButton() {
  const { t } = useTranslation();
  const { orgId } = useCurrentOrg();
  const format = useFormat();
  const nameOf = usePersonName();
  const queryClient = useQueryClient();
  const [opened, setOpened] = useState(false);
  const list = useQuery({
    queryKey: notificationsKey(orgId),
    queryFn: () => api<Page<NotificationItem> & { unreadCount: number }>('/notifications', { query: { limit: 30 } }),
    refetchInterval: 60_000,
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: notificationsKey(orgId) });
  const markRead = useMutation({ mutationFn: (id: string) => api(`/notifications/${id}/read`, { method: 'POST' }), onSuccess: refresh });
  const markAll = useMutation({ mutationFn: () => api('/notifications/read-all', { method: 'POST' }), onSuccess: refresh });
  const unread = list.data?.unreadCount ?? 0;
  const items = list.data?.items ?? [];

  return (
    <Popover opened={opened} onChange={setOpened} width={360} position="bottom-end" shadow="md" trapFocus>
      <Popover.Target>
        <Indicator label={unread} size={16} disabled={unread === 0} offset={4}>
          <ActionIcon variant="default" size="lg" onClick={() => setOpened((o) => !o)} aria-label={t('recovery.notifications.open', { count: unread })}>
            <IconBell size={18} aria-hidden />
          </ActionIcon>
        </Indicator>
      </Popover.Target>
      <Popover.Dropdown>
        <Group justify="space-between" mb="xs">
          <Text fw={600}>{t('recovery.notifications.title')}</Text>
          <Button size="compact-xs" variant="subtle" disabled={unread === 0} onClick={() => markAll.mutate()}>
            {t('recovery.notifications.markAll')}
          </Button>
        </Group>
        {items.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('recovery.notifications.empty')}
          </Text>
        ) : (
          <ScrollArea.Autosize mah={400}>
            <Stack gap="xs">
              {items.map((item) => (
                <Stack key={item.notificationId} gap={2} style={{ opacity: item.readAt ? 0.6 : 1 }}>
                  <Anchor
                    component={Link}
                    to={item.caseId ? `/cases/${item.caseId}` : '/recovery'}
                    size="sm"
                    fw={item.readAt ? 400 : 600}
                    onClick={() => {
                      setOpened(false);
                      if (!item.readAt) markRead.mutate(item.notificationId);
                    }}
                  >
                    {t(`recovery.notifications.kinds.${item.kind}`, { who: nameOf(typeof item.data.byUserId === 'string' ? item.data.byUserId : null) ?? t('recovery.timeline.system') })}
                  </Anchor>
                  <Text size="xs" c="dimmed" lineClamp={1}>
                    {String(item.data.summary ?? '')} · {format.dateTime(item.createdAt)}
                  </Text>
                </Stack>
              ))}
            </Stack>
          </ScrollArea.Autosize>
        )}
      </Popover.Dropdown>
    </Popover>
  );
}
