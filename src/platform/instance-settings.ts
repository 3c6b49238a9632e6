import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from './database.ts';
import { instanceSettings } from './schema.ts';

export async function findInstanceSetting(db: Db, key: string): Promise<string | undefined> {
  const [row] = await db.select().from(instanceSettings).where(eq(instanceSettings.key, key));
  return row?.value;
}

export async function putInstanceSetting(db: Db, key: string, value: string): Promise<void> {
  await db
    .insert(instanceSettings)
    .values({ key, value })
    .onConflictDoUpdate({ target: instanceSettings.key, set: { value, updatedAt: new Date() } });
}

export async function deleteInstanceSetting(db: Db, key: string): Promise<void> {
  await db.delete(instanceSettings).where(eq(instanceSettings.key, key));
}

/**
 * The secret that signs session cookies. Made once and kept in the database, so every server node
 * and every restart agree without anyone having to configure it.
 */
export async function loadOrCreateSessionSecret(db: Db): Promise<string> {
  const existing = await findInstanceSetting(db, 'session_secret');
  if (existing) return existing;
  await db
    .insert(instanceSettings)
    .values({ key: 'session_secret', value: randomBytes(32).toString('base64url') })
    .onConflictDoNothing();
  return (await findInstanceSetting(db, 'session_secret'))!;
}
