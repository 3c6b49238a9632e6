import { ActionIcon, Box, Button, Group, Indicator, Loader, Popover, ScrollArea, Stack, Text, UnstyledButton } from '@mantine/core';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { IconBell } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { api } from '../api';
import { useFormat } from '../format';
import { orgKey } from '../query-client';
import { useCurrentOrg } from '../session/current-org';

/** One entry of the shared inbox (GET /api/v1/notifications), its texts already in the reader's language. */
export interface InboxItem {
  notificationId: string;
  kind: string;
  title: string;
  body: string | null;
  link: string | null;
  readAt: string | null;
  createdAt: string;
}

interface InboxPage {
  items: InboxItem[];
  nextCursor: string | null;
  unreadCount: number;
}

const PAGE_SIZE = 10;

/**
 * The bell in the header: every room's notifications for the signed-in person in this organisation.
 * The unread count is polled every minute and when the window regains focus; the list loads when the
 * bell is opened. Choosing an entry marks it read and opens its page.
 */
export function NotificationsBell() {
  const { t, i18n } = useTranslation();
  const { orgId } = useCurrentOrg();
  const format = useFormat();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [opened, setOpened] = useState(false);
  // Shares its key prefix with the rooms' own invalidations (e.g. a case action refreshes the inbox).
  const baseKey = orgKey(orgId, 'notifications');

  const count = useQuery({
    queryKey: [...baseKey, 'unread-count'],
    queryFn: () => api<{ unreadCount: number }>('/notifications/unread-count'),
    refetchInterval: 60_000,
    refetchOnWindowFocus: true,
  });
  const list = useInfiniteQuery({
    queryKey: [...baseKey, 'list', i18n.language],
    queryFn: ({ pageParam }) => api<InboxPage>('/notifications', { query: { limit: PAGE_SIZE, locale: i18n.language, cursor: pageParam ?? undefined } }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    enabled: opened,
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: baseKey });
  const markRead = useMutation({ mutationFn: (id: string) => api(`/notifications/${id}/read`, { method: 'POST' }), onSettled: refresh });
  const markAll = useMutation({ mutationFn: () => api('/notifications/read-all', { method: 'POST' }), onSettled: refresh });

  const unread = count.data?.unreadCount ?? 0;
  const items = list.data?.pages.flatMap((page) => page.items) ?? [];

  const choose = (item: InboxItem) => {
    setOpened(false);
    if (!item.readAt) markRead.mutate(item.notificationId);
    if (item.link) void navigate(item.link);
  };

  return (
    <Popover opened={opened} onChange={setOpened} width={380} position="bottom-end" shadow="md" trapFocus returnFocus withinPortal>
      <Popover.Target>
        <Indicator label={unread > 99 ? '99+' : unread} size={18} disabled={unread === 0} offset={4} color="red" data-testid="notifications-count">
          <ActionIcon
            variant="default"
            size="lg"
            onClick={() => setOpened((o) => !o)}
            aria-label={unread > 0 ? t('notifications.openUnread', { count: unread }) : t('notifications.open')}
            aria-haspopup="dialog"
            aria-expanded={opened}
          >
            <IconBell size={18} aria-hidden />
          </ActionIcon>
        </Indicator>
      </Popover.Target>
      <Popover.Dropdown p={0} role="dialog" aria-label={t('notifications.title')}>
        <Group justify="space-between" px="md" py="xs" style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}>
          <Text fw={600}>{t('notifications.title')}</Text>
          <Button size="compact-sm" variant="subtle" disabled={unread === 0 || markAll.isPending} onClick={() => markAll.mutate()}>
            {t('notifications.markAll')}
          </Button>
        </Group>
        {list.isPending ? (
          <Group justify="center" p="md">
            <Loader size="sm" aria-label={t('notifications.loading')} />
          </Group>
        ) : list.isError ? (
          <Text size="sm" c="red" p="md" role="alert">
            {t('notifications.error')}
          </Text>
        ) : items.length === 0 ? (
          <Stack align="center" gap={4} p="lg">
            <IconBell size={28} aria-hidden color="var(--mantine-color-dimmed)" />
            <Text size="sm" c="dimmed">
              {t('notifications.empty')}
            </Text>
          </Stack>
        ) : (
          <ScrollArea.Autosize mah={420} type="auto">
            <Box component="ul" m={0} p={0} style={{ listStyle: 'none' }} aria-label={t('notifications.title')}>
              {items.map((item) => (
                <li key={item.notificationId}>
                  <UnstyledButton
                    onClick={() => choose(item)}
                    w="100%"
                    px="md"
                    py="xs"
                    className="km-notification-item"
                    aria-label={item.readAt ? item.title : `${t('notifications.unread')}: ${item.title}`}
                    style={{
                      display: 'block',
                      borderBottom: '1px solid var(--mantine-color-default-border)',
                      background: item.readAt ? undefined : 'var(--mantine-color-blue-light)',
                    }}
                  >
                    <Group gap={6} wrap="nowrap" align="flex-start">
                      <Box
                        aria-hidden
                        mt={6}
                        style={{ width: 8, height: 8, flex: '0 0 8px', borderRadius: 4, background: item.readAt ? 'transparent' : 'var(--mantine-color-blue-filled)' }}
                      />
                      <Stack gap={2} style={{ minWidth: 0 }}>
                        <Text size="sm" fw={item.readAt ? 400 : 700} lineClamp={2}>
                          {item.title}
                        </Text>
                        {item.body && (
                          <Text size="xs" c="dimmed" lineClamp={1}>
                            {item.body}
                          </Text>
                        )}
                        <Text size="xs" c="dimmed">
                          {format.dateTime(item.createdAt)}
                        </Text>
                      </Stack>
                    </Group>
                  </UnstyledButton>
                </li>
              ))}
            </Box>
            {list.hasNextPage && (
              <Group justify="center" p="xs">
                <Button size="compact-sm" variant="subtle" loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
                  {t('notifications.loadMore')}
                </Button>
              </Group>
            )}
          </ScrollArea.Autosize>
        )}
      </Popover.Dropdown>
    </Popover>
  );
}
