import { useState } from 'react';
import { ActionIcon, Badge, Button, Card, EmptyState, Group, Modal, Select, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDebouncedValue } from '@mantine/hooks';
import { IconPencil, IconPlus, IconSearch } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, fetchAllPages, type Member } from '../api';
import { CenteredLoader } from '../components/centered-loader';
import { LoadMoreButton } from '../components/load-more-button';
import { PageHeader } from '../components/page-header';
import { QueryError } from '../components/query-error';
import { useLastPresent } from '../components/use-last-present';
import { useApiError } from '../components/use-api-error';
import { usePagedList } from '../components/use-paged-list';
import { currentLanguage, LANGUAGE_NAMES, LANGUAGES } from '../i18n';
import { orgKey } from '../query-client';
import { useCurrentOrg } from '../session/current-org';
import { useLocationOptions } from '../settings/use-locations';
import { coachingKey, type StaffRecord } from './coaching-api';
import { CoachingTabs } from './coaching-tabs';

/** Staff records: the business's own staff ids (as in responses), searchable, registered and edited here. */
export function StaffPage() {
  const { t } = useTranslation();
  const { orgId } = useCurrentOrg();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 300);
  const [editing, setEditing] = useState<StaffRecord | 'new' | null>(null);
  // The dialog keeps its title while it fades out after saving.
  const shown = useLastPresent(editing);
  const staff = usePagedList<StaffRecord>(coachingKey(orgId, 'staff', 'page', q), '/coaching/staff', q ? { q } : {});
  const { labelOf } = useLocationOptions();

  let body;
  if (staff.isPending) body = <CenteredLoader />;
  else if (staff.isError) body = <QueryError error={staff.error} onRetry={() => void staff.refetch()} />;
  else if (staff.data.length === 0) body = <EmptyState variant="light" title={q ? t('coaching.staff.noMatch') : t('coaching.staff.none')} description={q ? undefined : t('coaching.staff.noneHint')} />;
  else
    body = (
      <Stack gap="xs" data-testid="staff-list">
        {staff.data.map((member) => (
          <Card key={member.staffId} withBorder padding="sm">
            <Group justify="space-between" wrap="nowrap" align="flex-start">
              <div style={{ minWidth: 0 }}>
                <Text fw={600}>{member.name}</Text>
                <Group gap={6} mt={2}>
                  <Badge variant="light" color="gray">
                    {member.staffId}
                  </Badge>
                  {member.role && <Badge variant="light">{member.role}</Badge>}
                  {member.userId && <Badge variant="light" color="green">{t('coaching.staff.linked')}</Badge>}
                </Group>
                {member.locationId && (
                  <Text size="sm" c="dimmed" mt={2}>
                    {labelOf(member.locationId) ?? member.locationId}
                  </Text>
                )}
              </div>
              <ActionIcon variant="default" size="lg" onClick={() => setEditing(member)} aria-label={t('coaching.staff.editOf', { name: member.name })}>
                <IconPencil size={16} aria-hidden />
              </ActionIcon>
            </Group>
          </Card>
        ))}
        <LoadMoreButton hasNextPage={staff.hasNextPage} isFetchingNextPage={staff.isFetchingNextPage} onLoadMore={() => void staff.fetchNextPage()} />
      </Stack>
    );

  return (
    <>
      <PageHeader title={t('nav.coaching')} />
      <CoachingTabs />
      <Stack gap="md" maw={720}>
        <Group justify="space-between" align="flex-end">
          <TextInput
            label={t('coaching.staff.search')}
            leftSection={<IconSearch size={16} aria-hidden />}
            value={search}
            onChange={(event) => setSearch(event.currentTarget.value)}
            style={{ flex: 1, minWidth: 200 }}
          />
          <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setEditing('new')}>
            {t('coaching.staff.register')}
          </Button>
        </Group>
        {body}
      </Stack>
      <Modal opened={editing !== null} onClose={() => setEditing(null)} title={shown === 'new' ? t('coaching.staff.register') : t('coaching.staff.edit')} size="lg">
        {editing !== null && <StaffForm key={editing === 'new' ? 'new' : editing.staffId} record={editing === 'new' ? null : editing} onDone={() => setEditing(null)} />}
      </Modal>
    </>
  );
}

function StaffForm({ record, onDone }: { record: StaffRecord | null; onDone: () => void }) {
  const { t } = useTranslation();
  const { orgId } = useCurrentOrg();
  const queryClient = useQueryClient();
  const handleError = useApiError();
  const { options: locations } = useLocationOptions();
  // Only people who may read members get the list; anyone else links accounts later or not at all.
  const members = useQuery({ queryKey: orgKey(orgId, 'members', 'all'), queryFn: () => fetchAllPages<Member>('/members'), retry: false });
  const form = useForm({
    initialValues: {
      staffId: record?.staffId ?? '',
      name: record?.name ?? '',
      userId: record?.userId ?? null,
      locationId: record?.locationId ?? null,
      role: record?.role ?? '',
      locale: record?.locale ?? currentLanguage(),
    },
    validate: {
      staffId: (value) => (value.trim() ? (value.trim().length > 100 ? t('coaching.staff.errors.tooLong') : null) : t('validation.required')),
      name: (value) => (value.trim() ? null : t('validation.required')),
    },
  });
  const save = useMutation({
    mutationFn: (values: typeof form.values) =>
      api<StaffRecord>(`/coaching/staff/${encodeURIComponent(values.staffId.trim())}`, {
        method: 'PUT',
        body: { name: values.name.trim(), userId: values.userId, locationId: values.locationId, role: values.role.trim() || null, locale: values.locale },
      }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: coachingKey(orgId, 'staff') });
      onDone();
    },
    onError: (error) =>
      handleError(error, form, (failure) => {
        if (failure.field === 'locationId') return t('coaching.staff.errors.location');
        if (failure.field === 'userId') return t('coaching.staff.errors.userTaken');
        if (failure.field === 'name') return t('validation.required');
        return undefined;
      }),
  });
  const memberOptions = (members.data ?? []).filter((member) => member.active).map((member) => ({ value: member.userId, label: `${member.name} · ${member.email}` }));
  return (
    <form onSubmit={form.onSubmit((values) => save.mutate(values))} noValidate>
      <Stack gap="sm">
        <TextInput label={t('coaching.staff.staffId')} description={t('coaching.staff.staffIdHint')} required disabled={record !== null} data-autofocus data-testid="staff-id" {...form.getInputProps('staffId')} />
        <TextInput label={t('coaching.staff.name')} required data-testid="staff-name" {...form.getInputProps('name')} />
        <TextInput label={t('coaching.staff.role')} description={t('coaching.staff.roleHint')} data-testid="staff-role" {...form.getInputProps('role')} />
        <Select label={t('coaching.staff.outlet')} data={locations} searchable clearable data-testid="staff-location" {...form.getInputProps('locationId')} />
        {members.isSuccess && (
          <Select label={t('coaching.staff.account')} description={t('coaching.staff.accountHint')} data={memberOptions} searchable clearable data-testid="staff-user" {...form.getInputProps('userId')} />
        )}
        <Select label={t('coaching.staff.language')} data={LANGUAGES.map((language) => ({ value: language, label: LANGUAGE_NAMES[language] }))} allowDeselect={false} {...form.getInputProps('locale')} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('coaching.admin.cancel')}
          </Button>
          <Button type="submit" loading={save.isPending} data-testid="staff-save">
            {t('coaching.admin.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
