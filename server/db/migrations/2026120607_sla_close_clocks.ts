import type { Kysely } from 'kysely';

/**
 * 重大 and 特别重大 events now have a closure clock in the default policy (3 and 2 working days).
 * A database whose administrator saved the SLA policy before that kept levels without one, so
 * their closures were never judged on time or late. Give those levels the default closure clock;
 * a level that already has one keeps it. The values are written out here, not imported, so this
 * migration means the same thing whatever the defaults become later.
 */
const CLOSE: Record<string, { key: string; amount: number; unit: string }> = {
  serious: { key: 'close', amount: 3, unit: 'working_days' },
  critical: { key: 'close', amount: 2, unit: 'working_days' },
};
const KEY = 'cases.settings';

type Stored = { sla?: { levels?: Record<string, { key: string }[]> } };

export async function up(db: Kysely<any>): Promise<void> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', KEY).executeTakeFirst();
  if (!row) return; // never saved: the defaults apply
  const stored = JSON.parse(row.value) as Stored;
  const levels = stored.sla?.levels;
  if (!levels) return;
  let changed = false;
  for (const [level, clock] of Object.entries(CLOSE)) {
    const clocks = levels[level];
    if (!clocks || clocks.some((c) => c.key === 'close')) continue;
    clocks.push(clock);
    changed = true;
  }
  if (changed) await db.updateTable('settings').set({ value: JSON.stringify(stored) }).where('key', '=', KEY).execute();
}

/** The added clocks are indistinguishable from ones an administrator set: nothing to undo. */
export async function down(): Promise<void> {}
