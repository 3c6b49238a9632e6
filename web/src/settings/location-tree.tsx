import { useState } from 'react';
import { ActionIcon, Badge, Box, Group, Menu, Text, Tooltip } from '@mantine/core';
import {
  IconArchive,
  IconBuildingStore,
  IconBuildingSkyscraper,
  IconChevronDown,
  IconChevronRight,
  IconDots,
  IconPencil,
  IconPlus,
  IconWorld,
} from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { Location, LocationLevel } from '../api';
import { childLevels, type LocationNode } from './location-tree-model';
import classes from './location-tree.module.css';

const LEVEL_ICONS = { region: IconWorld, city: IconBuildingSkyscraper, outlet: IconBuildingStore } as const;

interface LocationTreeProps {
  nodes: LocationNode[];
  orgTimezone: string | undefined;
  canEdit: boolean;
  onEdit: (location: Location) => void;
  onAddChild: (parent: Location, level: LocationLevel) => void;
  onArchive: (location: Location) => void;
}

/** Nested lists: the structure reads correctly to screen readers and every action is a real button. */
export function LocationTree(props: LocationTreeProps) {
  const { t } = useTranslation();
  return (
    <ul className={classes.list} aria-label={t('locations.treeLabel')}>
      {props.nodes.map((node) => (
        <LocationTreeItem key={node.location.locationId} node={node} depth={0} {...props} />
      ))}
    </ul>
  );
}

function LocationTreeItem({ node, depth, ...props }: LocationTreeProps & { node: LocationNode; depth: number }) {
  const { t } = useTranslation();
  const [expanded, setExpanded] = useState(true);
  const { location, children } = node;
  const Icon = LEVEL_ICONS[location.level];
  const archived = location.archivedAt !== null;
  const groupId = `location-children-${location.locationId}`;

  return (
    <li>
      <Group
        className={classes.row}
        gap="xs"
        wrap="nowrap"
        style={{ paddingInlineStart: `calc(${depth} * var(--mantine-spacing-lg) + var(--mantine-spacing-xs))` }}
        data-archived={archived || undefined}
      >
        {children.length > 0 ? (
          <ActionIcon
            variant="subtle"
            color="gray"
            size="sm"
            onClick={() => setExpanded((value) => !value)}
            aria-expanded={expanded}
            aria-controls={groupId}
            aria-label={t(expanded ? 'locations.collapse' : 'locations.expand', { name: location.name })}
          >
            {expanded ? <IconChevronDown size={16} aria-hidden /> : <IconChevronRight size={16} aria-hidden />}
          </ActionIcon>
        ) : (
          <Box w={22} aria-hidden />
        )}
        <Tooltip label={t(`levels.${location.level}`)}>
          <Icon size={18} stroke={1.6} aria-hidden className={classes.icon} />
        </Tooltip>
        <Box className={classes.name}>
          <Text size="sm" fw={500} truncate>
            {location.name}
            {location.code && (
              <Text span size="xs" c="dimmed" ml={6}>
                {location.code}
              </Text>
            )}
          </Text>
          {(location.kind || (props.orgTimezone && location.timezone !== props.orgTimezone)) && (
            <Text size="xs" c="dimmed" truncate>
              {[location.kind, location.timezone !== props.orgTimezone ? location.timezone : null].filter(Boolean).join(' · ')}
            </Text>
          )}
        </Box>
        <Badge variant="light" color="gray" size="sm" visibleFrom="xs">
          {t(`levels.${location.level}`)}
        </Badge>
        {archived && (
          <Badge variant="outline" color="orange" size="sm">
            {t('locations.archivedBadge')}
          </Badge>
        )}
        {props.canEdit && !archived && <LocationActions location={location} {...props} />}
      </Group>
      {children.length > 0 && expanded && (
        <ul className={classes.list} id={groupId}>
          {children.map((child) => (
            <LocationTreeItem key={child.location.locationId} {...props} node={child} depth={depth + 1} />
          ))}
        </ul>
      )}
    </li>
  );
}

function LocationActions({ location, onEdit, onAddChild, onArchive }: LocationTreeProps & { location: Location }) {
  const { t } = useTranslation();
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <ActionIcon variant="subtle" color="gray" aria-label={t('locations.actionsFor', { name: location.name })}>
          <IconDots size={18} aria-hidden />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item leftSection={<IconPencil size={16} aria-hidden />} onClick={() => onEdit(location)}>
          {t('locations.editMove')}
        </Menu.Item>
        {childLevels(location).map((level) => (
          <Menu.Item key={level} leftSection={<IconPlus size={16} aria-hidden />} onClick={() => onAddChild(location, level)}>
            {t(`locations.addChild.${level}`)}
          </Menu.Item>
        ))}
        <Menu.Divider />
        <Menu.Item color="red" leftSection={<IconArchive size={16} aria-hidden />} onClick={() => onArchive(location)}>
          {t('locations.archive')}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
