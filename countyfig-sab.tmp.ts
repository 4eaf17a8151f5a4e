import os from 'node:os';
import { openDb } from './server/db';
import { eventQuery } from './common/cases';
import { listEvents, EVENT_COUNT_CAP } from './server/modules/cases/search';
import { listEvents as prevList } from './server/modules/cases/search-prev.tmp';
const h = openDb({ dataDir: '/tmp/countyfig-million' });
const db = h.db as any; const s = h.sqlite!;
const u = s.prepare("select id, path, name from units where name = '第8市第1县网信办'").get() as any;
const actor = { accountId: 'b', username: 'b', displayName: 'b', role: 'admin', unitId: u.id, unitName: u.name, unitPath: u.path } as any;
const qs = [{ q: '垃圾' }, { q: '自来水 浑浊' }, { q: '路灯', open: 'true' }, { q: '垃圾', page: '10' }];
for (const q of qs) {
  const p = eventQuery.parse(q);
  const [a, b] = [await listEvents(db, actor, p, { countCap: EVENT_COUNT_CAP }), await prevList(db, actor, p, { countCap: EVENT_COUNT_CAP })];
  const same = JSON.stringify(a) === JSON.stringify(b);
  const t = [[], []] as number[][];
  for (let i = 0; i < 16; i++) for (const [j, f] of [() => prevList(db, actor, p, { countCap: EVENT_COUNT_CAP }), () => listEvents(db, actor, p, { countCap: EVENT_COUNT_CAP })].entries()) { const t0 = performance.now(); await f(); if (i) t[j].push(performance.now() - t0); }
  console.log(`${JSON.stringify(q)} total ${a.total}, same: ${same}; matched twice ${t[0].sort((x, y) => x - y)[7].toFixed(1)} ms, once ${t[1].sort((x, y) => x - y)[7].toFixed(1)} ms; load ${os.loadavg()[0].toFixed(1)}`);
}
await h.close();
