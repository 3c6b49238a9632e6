import { Center, Container } from '@mantine/core';
import { isApiError, type User } from '../api';
import { CenteredLoader } from '../components/centered-loader';
import { QueryError } from '../components/query-error';
import { CurrentOrgProvider, useOptionalCurrentOrg } from '../session/current-org';
import { useMe } from '../session/use-me';
import { AppLayout } from './app-layout';
import { NoOrganisationPage } from './no-organisation-page';

/**
 * Everything behind sign-in renders inside this gate: it loads the session (a 401 sends the
 * browser to the sign-in page through the API client) and the selected organisation.
 */
export function SessionGate() {
  const me = useMe();

  if (me.isPending || (isApiError(me.error) && me.error.status === 401)) return <CenteredLoader fullHeight />;
  if (me.isError)
    return (
      <Center mih="100dvh">
        <Container size="xs">
          <QueryError error={me.error} onRetry={() => void me.refetch()} />
        </Container>
      </Center>
    );

  return (
    <CurrentOrgProvider me={me.data}>
      <Workspace user={me.data.user} />
    </CurrentOrgProvider>
  );
}

function Workspace({ user }: { user: User }) {
  const currentOrg = useOptionalCurrentOrg();
  return currentOrg ? <AppLayout user={user} /> : <NoOrganisationPage user={user} />;
}
