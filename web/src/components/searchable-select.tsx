import { Select, type SelectProps } from '@mantine/core';

/**
 * A Select you can type into. Focusing it selects the shown value, so typing replaces it
 * ("Taipei") instead of appending to it ("UTCTaipei", which matches nothing).
 */
export function SearchableSelect({ onFocus, ...props }: Omit<SelectProps, 'searchable'>) {
  return (
    <Select
      searchable
      onFocus={(event) => {
        event.currentTarget.select();
        onFocus?.(event);
      }}
      {...props}
    />
  );
}
