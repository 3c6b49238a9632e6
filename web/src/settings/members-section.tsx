import { useState } from 'react';
import { Badge, Button, Paper, Select, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, type Member, type Role } from '../api';
import { CenteredLoader } from '../components/centered-loader';
import { ConfirmModal } from '../components/confirm-modal';
import { LoadMoreButton } from '../components/load-more-button';
import { QueryError } from '../components/query-error';
import { useApiError } from '../components/use-api-error';
import { useLastPresent } from '../components/use-last-present';
import { usePagedList } from '../components/use-paged-list';
import { orgKey } from '../query-client';
import { useCurrentOrg } from '../session/current-org';
import { useMe } from '../session/use-me';
import { useLocationOptions } from './use-locations';
import { useRoleOptions } from './use-role-options';
import { SearchableSelect } from '../components/searchable-select';

/** Select options need a non-empty value; this one stands for "no location: the whole organisation". */
const WHOLE_ORG = 'whole-organisation';

export function MembersSection() {
  const { t } = useTranslation();
  const { orgId, isAdmin } = useCurrentOrg();
  const queryClient = useQueryClient();
  const handleError = useApiError();
  const members = usePagedList<Member>(orgKey(orgId, 'members'), '/members');
  const myUserId = useMe().data?.user.id;
  const [deactivating, setDeactivating] = useState<Member | null>(null);
  const [busy, setBusy] = useState(false);
  const shownDeactivating = useLastPresent(deactivating);

  const update = async (member: Member, changes: { role?: Role; locationId?: string | null; active?: boolean }) => {
    setBusy(true);
    try {
      await api(`/members/${member.userId}`, { method: 'PATCH', body: changes });
      await queryClient.invalidateQueries({ queryKey: orgKey(orgId, 'members') });
      notifications.show({ color: 'green', message: t('users.updated', { name: member.name }) });
      return true;
    } catch (error) {
      handleError(error, undefined, (failure) => (failure.status === 409 ? t('users.lastAdmin') : undefined));
      return false;
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="members-heading">
      <Title order={2} size="h4" mb="sm" id="members-heading">
        {t('users.members')}
      </Title>
      {members.isPending && <CenteredLoader />}
      {members.isError && <QueryError error={members.error} onRetry={() => void members.refetch()} />}
      {members.data && (
        <Paper withBorder radius="md">
          <Table.ScrollContainer minWidth={720}>
            <Table verticalSpacing="sm" highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('fields.personName')}</Table.Th>
                  <Table.Th>{t('fields.role')}</Table.Th>
                  <Table.Th>{t('fields.locationScope')}</Table.Th>
                  <Table.Th>{t('fields.status')}</Table.Th>
                  <Table.Th>
                    <VisuallyHidden>{t('common.actions')}</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {members.data.map((member) => (
                  <MemberRow
                    key={member.userId}
                    member={member}
                    editable={isAdmin}
                    isSelf={member.userId === myUserId}
                    busy={busy}
                    onChange={(changes) => void update(member, changes)}
                    onDeactivate={() => setDeactivating(member)}
                  />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      )}
      <LoadMoreButton
        hasNextPage={members.hasNextPage}
        isFetchingNextPage={members.isFetchingNextPage}
        onLoadMore={() => void members.fetchNextPage()}
      />
      <ConfirmModal
        opened={deactivating !== null}
        title={t('users.deactivateTitle', { name: shownDeactivating?.name ?? '' })}
        message={t('users.deactivateMessage')}
        confirmLabel={t('users.deactivate')}
        loading={busy}
        onConfirm={() => {
          if (deactivating) void update(deactivating, { active: false }).then((done) => done && setDeactivating(null));
        }}
        onClose={() => setDeactivating(null)}
      />
    </section>
  );
}

interface MemberRowProps {
  member: Member;
  editable: boolean;
  /** Nobody switches themselves off by accident: another administrator has to do it. */
  isSelf: boolean;
  busy: boolean;
  onChange: (changes: { role?: Role; locationId?: string | null; active?: boolean }) => void;
  onDeactivate: () => void;
}

function MemberRow({ member, editable, isSelf, busy, onChange, onDeactivate }: MemberRowProps) {
  const { t } = useTranslation();
  const roleOptions = useRoleOptions();
  const { options: locationOptions, labelOf } = useLocationOptions();
  const scopeOptions = [{ value: WHOLE_ORG, label: t('users.wholeOrganisation') }, ...locationOptions];

  return (
    <Table.Tr>
      <Table.Td>
        <Text size="sm" fw={500}>
          {member.name}
        </Text>
        <Text size="xs" c="dimmed">
          {member.email}
        </Text>
      </Table.Td>
      <Table.Td>
        {editable ? (
          <Select
            aria-label={t('users.roleOf', { name: member.name })}
            data={roleOptions}
            value={member.role}
            allowDeselect={false}
            disabled={busy}
            onChange={(role) => role && role !== member.role && onChange({ role: role as Role })}
            w={200}
          />
        ) : (
          t(`roles.${member.role}`)
        )}
      </Table.Td>
      <Table.Td>
        {editable ? (
          <SearchableSelect
            aria-label={t('users.scopeOf', { name: member.name })}
            data={scopeOptions}
            value={member.locationId ?? WHOLE_ORG}
            allowDeselect={false}
            disabled={busy}
            onChange={(value) => {
              const locationId = value === WHOLE_ORG || value === null ? null : value;
              if (locationId !== member.locationId) onChange({ locationId });
            }}
            w={240}
          />
        ) : (
          (labelOf(member.locationId) ?? t('users.wholeOrganisation'))
        )}
      </Table.Td>
      <Table.Td>
        <Badge color={member.active ? 'green' : 'gray'} variant="light">
          {member.active ? t('users.active') : t('users.deactivated')}
        </Badge>
      </Table.Td>
      <Table.Td ta="right">
        {editable &&
          !isSelf &&
          (member.active ? (
            <Button variant="subtle" color="red" size="xs" onClick={onDeactivate} disabled={busy}>
              {t('users.deactivate')}
            </Button>
          ) : (
            <Button variant="subtle" size="xs" onClick={() => onChange({ active: true })} disabled={busy}>
              {t('users.reactivate')}
            </Button>
          ))}
      </Table.Td>
    </Table.Tr>
  );
}
