import type { Location, LocationLevel } from '../api';

/** Pure rules of the location hierarchy, mirroring the server's, so forms only offer valid moves. */

const PARENT_LEVELS: Record<LocationLevel, readonly LocationLevel[]> = {
  region: ['region'],
  city: ['region'],
  outlet: ['city', 'region'],
};

const LEVEL_ORDER: Record<LocationLevel, number> = { region: 0, city: 1, outlet: 2 };

export interface LocationNode {
  location: Location;
  children: LocationNode[];
}

export function canBeParent(parent: Location, childLevel: LocationLevel): boolean {
  return PARENT_LEVELS[childLevel].includes(parent.level);
}

/** Levels a new child of `parent` may have; empty for outlets, which hold nothing. */
export function childLevels(parent: Location): LocationLevel[] {
  return (Object.keys(PARENT_LEVELS) as LocationLevel[]).filter((level) => canBeParent(parent, level));
}

export function compareLocations(collator: Intl.Collator) {
  return (a: Location, b: Location) =>
    LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level] || collator.compare(a.name, b.name);
}

/**
 * Builds the forest. A location whose parent is not in the list (for example an archived parent
 * while archived ones are hidden) is shown at the top level rather than disappearing.
 */
export function buildTree(locations: Location[], collator: Intl.Collator): LocationNode[] {
  const byId = new Map(locations.map((location) => [location.locationId, location]));
  const children = new Map<string | null, Location[]>();
  for (const location of locations) {
    const parentKey = location.parentId && byId.has(location.parentId) ? location.parentId : null;
    const siblings = children.get(parentKey) ?? [];
    siblings.push(location);
    children.set(parentKey, siblings);
  }
  const compare = compareLocations(collator);
  const grow = (parentKey: string | null): LocationNode[] =>
    (children.get(parentKey) ?? [])
      .sort(compare)
      .map((location) => ({ location, children: grow(location.locationId) }));
  return grow(null);
}

/** The ids of a location and everything below it: none of them can become its new parent. */
export function subtreeIds(locations: Location[], rootId: string): Set<string> {
  const ids = new Set([rootId]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const location of locations) {
      if (location.parentId && ids.has(location.parentId) && !ids.has(location.locationId)) {
        ids.add(location.locationId);
        grew = true;
      }
    }
  }
  return ids;
}

/** "Europe › Budapest › Andrássy út" — names a location unambiguously in a flat list. */
export function locationPath(location: Location, byId: Map<string, Location>): string {
  const names = [location.name];
  const seen = new Set([location.locationId]);
  let parentId = location.parentId;
  while (parentId && !seen.has(parentId)) {
    const parent = byId.get(parentId);
    if (!parent) break;
    names.unshift(parent.name);
    seen.add(parentId);
    parentId = parent.parentId;
  }
  return names.join(' › ');
}

export function possibleParents(locations: Location[], level: LocationLevel, moving?: Location): Location[] {
  const excluded = moving ? subtreeIds(locations, moving.locationId) : new Set<string>();
  return locations.filter(
    (candidate) => !candidate.archivedAt && !excluded.has(candidate.locationId) && canBeParent(candidate, level),
  );
}
