import { Box, Container, Group, Paper } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { Outlet } from 'react-router-dom';
import { BrandMark } from '../components/brand-mark';
import { LanguageMenu } from '../components/language-menu';

/** The frame of every page a signed-out visitor sees: brand, language choice, one card. */
export function AuthLayout() {
  // Workspace pages name the tab after themselves; coming back here (e.g. after signing out) resets it.
  useDocumentTitle('Keymoment');
  return (
    <Box mih="100dvh" bg="var(--mantine-color-gray-0)" py="xl">
      <Container size={440}>
        <Group justify="space-between" mb="lg" wrap="nowrap">
          <BrandMark />
          <LanguageMenu />
        </Group>
        <Paper component="main" withBorder shadow="sm" p={{ base: 'md', xs: 'xl' }} radius="md">
          <Outlet />
        </Paper>
      </Container>
    </Box>
  );
}
