/**
 * 工作总结's 考核 section: the campaigns the unit ran in the period (units assessed, grades), how
 * the unit itself came out in its superiors' published campaigns and its own self-inspections,
 * the items it lost points on (存在的问题) and those still to be rectified (下一步).
 */
import { type GradeBand, isShortfall, itemsOf, rankOf, resultText, VETO_GRADE } from '../../../common/checks';
import type { DocItem, DocRun } from '../../../common/documents';
import { UNIT_KIND_LABELS, type UnitKind } from '../../../common/labels';
import { Figures, inQuotes, para, summarySection } from '../../documents/content';
import type { GenContext } from '../../platform/modules';
import { inSubtreeOf } from '../../platform/scope';
import { parseContent } from './frameworks';
import { scoreCampaign } from './service';

export const checksSection = summarySection({ key: 'checks', heading: '自查与考核', order: 55 }, async (ctx, { f, items, shortfalls, nextSteps, done }) => {
  const campaigns = await ctx.db.selectFrom('check_campaigns').selectAll().where('status', '=', 'published').where('archived_at', 'is', null)
    .where('to_day', '>=', ctx.from).where('from_day', '<=', ctx.to).orderBy('from_day').execute();

  // Campaigns the unit ran.
  for (const c of campaigns.filter((x) => x.unit_id === ctx.unit.id)) {
    const scored = rankOf(await scoreCampaign(ctx.db, c));
    const here = `/checks/campaigns/${c.id}`;
    const bands = JSON.parse(c.bands) as GradeBand[];
    const grades = [...bands.map((b) => b.label), VETO_GRADE].map((g) => [g, scored.filter((s) => s.grade === g).length] as const).filter(([, n]) => n > 0);
    items.push(para(`组织开展${c.name}，对`, f.fig(`ran.${c.id}.units`, `${c.name}被考核单位`, scored.length, '个单位', here), '进行考核，其中',
      ...grades.flatMap(([g, n], i): DocRun[] => [i ? '、' : '', g, f.fig(`ran.${c.id}.${g}`, `${c.name}${g}等次`, n, '个', here)]), '。'));
  }

  // How the unit came out in its superiors' campaigns.
  const own = await ctx.db.selectFrom('check_assessments as a').innerJoin('check_campaigns as c', 'c.id', 'a.campaign_id').innerJoin('units as u', 'u.id', 'c.unit_id')
    .select(['a.id', 'c.id as cid', 'c.name', 'u.name as by_name', 'c.content']).where('a.unit_id', '=', ctx.unit.id).where('c.status', '=', 'published')
    .where('c.archived_at', 'is', null).where('c.to_day', '>=', ctx.from).where('c.from_day', '<=', ctx.to).execute();
  for (const a of own) {
    const c = campaigns.find((x) => x.id === a.cid)!;
    const ranked = rankOf(await scoreCampaign(ctx.db, c));
    const me = ranked.find((r) => r.assessmentId === a.id)!;
    const here = `/checks/campaigns/${a.cid}/units/${ctx.unit.id}`;
    items.push(para(`在${a.by_name}组织的${a.name}中，本单位得分`, f.fig(`got.${a.cid}.score`, `${a.name}得分`, me.score, '分', here), `，等次为${me.grade}，在`, f.fig(`got.${a.cid}.units`, `${a.name}参加排名的单位`, ranked.length, '个单位', `/checks/campaigns/${a.cid}`), '中排第', f.fig(`got.${a.cid}.rank`, `${a.name}名次`, me.rank, '名', `/checks/campaigns/${a.cid}`), '。'));
    const answers = await ctx.db.selectFrom('check_answers').selectAll().where('assessment_id', '=', a.id).execute();
    const byKey = new Map(answers.map((x) => [x.item_key, x]));
    for (const it of itemsOf(parseContent(a.content))) {
      const x = byKey.get(it.key);
      if (!x) continue;
      const r = { passed: x.passed === null ? null : x.passed === 1, occurrences: x.occurrences, grade: x.grade };
      if (!isShortfall(it, r)) continue;
      shortfalls.push([`${a.name}中${inQuotes(it.text, 40)}`, { text: `${resultText(it, r)}${it.kind === 'veto' ? '' : `，扣${Math.round((it.points - Number(x.points)) * 100) / 100}分`}`, link: here }, '。']);
      if (!x.rectification_id) nextSteps.push([{ text: `针对${a.name}中${inQuotes(it.text, 40)}的问题抓好整改。`, link: here }]);
    }
  }

  // Its own self-inspections.
  const selfRows = await ctx.db.selectFrom('check_assessments as a').innerJoin('units as u', 'u.id', 'a.unit_id').select(['a.id', 'a.status', 'a.content', 'a.total_points', 'u.kind'])
    .where('a.kind', '=', 'self').where('a.unit_id', '=', ctx.unit.id).where('a.archived_at', 'is', null).where('a.to_day', '>=', ctx.from).where('a.from_day', '<=', ctx.to)
    .where((eb) => inSubtreeOf(eb, 'u.path', ctx.unit.path)).execute();
  const submitted = selfRows.filter((s) => s.status === 'submitted');
  if (selfRows.length) {
    items.push(para('对照考核细则开展自查', f.fig('self.count', '自查次数', selfRows.length, '次', `/checks?tab=self&unitId=${ctx.unit.id}`), submitted.length ? '，已报送上级' : '，尚未报送上级',
      ...(submitted.length ? [f.fig('self.submitted', '已报送的自查', submitted.length, '次', `/checks/self/${submitted[0].id}`)] : []), '。'));
  }
  return done();
});

/**
 * 工作方案's 报告和考核 paragraph: the campaign the unit runs in the plan's year (or, before it is
 * started, the year's framework, else last year's campaign): whom it assesses, the framework's
 * items, points and veto items, the grade bands. Returns no items when the unit assesses nobody.
 */
export async function planAssessmentItems(ctx: GenContext, f: Figures): Promise<DocItem[]> {
  const year = Number(ctx.from.slice(0, 4));
  const campaign = await ctx.db.selectFrom('check_campaigns').selectAll().where('unit_id', '=', ctx.unit.id).where('archived_at', 'is', null)
    .where('year', 'in', [year, year - 1]).orderBy('year', 'desc').orderBy('created_at', 'desc').executeTakeFirst();
  const framework = await ctx.db.selectFrom('check_frameworks').selectAll().where('unit_id', '=', ctx.unit.id).where('year', '=', year).where('archived_at', 'is', null).executeTakeFirst();
  if (!campaign && !framework) return [];
  const content = parseContent((framework ?? campaign)!.content);
  const all = itemsOf(content);
  const vetoes = all.filter((i) => i.kind === 'veto').length;
  const bound = all.filter((i) => i.indicator).length;
  const total = Number((framework ?? campaign)!.total_points);
  const fLink = framework ? `/checks/frameworks/${framework.id}` : `/checks/campaigns/${campaign!.id}`;
  const kinds = campaign ? (JSON.parse(campaign.unit_kinds) as UnitKind[]).map((k) => UNIT_KIND_LABELS[k]).join('、') : null;
  const bands = campaign ? (JSON.parse(campaign.bands) as GradeBand[]) : null;
  const runs: DocRun[] = [`${year}年，${ctx.unit.name}依据《${framework?.name ?? campaign!.name}》${kinds ? `对所属${kinds}` : ''}开展网络意识形态工作责任制考核，考核细则共`,
    f.fig('checks.items', '考核项目', all.length, '项', fLink), '、总分', f.fig('checks.total', '考核总分', total, '分', fLink)];
  if (vetoes) runs.push('，其中一票否决项', f.fig('checks.vetoes', '一票否决项', vetoes, '项', fLink));
  if (bound) runs.push('；', f.fig('checks.bound', '根据台账记录自动计算的项目', bound, '项', fLink), '根据工作台账记录自动计算');
  runs.push('。');
  const out: DocItem[] = [para(...runs)];
  if (bands) out.push(para(`考核结果分为${bands.map((b) => `${b.label}（${b.min}分以上）`).join('、')}等次，一票否决的为${VETO_GRADE}；考核结果在一定范围内通报，发现的问题列入整改台账限期整改销号。`));
  return out;
}
