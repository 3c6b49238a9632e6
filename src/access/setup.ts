import type { Db } from '../platform/database.ts';
import { deleteInstanceSetting, findInstanceSetting, putInstanceSetting } from '../platform/instance-settings.ts';
import { generateLinkToken, sha256Hex } from './model.ts';
import { countOrganizations } from './store.ts';

/*
 * First run: until an organisation exists, the server prints a one-time set-up link. Its token is
 * stored only as a hash; each start makes a fresh one, so a link seen in an old log stops working.
 */
const SETUP_TOKEN_KEY = 'setup_token_hash';

export async function isSetupNeeded(db: Db): Promise<boolean> {
  return (await countOrganizations(db)) === 0;
}

/** A new set-up token, or undefined when the installation is already set up. */
export async function issueSetupToken(db: Db): Promise<string | undefined> {
  if (!(await isSetupNeeded(db))) {
    await deleteInstanceSetting(db, SETUP_TOKEN_KEY);
    return undefined;
  }
  const { token, hash } = generateLinkToken();
  await putInstanceSetting(db, SETUP_TOKEN_KEY, hash);
  return token;
}

export async function setupTokenMatches(db: Db, token: string): Promise<boolean> {
  const stored = await findInstanceSetting(db, SETUP_TOKEN_KEY);
  return stored !== undefined && stored === sha256Hex(token);
}

export async function consumeSetupToken(db: Db): Promise<void> {
  await deleteInstanceSetting(db, SETUP_TOKEN_KEY);
}
