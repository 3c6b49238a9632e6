import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { getStoredOrgId, storeOrgId, type Me, type Membership } from '../api';

export interface CurrentOrg {
  orgId: string;
  membership: Membership;
  memberships: Membership[];
  isAdmin: boolean;
  switchOrg: (orgId: string) => void;
}

const CurrentOrgContext = createContext<CurrentOrg | null>(null);

/** The stored choice when the user still belongs to it, else their first organisation. */
function pickMembership(memberships: Membership[], preferred: string | null): Membership | undefined {
  return memberships.find((membership) => membership.orgId === preferred) ?? memberships[0];
}

export function CurrentOrgProvider({ me, children }: { me: Me; children: ReactNode }) {
  const [chosen, setChosen] = useState<string | null>(getStoredOrgId);
  const membership = pickMembership(me.memberships, chosen);

  // Keep the header the API client sends equal to what the screen shows, also after a fallback.
  if (membership && membership.orgId !== getStoredOrgId()) storeOrgId(membership.orgId);

  const switchOrg = useCallback((orgId: string) => {
    storeOrgId(orgId);
    setChosen(orgId);
  }, []);

  const value = useMemo<CurrentOrg | null>(
    () =>
      membership
        ? {
            orgId: membership.orgId,
            membership,
            memberships: me.memberships,
            isAdmin: membership.role === 'admin',
            switchOrg,
          }
        : null,
    [membership, me.memberships, switchOrg],
  );

  return <CurrentOrgContext.Provider value={value}>{children}</CurrentOrgContext.Provider>;
}

export function useCurrentOrg(): CurrentOrg {
  const value = useContext(CurrentOrgContext);
  if (!value) throw new Error('useCurrentOrg() needs an organisation selected by <CurrentOrgProvider>');
  return value;
}

/** For places that also render before any organisation exists, such as the create-organisation dialog. */
export function useOptionalCurrentOrg(): CurrentOrg | null {
  return useContext(CurrentOrgContext);
}
