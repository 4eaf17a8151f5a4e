/**
 * Demo 自查与考核 for the demo county: last year's starter framework and its campaign over the
 * townships, scored and published (so this year's shows each township's change); this year's
 * framework copied from it, this year's campaign open for scoring, and 城关镇's self-inspection
 * under way with its bound items filled in from the records.
 */
import { itemsOf } from '../../../common/checks';
import type { Database } from '../../db';
import { shanghaiDay } from '../../platform/calendar';
import type { Actor, ActorCtx, Ctx } from '../../platform/context';
import { actorsFor, unitByName } from '../demo/lookups';
import { copyFramework, createFramework } from './frameworks';
import { createCampaign, createSelf, fillBound, getVisibleAssessment, publishCampaign, saveAnswer, writeAnswer } from './service';
import { writeAudit } from '../../platform/audit';
import { STARTER_TOTAL, starterContent, starterName } from './starter';

export async function seedChecksDemo(db: Database, system: Ctx): Promise<void> {
  const [staff, inspector, cgStaff] = await actorsFor(db, ['staff', 'inspector', 'cg_staff']);
  const cg = await unitByName(db, '城关镇');
  if (!staff || !inspector || !cgStaff || !cg) return;
  const as = (actor: Actor): ActorCtx => ({ ...system, actor });
  const year = Number(shanghaiDay().slice(0, 4));
  const last = year - 1;

  const f = await createFramework(db, as(staff), { year: last, name: starterName(last), totalPoints: STARTER_TOTAL, content: starterContent() });
  const c = await createCampaign(db, as(staff), {
    frameworkId: f.id, name: `${last}年度网络意识形态工作责任制考核`, from: `${last}-01-01`, to: `${last}-12-31`, unitKinds: ['township'],
    bands: [{ label: '优秀', min: 90 }, { label: '良好', min: 80 }, { label: '一般', min: 60 }, { label: '较差', min: 0 }],
  });
  // The inspector scores every item: the records for bound items; by hand a few shortfalls that differ by township.
  const items = itemsOf(f.content);
  for (const [n, r] of (c.results ?? []).entries()) {
    const a = await getVisibleAssessment(db, inspector, r.assessmentId);
    // The bound items in one pass from the records (one audit row), the others item by item.
    const filled = await fillBound(db, a, `${inspector.displayName}(${inspector.username})`);
    await writeAudit(db, as(inspector), { action: 'refresh', entity: 'check_assessment', entityId: a.id, unitPath: a.unit_path, after: { updated: filled } });
    for (const [i, it] of items.entries()) {
      const short = (i + n) % 7 === 0;
      const base = { itemKey: it.key, version: null, method: (['documents', 'report', 'site'] as const)[i % 3], note: null, overrideReason: null };
      if (it.indicator) continue;
      else if (it.scoring === 'pass_fail') await writeAnswer(db, as(inspector), a, { ...base, passed: it.kind === 'veto' ? true : !short, note: short ? '资料不全' : null });
      else if (it.scoring === 'deduction') await writeAnswer(db, as(inspector), a, { ...base, occurrences: it.kind === 'bonus' ? n % 3 : short ? 1 : 0 });
      else await writeAnswer(db, as(inspector), a, { ...base, grade: (it.grades ?? [])[short ? 1 : 0]?.label ?? null });
    }
  }
  await publishCampaign(db, as(inspector), c.id, c.version);

  const now = await copyFramework(db, as(staff), { fromYear: last, toYear: year });
  await createCampaign(db, as(staff), {
    frameworkId: now.id, name: `${year}年度网络意识形态工作责任制考核`, from: `${year}-01-01`, to: `${year}-12-31`, unitKinds: ['township'],
    bands: [{ label: '优秀', min: 90 }, { label: '良好', min: 80 }, { label: '一般', min: 60 }, { label: '较差', min: 0 }],
  });
  const self = await createSelf(db, as(cgStaff), { frameworkId: now.id, unitId: cg.id, from: `${year}-01-01`, to: `${year}-12-31` });
  const first = self.items.find((r) => r.applies && !r.answer && r.item.scoring === 'pass_fail' && r.item.kind === 'normal');
  if (first) await saveAnswer(db, as(cgStaff), self.id, { itemKey: first.item.key, version: null, passed: true, note: '领导小组已于年初调整', method: null, overrideReason: null });
}
