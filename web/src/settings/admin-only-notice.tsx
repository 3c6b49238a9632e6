import { Alert } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';

export function AdminOnlyNotice({ message }: { message: string }) {
  return (
    <Alert color="gray" icon={<IconLock aria-hidden />} mb="md">
      {message}
    </Alert>
  );
}
