import { useState } from 'react';

/**
 * The latest value that was not null. A dialog about "the selected item" keeps showing that item
 * while it fades out after the selection was cleared, instead of flashing empty text.
 */
export function useLastPresent<T>(value: T | null): T | null {
  const [last, setLast] = useState(value);
  if (value !== null && value !== last) setLast(value);
  return value ?? last;
}
