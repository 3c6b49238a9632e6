import { useState } from 'react';
import { Menu, Text, UnstyledButton, Group, Stack } from '@mantine/core';
import { IconCheck, IconPlus, IconSelector } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useCurrentOrg } from '../session/current-org';
import { CreateOrgModal } from './create-org-modal';
import classes from './org-switcher.module.css';

export function OrgSwitcher() {
  const { t } = useTranslation();
  const { membership, memberships, switchOrg } = useCurrentOrg();
  const [creating, setCreating] = useState(false);

  return (
    <>
      <Menu position="bottom-start" width="target" withinPortal>
        <Menu.Target>
          <UnstyledButton className={classes.target} aria-label={t('orgs.switch', { name: membership.organizationName })}>
            <Group justify="space-between" wrap="nowrap" gap="xs">
              <Stack gap={0} style={{ minWidth: 0 }}>
                <Text size="xs" c="dimmed">
                  {t('orgs.label')}
                </Text>
                <Text size="sm" fw={600} truncate>
                  {membership.organizationName}
                </Text>
              </Stack>
              <IconSelector size={16} aria-hidden />
            </Group>
          </UnstyledButton>
        </Menu.Target>
        <Menu.Dropdown>
          {memberships.map((item) => (
            <Menu.Item
              key={item.orgId}
              onClick={() => switchOrg(item.orgId)}
              rightSection={item.orgId === membership.orgId ? <IconCheck size={14} aria-hidden /> : null}
              aria-current={item.orgId === membership.orgId ? 'true' : undefined}
            >
              <Text size="sm">{item.organizationName}</Text>
              <Text size="xs" c="dimmed">
                {t(`roles.${item.role}`)}
              </Text>
            </Menu.Item>
          ))}
          <Menu.Divider />
          <Menu.Item leftSection={<IconPlus size={14} aria-hidden />} onClick={() => setCreating(true)}>
            {t('orgs.create')}
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <CreateOrgModal
        opened={creating}
        onClose={() => setCreating(false)}
        onCreated={(organization) => switchOrg(organization.orgId)}
      />
    </>
  );
}
