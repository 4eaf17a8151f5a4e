/**
 * A stand-in for a server killed in the middle of heavy writes (db-checkpoint.test.ts): opens DATA_DIR's database the
 * way the server does, with the checkpoint worker started early, commits rows one transaction at a time and prints each
 * committed row's number (an acknowledged write), until it is killed.
 */
import { sql } from 'kysely';
import { openDb } from '../../server/db';

const handle = openDb({ dataDir: process.env.DATA_DIR!, checkpoints: { startAt: 64 * 1024, everyMs: 5, minPages: 50, maxPages: 2000 } });
await sql`create table if not exists t (id integer primary key, body text not null)`.execute(handle.db);
const body = 'y'.repeat(2000);
for (let i = 1; ; i++) {
  await handle.db.transaction().execute(async (trx) => {
    await sql`insert into t (id, body) values (${i}, ${`${body}${i}`})`.execute(trx);
  });
  process.stdout.write(`${i} ${handle.checkpoints!.runs}\n`);
  if (i % 20 === 0) await new Promise((r) => setTimeout(r, 1));
}
