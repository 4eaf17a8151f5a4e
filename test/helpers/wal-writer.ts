/**
 * A stand-in for a server that dies mid-work (restore tests): opens DATA_DIR's database the way
 * the server does, never checkpoints, commits people with their audit rows one transaction at a
 * time, prints each committed name (an acknowledged write), then waits to be killed.
 */
import { loadConfig } from '../../server/config';
import { openDb } from '../../server/db';
import { initAuditKey, writeAudit } from '../../server/platform/audit';
import { systemCtx } from '../../server/platform/context';
import { newId, nowIso } from '../../server/platform/ids';
import { inTx } from '../../server/platform/tx';

const [unitId, count] = [process.env.UNIT_ID!, Number(process.env.COUNT)];
initAuditKey(loadConfig());
const handle = openDb({ dataDir: process.env.DATA_DIR! });
handle.sqlite!.pragma('wal_autocheckpoint = 0');
for (let i = 0; i < count; i++) {
  const now = nowIso();
  const name = `WAL写入${i}`;
  await inTx(handle.db, async (trx) => {
    const id = newId();
    await trx.insertInto('people').values({ id, unit_id: unitId, name, position: null, phone: null, archived_at: null, version: 0, created_at: now, updated_at: now }).execute();
    await writeAudit(trx, systemCtx(), { action: 'create', entity: 'person', entityId: id, unitPath: null, after: { name } });
  });
  process.stdout.write(`${name}\n`);
}
process.stdout.write('done\n');
setInterval(() => {}, 1000);
