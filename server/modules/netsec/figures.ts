import { NETSEC_MEASURES, type NetsecFigures, type NetsecMeasure } from '../../../common/netsec';
import type { Database } from '../../db';
import { addDays, asOfDay, type DayRange, type Range } from '../../platform/period';
import { currentInSubtree } from '../../platform/records';
import { type BatchUnit, inAnySubtree, rollUp } from '../../platform/subtree-batch';

/**
 * 网络安全 basics of a subtree: terminals and measures as recorded now, inspections held in the
 * period with their findings (and how many are signed off), contracts in force at the period's end.
 */
export async function netsecFigures(db: Database, r: Range): Promise<NetsecFigures> {
  const asOf = asOfDay(r);
  const profiles = await db.selectFrom('netsec_profiles as n').innerJoin('units as u', 'u.id', 'n.unit_id')
    .select(['n.intranet_terminals', 'n.internet_terminals', 'n.measures'])
    .where((eb) => currentInSubtree(eb, { path: 'u.path', archivedAt: 'n.archived_at' }, r.unitPath)).execute();
  const measureUnits = Object.fromEntries(NETSEC_MEASURES.map((m) => [m, 0])) as Record<NetsecMeasure, number>;
  for (const p of profiles) for (const m of p.measures.split(',').filter(Boolean)) measureUnits[m as NetsecMeasure]++;
  const inspections = await db.selectFrom('ledger_entries as e').innerJoin('units as u', 'u.id', 'e.unit_id').select(['e.id'])
    .where((eb) => currentInSubtree(eb, { path: 'u.path', archivedAt: 'e.archived_at' }, r.unitPath))
    .where('e.type', '=', 'security_inspection').where('e.day', '>=', r.from).where('e.day', '<=', r.to).execute();
  const findings = inspections.length
    ? await db.selectFrom('security_findings as f').innerJoin('rectifications as x', 'x.id', 'f.rectification_id').select(['x.status'])
      .where('f.entry_id', 'in', inspections.map((i) => i.id)).where('x.archived_at', 'is', null).execute()
    : [];
  const contracts = await db.selectFrom('netsec_contracts as c').innerJoin('units as u', 'u.id', 'c.unit_id').select(['c.expires_day'])
    .where((eb) => currentInSubtree(eb, { path: 'u.path', archivedAt: 'c.archived_at' }, r.unitPath))
    .where('c.signed_day', '<=', asOf).where('c.expires_day', '>=', asOf).execute();
  return {
    unitsProfiled: profiles.length,
    intranetTerminals: profiles.reduce((a, p) => a + p.intranet_terminals, 0),
    internetTerminals: profiles.reduce((a, p) => a + p.internet_terminals, 0),
    measureUnits,
    inspections: inspections.length,
    findings: findings.length,
    findingsClosed: findings.filter((f) => f.status === 'closed').length,
    contractsInForce: contracts.length,
    contractsExpiringSoon: contracts.filter((c) => c.expires_day <= addDays(asOf, 30)).length,
  };
}

/** netsecFigures' inspections (网络安全检查 held in the period) for many units at once: one grouped query, rolled up to each subtree. */
export async function inspectionsMany(db: Database, units: BatchUnit[], r: DayRange): Promise<Map<string, number>> {
  const rows = await db.selectFrom('ledger_entries as e').innerJoin('units as u', 'u.id', 'e.unit_id').select(['u.path', (x) => x.fn.countAll().as('n')])
    .where('e.archived_at', 'is', null).where('e.type', '=', 'security_inspection').where('e.day', '>=', r.from).where('e.day', '<=', r.to)
    .where((eb) => inAnySubtree(eb, 'u.path', units)).groupBy('u.path').execute();
  return rollUp(units, rows, (x) => Number(x.n));
}
