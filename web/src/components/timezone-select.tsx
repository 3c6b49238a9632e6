import { useMemo } from 'react';
import type { SelectProps } from '@mantine/core';
import { listTimezones } from '../timezones';
import { SearchableSelect } from './searchable-select';

/** IANA time zones; typing "Buda" finds Europe/Budapest. */
export function TimezoneSelect(props: Omit<SelectProps, 'data' | 'searchable'>) {
  const zones = useMemo(listTimezones, []);
  return <SearchableSelect data={zones} allowDeselect={false} limit={100} {...props} />;
}
