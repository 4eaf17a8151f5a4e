/**
 * The summary figures as they were computed before issue 16's grouped queries (copied from
 * server/modules/ledger/{figures,reports,targets}.ts, tasks/figures.ts, risks/figures.ts and
 * duty/figures.ts at 5d16830, rectification/figures.ts at efa2271): every row read into the process and counted there. One change:
 * the leaders who reported separately are ordered by day and then id (a stated order for ties).
 * test/api/summary-grouped.test.ts compares the new functions with these on a generated province.
 */
import { ACTIVITY_TYPE_LABELS, ACTIVITY_TYPES, type ActivityType, LIFE_MEETING_TYPES, PUBLICITY_TYPES, type TargetProgress, type TargetScope, type UnitTargetProgress } from '../../common/ledger';
import { RECT_ORIGINS, type RectFigures, type RectOrigin } from '../../common/rectification';
import { RISK_LEVELS, type RiskLevel } from '../../common/risks';
import { TASK_SOURCES, TASK_STATUSES, type TaskSource, type TaskStatus } from '../../common/tasks';
import type { Database } from '../../server/db';
import { dialectOf } from '../../server/db/dialect';
import { endedQuarters } from '../../server/modules/ledger/targets';
import { asOfDay, type Range } from '../../server/platform/period';
import { shanghaiDay } from '../../server/platform/calendar';
import { shanghaiDayStartUtc } from '../../server/platform/ids';
import { overdueCondition, overdueOf } from '../../server/modules/tasks/service';
import { type ExpressionBuilder, sql } from 'kysely';
import type { DB } from '../../server/db/schema';
import { currentInSubtree } from '../../server/platform/records';
import { inSubtreeOf, unitIdInSubtree } from '../../server/platform/scope';

export async function referenceReportFigures(db: Database, r: Range) {
  const rows = await db
    .selectFrom('ledger_entries as e')
    .innerJoin('units as u', 'u.id', 'e.unit_id')
    .leftJoin('people as h', 'h.id', 'e.host_person_id')
    .select(['e.id', 'e.type', 'e.on_topic', 'e.reported_separately', 'e.audience_count', 'e.materials_count', 'h.name as host_name'])
    .select((eb) => [
      eb.selectFrom('attachments as a').select((x) => x.fn.countAll().as('n')).whereRef('a.entity_id', '=', 'e.id').where('a.entity', '=', 'ledger_self_exam').where('a.archived_at', 'is', null).as('self_exam'),
    ])
    .where((eb) => currentInSubtree(eb, { path: 'u.path', archivedAt: 'e.archived_at' }, r.unitPath))
    .where('e.day', '>=', r.from)
    .where('e.day', '<=', r.to)
    .orderBy('e.day')
    .orderBy('e.id') // added: ties on a day in a stated order, so that the leaders' order compares
    .execute();
  const debriefings = rows.filter((x) => x.type === 'debriefing');
  const separate = debriefings.filter((x) => x.reported_separately === 1);
  const life = rows.filter((x) => LIFE_MEETING_TYPES.includes(x.type as never));
  const covered = life.filter((x) => x.on_topic === 1);
  const publicity = rows.filter((x) => PUBLICITY_TYPES.includes(x.type as never) && x.audience_count !== null);
  return {
    debriefings: debriefings.length,
    debriefingsSeparate: separate.length,
    separateLeaders: [...new Set(separate.map((x) => x.host_name).filter((n): n is string => !!n))],
    lifeMeetings: life.length,
    lifeMeetingsCovered: covered.length,
    lifeMeetingsWithSelfExam: covered.filter((x) => Number(x.self_exam ?? 0) > 0).length,
    publicityEvents: publicity.length,
    audience: publicity.reduce((a, x) => a + (x.audience_count ?? 0), 0),
    materials: publicity.reduce((a, x) => a + (x.materials_count ?? 0), 0),
  };
}

/** taskFigures' counts (all but overdueOpen, whose statement did not change). */
export async function referenceTaskCounts(db: Database, r: Range, day: string) {
  const rows = await db
    .selectFrom('tasks as t')
    .innerJoin('units as u', 'u.id', 't.unit_id')
    .where((eb) => unitIdInSubtree(eb, dialectOf(db), 't.unit_id', r.unitPath))
    .where('t.archived_at', 'is', null)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('tasks as c').select('c.id').whereRef('c.parent_id', '=', 't.id'))))
    .where((eb) => eb.or([eb.between('t.start_day', r.from, r.to), eb.between('t.due_day', r.from, r.to)]))
    .select(['t.status', 't.source', 't.due_day', 't.completed_day'])
    .execute();
  const byStatus = Object.fromEntries(TASK_STATUSES.map((s) => [s, 0])) as Record<TaskStatus, number>;
  const bySource = Object.fromEntries(TASK_SOURCES.map((s) => [s, 0])) as Record<TaskSource, number>;
  let dueInPeriod = 0;
  let onTime = 0;
  let late = 0;
  const timingOf = (t: { status: string; due_day: string | null; completed_day: string | null }) => {
    if (t.status !== 'done' || !t.completed_day || t.completed_day > day || !t.due_day) return null;
    return t.completed_day <= t.due_day ? 'on_time' : 'late';
  };
  for (const t of rows) {
    const doneByThen = t.status === 'done' && !!t.completed_day && t.completed_day <= day;
    byStatus[t.status === 'done' && !doneByThen ? 'in_progress' : (t.status as TaskStatus)]++;
    bySource[t.source as TaskSource]++;
    if (t.due_day && t.due_day >= r.from && t.due_day <= r.to) dueInPeriod++;
    const timing = timingOf(t);
    if (timing === 'on_time') onTime++;
    else if (timing === 'late') late++;
  }
  return { total: rows.length, byStatus, bySource, dueInPeriod, completedOnTime: onTime, completedLate: late, onTimeRate: onTime + late > 0 ? onTime / (onTime + late) : null };
}

/** riskFigures' counts of risk points (the reviews and assessments statements did not change). */
export async function referenceRiskCounts(db: Database, r: Range, today: string) {
  const points = await db
    .selectFrom('risk_points as p')
    .innerJoin('units as u', 'u.id', 'p.unit_id')
    .select(['p.level', 'p.status', 'p.next_review_day'])
    .where((eb) => currentInSubtree(eb, { path: 'u.path', archivedAt: 'p.archived_at' }, r.unitPath))
    .execute();
  const byLevel = Object.fromEntries(RISK_LEVELS.map((l) => [l, 0])) as Record<RiskLevel, number>;
  const controlledByLevel = { ...byLevel };
  let overdue = 0;
  for (const p of points) {
    byLevel[p.level as RiskLevel]++;
    if (p.status === 'controlled') controlledByLevel[p.level as RiskLevel]++;
    if (p.status === 'controlled' && p.next_review_day < today) overdue++;
  }
  return {
    byLevel, controlledByLevel, overdueReviews: overdue,
    controlled: points.filter((p) => p.status === 'controlled').length,
    eliminated: points.filter((p) => p.status === 'eliminated').length,
  };
}

/** dutyFigures' duty-list counts. */
export async function referenceDutyCounts(db: Database, r: Range) {
  const year = Number(r.to.slice(0, 4));
  const items = await db
    .selectFrom('duty_items as d')
    .innerJoin('units as u', 'u.id', 'd.unit_id')
    .select(['d.unit_id'])
    .where((eb) => currentInSubtree(eb, { path: 'u.path', archivedAt: 'd.archived_at' }, r.unitPath))
    .where('d.year', '=', year)
    .execute();
  return { dutyItems: items.length, unitsWithList: new Set(items.map((i) => i.unit_id)).size };
}

/** ledgerFigures' activity counts (byType, byUnit, total, onTopic). */
export async function referenceActivityCounts(db: Database, r: Range) {
  const rows = await db
    .selectFrom('ledger_entries as e')
    .innerJoin('units as u', 'u.id', 'e.unit_id')
    .select(['e.unit_id', 'u.name', 'u.path', 'u.depth', 'e.type', 'e.on_topic', (x) => x.fn.countAll().as('n')])
    .where((eb) => currentInSubtree(eb, { path: 'u.path', archivedAt: 'e.archived_at' }, r.unitPath))
    .where('e.day', '>=', r.from)
    .where('e.day', '<=', r.to)
    .groupBy(['e.unit_id', 'u.name', 'u.path', 'u.depth', 'e.type', 'e.on_topic'])
    .execute();
  const byType = Object.fromEntries(ACTIVITY_TYPES.map((t) => [t, { total: 0, onTopic: 0 }])) as Record<ActivityType, { total: number; onTopic: number }>;
  const units = new Map<string, { unitId: string; unitName: string; depth: number; path: string; total: number; onTopic: number; byType: Partial<Record<ActivityType, number>> }>();
  for (const row of rows) {
    const n = Number(row.n);
    const type = row.type as ActivityType;
    const b = byType[type];
    b.total += n;
    if (row.on_topic === 1) b.onTopic += n;
    const u = units.get(row.unit_id) ?? { unitId: row.unit_id, unitName: row.name, depth: row.depth, path: row.path, total: 0, onTopic: 0, byType: {} };
    u.total += n;
    if (row.on_topic === 1) u.onTopic += n;
    u.byType[type] = (u.byType[type] ?? 0) + n;
    units.set(row.unit_id, u);
  }
  const byUnit = [...units.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)).map(({ path: _path, ...u }) => u);
  return {
    byType, byUnit,
    total: Object.values(byType).reduce((a, b) => a + b.total, 0),
    onTopic: Object.values(byType).reduce((a, b) => a + b.onTopic, 0),
  };
}

function elapsed(year: number, today: string): number {
  const start = Date.UTC(year, 0, 1);
  const end = Date.UTC(year + 1, 0, 1);
  const t = Date.parse(`${today}T00:00:00Z`) + 86_400_000;
  return Math.min(1, Math.max(0, (t - start) / (end - start)));
}

/** targetProgress as it was. */
export async function referenceTargetProgress(db: Database, rootPath: string, year: number, today: string): Promise<UnitTargetProgress[]> {
  const units = await db.selectFrom('units').select(['id', 'name', 'path', 'depth']).where((eb) => inSubtreeOf(eb, 'path', rootPath)).where('archived_at', 'is', null).orderBy('path').execute();
  const above = rootPath.split('/').filter(Boolean).slice(0, -1);
  const targets = await db
    .selectFrom('annual_targets as t')
    .innerJoin('units as tu', 'tu.id', 't.unit_id')
    .selectAll('t')
    .select('tu.name as unit_name')
    .where('t.year', '=', year)
    .where((eb) => (above.length ? eb.or([inSubtreeOf(eb, 'tu.path', rootPath), eb('t.unit_id', 'in', above)]) : inSubtreeOf(eb, 'tu.path', rootPath)))
    .execute();
  const unitNames = new Map(targets.map((t) => [t.unit_id, t.unit_name]));
  const counts = await db
    .selectFrom('ledger_entries as e')
    .innerJoin('units as u', 'u.id', 'e.unit_id')
    .select(['e.unit_id', 'e.type', 'e.day', 'e.on_topic'])
    .where((eb) => inSubtreeOf(eb, 'u.path', rootPath))
    .where('e.archived_at', 'is', null)
    .where('e.day', '>=', `${year}-01-01`)
    .where('e.day', '<=', today < `${year}-12-31` ? today : `${year}-12-31`)
    .execute();
  const tally = new Map<string, { done: number; onTopic: number; quarters: [number, number, number, number] }>();
  for (const c of counts) {
    const k = `${c.unit_id}|${c.type}`;
    const t = tally.get(k) ?? { done: 0, onTopic: 0, quarters: [0, 0, 0, 0] as [number, number, number, number] };
    t.done++;
    if (c.on_topic === 1) t.onTopic++;
    t.quarters[Math.floor((Number(c.day.slice(5, 7)) - 1) / 3)]++;
    tally.set(k, t);
  }
  const targetAt = new Map(targets.map((t) => [`${t.unit_id}|${t.scope}|${t.type}`, t]));
  const frac = elapsed(year, today);
  const ended = endedQuarters(year, today);
  return units.map((u) => {
    const chain = u.path.split('/').filter(Boolean);
    const items: TargetProgress[] = [];
    for (const type of ACTIVITY_TYPES) {
      let found: { unitId: string; scope: TargetScope; row: (typeof targets)[number] } | null = null;
      const own = targetAt.get(`${u.id}|self|${type}`);
      if (own) found = { unitId: u.id, scope: 'self', row: own };
      for (let i = chain.length - 2; !found && i >= 0; i--) {
        const d = targetAt.get(`${chain[i]}|subordinates|${type}`);
        if (d) found = { unitId: chain[i], scope: 'subordinates', row: d };
      }
      if (!found) continue;
      if (found.row.min_total === 0 && found.row.min_on_topic === 0 && found.row.min_per_quarter === 0) continue;
      const target = { type, minTotal: found.row.min_total, minOnTopic: found.row.min_on_topic, minPerQuarter: found.row.min_per_quarter };
      const t = tally.get(`${u.id}|${type}`) ?? { done: 0, onTopic: 0, quarters: [0, 0, 0, 0] as [number, number, number, number] };
      const expectedByNow = Math.floor(target.minTotal * frac);
      const expectedOnTopicByNow = Math.floor(target.minOnTopic * frac);
      const reasons: string[] = [];
      const label = ACTIVITY_TYPE_LABELS[type];
      if (t.done < expectedByNow) reasons.push(`${label}已开展 ${t.done} 次，按进度应不少于 ${expectedByNow} 次(全年 ${target.minTotal} 次)`);
      if (t.onTopic < expectedOnTopicByNow) reasons.push(`涉及本项工作的${label} ${t.onTopic} 次，按进度应不少于 ${expectedOnTopicByNow} 次(全年 ${target.minOnTopic} 次)`);
      if (target.minPerQuarter > 0) {
        for (let q = 0; q < ended; q++) if (t.quarters[q] < target.minPerQuarter) reasons.push(`第${'一二三四'[q]}季度${label} ${t.quarters[q]} 次，少于每季度 ${target.minPerQuarter} 次`);
      }
      items.push({
        type, source: { unitId: found.unitId, unitName: unitNames.get(found.unitId) ?? '', scope: found.scope }, target, done: t.done, doneOnTopic: t.onTopic,
        quarters: t.quarters, expectedByNow, expectedOnTopicByNow, behind: reasons.length > 0, reasons,
      });
    }
    return { unitId: u.id, unitName: u.name, depth: u.depth, items, behind: items.some((i) => i.behind) };
  });
}

/**
 * openTasks as it was at d4f2623 (every open task of the subtree joined to its unit and owner,
 * sorted in the database), with one stated change: ties are ordered by id (an assignment's copies
 * share title and due day; their order was not stated, so neither were the units a summary names).
 */
export async function referenceOpenTasks(db: Database, r: Range, limit: number) {
  const day = asOfDay(r);
  const base = db
    .selectFrom('tasks as t')
    .innerJoin('units as u', 'u.id', 't.unit_id')
    .leftJoin('people as p', 'p.id', 't.owner_person_id')
    .where((eb) => currentInSubtree(eb, { path: 'u.path', archivedAt: 't.archived_at' }, r.unitPath))
    .where((eb) => eb.or([eb('t.status', '!=', 'done'), eb('t.completed_day', '>', day)]))
    .where('t.start_day', '<=', r.to)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('tasks as c').select('c.id').whereRef('c.parent_id', '=', 't.id'))));
  const total = await base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  const overdueNow = (eb: ExpressionBuilder<DB & { t: DB['tasks'] }, 't'>) => eb.or([
    overdueCondition(day)(eb),
    eb.and([eb('t.status', '=', 'done'), eb('t.completed_day', '>', day), eb('t.recurrence', 'is', null), eb('t.due_day', '<', day)]),
  ]);
  const columns = ['t.id', 't.title', 'u.name as unit_name', 'p.name as owner_name', 't.due_day', 't.recurrence', 't.status', 't.start_day', 't.last_checkin_period', 't.archived_at', 't.completed_day'] as const;
  const overdueRows = await base.where(overdueNow as never).select(columns).orderBy('t.due_day').orderBy('t.id').limit(limit).execute();
  const rows = await base.select(columns).orderBy(sql`coalesce(t.due_day, '9999-12-31')`).orderBy('t.title').orderBy('t.id').limit(limit).execute();
  const toItem = (t: (typeof rows)[number]) => ({
    id: t.id, title: t.title, unitName: t.unit_name, ownerName: t.owner_name ?? null, dueDay: t.due_day, recurrence: t.recurrence,
    overdueDays: overdueOf({ ...t, status: t.status === 'done' && (t.completed_day ?? '') > day ? 'in_progress' : t.status }, day).days,
  });
  return { items: rows.map(toItem), total: Number(total.n), overdue: overdueRows.map(toItem) };
}

/** activityTopics as it was at d4f2623 (every on-topic activity of the subtree read and sorted), ties ordered by id (stated now). */
export async function referenceActivityTopics(db: Database, r: Range, limit: number) {
  const rows = await db
    .selectFrom('ledger_entries as e')
    .innerJoin('units as u', 'u.id', 'e.unit_id')
    .select(['e.id', 'e.day', 'e.type', 'e.topic', 'u.name as unit_name'])
    .where((eb) => currentInSubtree(eb, { path: 'u.path', archivedAt: 'e.archived_at' }, r.unitPath))
    .where('e.on_topic', '=', 1)
    .where('e.day', '>=', r.from)
    .where('e.day', '<=', r.to)
    .orderBy('e.day', 'desc')
    .orderBy('e.created_at', 'desc')
    .orderBy('e.id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((e) => ({ id: e.id, day: e.day, type: e.type as ActivityType, topic: e.topic, unitName: e.unit_name }));
}

/** rectFigures as it was at efa2271: three reads of the subtree's rectifications (raised, signed off, open). */
export async function referenceRectFigures(db: Database, r: Range): Promise<RectFigures> {
  const base = db
    .selectFrom('rectifications as x')
    .innerJoin('units as u', 'u.id', 'x.unit_id')
    .where((eb) => currentInSubtree(eb, { path: 'u.path', archivedAt: 'x.archived_at' }, r.unitPath));
  const opened = await base.select(['x.origin', (e) => e.fn.countAll().as('n')]).where('x.start_day', '>=', r.from).where('x.start_day', '<=', r.to).groupBy('x.origin').execute();
  const byOrigin = Object.fromEntries(RECT_ORIGINS.map((o) => [o, 0])) as Record<RectOrigin, number>;
  for (const o of opened) byOrigin[o.origin as RectOrigin] = Number(o.n);
  const closed = await base
    .select(['x.signed_off_at', 'x.due_day'])
    .where('x.status', '=', 'closed')
    .where('x.signed_off_at', '>=', shanghaiDayStartUtc(r.from))
    .where('x.signed_off_at', '<', shanghaiDayStartUtc(r.to, 1))
    .execute();
  const onTime = closed.filter((c) => shanghaiDay(c.signed_off_at!) <= c.due_day).length;
  const today = asOfDay(r);
  // Open on the as-of day: raised by then and not signed off by then.
  const open = await base.select(['x.due_day', 'x.status']).where('x.start_day', '<=', today)
    .where((eb) => eb.or([eb('x.status', '!=', 'closed'), eb('x.signed_off_at', '>=', shanghaiDayStartUtc(today, 1))])).execute();
  return {
    opened: Object.values(byOrigin).reduce((a, b) => a + b, 0),
    byOrigin,
    closed: closed.length,
    closedOnTime: onTime,
    onTimeRate: closed.length ? onTime / closed.length : null,
    open: open.length,
    overdueOpen: open.filter((o) => o.due_day < today).length,
    reported: open.filter((o) => o.status === 'reported').length,
  };
}
