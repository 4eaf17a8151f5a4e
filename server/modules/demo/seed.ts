/**
 * Fills an empty database with the demo county: every module's demo contribution (module.ts
 * `demo`), in their order, in one transaction. Only `serve --demo` / `netduty demo` call this,
 * and only on an empty database.
 */
import type { Database } from '../../db';
import { systemCtx } from '../../platform/context';
import { hashPassword } from '../../platform/passwords';
import { demoSeeds, installedModules, type Module } from '../../platform/modules';
import { inTx } from '../../platform/tx';

/** ≥ 8 characters with upper, lower, digit and symbol: passes the password rule. */
export const DEMO_PASSWORD = 'Demo@2026';

/**
 * Fills an empty database with the demo county and returns true; returns false (and
 * writes nothing) when any unit exists already. The modules are those installed at start
 * (buildApp), unless the command line names them before building the app.
 */
export async function seedDemoIfEmpty(db: Database, modules: readonly Module[] = installedModules()): Promise<boolean> {
  const steps = demoSeeds(modules);
  if (!steps.length) throw new Error('no module contributes demo data: install the modules (server/modules/index.ts) first');
  if (await hasUnits(db)) return false;
  // One distinct password, hashed once, outside the transaction (argon2 takes ~15 ms).
  const demo = { ctx: systemCtx('demo-seed'), password: DEMO_PASSWORD, passwordHash: await hashPassword(DEMO_PASSWORD) };
  return inTx(db, async (trx) => {
    // Checked again inside the transaction: two starts racing must not both seed.
    if (await hasUnits(trx)) return false;
    for (const step of steps) await step.run(trx, demo);
    return true;
  });
}

async function hasUnits(db: Database): Promise<boolean> {
  const row = await db.selectFrom('units').select('id').limit(1).executeTakeFirst();
  return row !== undefined;
}
