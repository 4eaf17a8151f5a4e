/**
 * 舆情专报: about one event (what happened, sources and spread, verification, measures and reply,
 * status, next steps) or a periodic brief over the events of a period. Everything comes from the
 * cases module: `eventRecord` for one event, `caseFigures` and the event list for a period.
 */
import {
  CASE_LEVEL_LABELS, CASE_SOURCE_LABELS, EVENT_STATUS_LABELS, VERIFICATION_LABELS,
  type CaseLevel, type CaseSource, type EventStatus, type VerificationResult,
} from '../../../common/cases';
import type { DocItem, DocRun, MissingNotice } from '../../../common/documents';
import { caseTotals } from './figures';
import { errors } from '../../platform/errors';
import { eventRecord, getVisibleEvent } from './service';
import { shanghaiDay, shanghaiDayStartUtc, shanghaiParts } from '../../platform/period';
import { inSubtreeOf } from '../../platform/scope';
import { sql } from 'kysely';
import { Figures, type Generator, link, para, percent, quoted, rangeOf, section, shortDate, slot } from '../../documents/content';

/** A moment as official documents write it, in Shanghai time: 2026年1月12日10时05分. */
function time(iso: string): string {
  const t = shanghaiParts(iso);
  return `${t.year}年${t.month}月${t.day}日${t.hour}时${t.minute ? `${String(t.minute).padStart(2, '0')}分` : ''}`;
}
const quote = (s: string, n = 60) => quoted(s, n);

export const caseBrief: Generator = {
  // The brief is the owner unit's; the event must be one the user may see.
  async checkSubject(db, actor, unit, caseId) {
    const e = await getVisibleEvent(db, actor, caseId).catch((err) => {
      throw err?.code === 'NOT_FOUND' ? errors.validation('所选舆情事件不存在', 'caseId') : err;
    });
    if (e.unit_id !== unit.id) throw errors.validation(`该事件由${e.unit_name}受理，请以${e.unit_name}生成舆情专报`, 'unitId');
  },
  type: 'case_brief',
  title: (ctx) => `${ctx.unit.name}舆情专报`,
  async build(ctx) {
    const rec = ctx.subject ? await eventRecord(ctx.db, ctx.subject) : null;
    if (!rec) {
      return { recipient: null, layout: 'briefing', figures: [], missing: [{ section: 'what', text: '所选舆情事件已不存在', link: '/cases' }], sections: [section('what', null, [])] };
    }
    const { event: e, reports, steps, clocks, direct } = rec;
    const f = new Figures('brief');
    const self = `/cases/${e.id}`;
    const missing: MissingNotice[] = [];
    const what: DocItem[] = [para(
      `${time(e.first_received_at)}，${e.unit_name}`, { text: `收到反映${quote(e.title, 40)}`, link: self }, '。', e.summary.length > 300 ? `${e.summary.slice(0, 300)}……` : e.summary,
    )];
    if (e.level) what.push(para(`经研判，该事件为${CASE_LEVEL_LABELS[e.level as CaseLevel]}事件，分类为${e.category ?? '未分类'}，责任单位为${e.handling_name}。`));
    else missing.push({ section: 'what', text: '该事件尚未研判(等级、分类、责任单位)', link: self });

    const bySource = new Map<string, number>();
    for (const r of reports) bySource.set(r.source, (bySource.get(r.source) ?? 0) + 1);
    const spread: DocRun[] = ['截至目前，该事件共收到反映', f.fig('reports', '收到反映', reports.length, '次', self)];
    spread.push('（', [...bySource].map(([s, n]) => `${CASE_SOURCE_LABELS[s as CaseSource]}${n}次`).join('、'), '）');
    const channels = [...new Set(reports.map((r) => r.channel).filter((c): c is string => !!c))];
    if (channels.length) spread.push(`，渠道包括${channels.slice(0, 5).join('、')}`);
    spread.push(`，首次反映于${time(reports[0].received_at)}`);
    if (reports.length > 1) spread.push(`，最近一次于${time(reports[reports.length - 1].received_at)}`);
    spread.push('。');
    const sources: DocItem[] = [para(...spread)];
    if (direct.length) sources.push(para(`已按规定直报${direct.map((d) => d.name).join('、')}。`));

    const verify: DocItem[] = [];
    if (e.verification_result) verify.push(para(`核实结果：${VERIFICATION_LABELS[e.verification_result as VerificationResult]}。`, e.verification_note ?? ''));
    else missing.push({ section: 'verify', text: '尚未录入核实情况', link: self });

    const measures: DocItem[] = [];
    const firstInfo = steps.find((s) => s.step === 'first_info');
    if (firstInfo?.comment) measures.push(para(`${time(firstInfo.at)}首次发布权威信息：${quote(firstInfo.comment, 200)}。`));
    if (e.measures) measures.push(para(`处置措施：${e.measures}`));
    if (e.public_reply && e.responded_at) measures.push(para(`${time(e.responded_at)}公开答复：${quote(e.public_reply, 400)}。`));
    const instructions = steps.filter((s) => s.step === 'instruct' && s.comment);
    for (const i of instructions) measures.push(para(`${i.actor_unit_name ?? ''}${i.actor_name}批示：${quote(i.comment!, 200)}。`));
    if (!measures.length) missing.push({ section: 'measures', text: '尚未录入处置措施或公开答复', link: self });

    const status: DocItem[] = [para(`目前该事件${EVENT_STATUS_LABELS[e.status as EventStatus]}${e.closed_at ? `（${time(e.closed_at)}办结）` : ''}。`)];
    const met = clocks.filter((c) => c.state === 'met').map((c) => `${c.label}按时完成`);
    const late = clocks.filter((c) => c.state === 'late' || c.state === 'overdue').map((c) => `${c.label}${c.state === 'late' ? '超时完成' : '已超时'}`);
    if (met.length || late.length) status.push(para(`时限方面，${[...met, ...late].join('，')}。`));

    const next: DocItem[] = [];
    if (e.status !== 'closed') next.push(para({ text: `继续跟踪事件进展，${e.handling_name}抓紧${e.verification_result ? '处置和回应' : '核实'}，及时发布权威信息，按时限办结。`, link: self }));
    return {
      title: `关于${quote(e.title, 30)}的舆情专报`, recipient: null, layout: 'briefing', figures: f.list, missing,
      sections: [
        section('what', '基本情况', [...what, slot('what.extra', '补充情况', '事件的其他情况；不填则文稿中不出现。')]),
        section('sources', '来源和传播', [...sources, slot('sources.extra', '传播情况', '网上传播、转载、评论情况的人工研判；不填则文稿中不出现。')]),
        section('verify', '核实情况', [...verify, slot('verify.extra', '补充核实情况', '不填则文稿中不出现。')]),
        section('measures', '处置和回应', [...measures, slot('measures.extra', '补充处置情况', '不填则文稿中不出现。')]),
        section('status', '当前状态', status),
        section('next', '下一步工作', [...next, slot('next.text', '下一步工作', '下一步的打算；不填则文稿中不出现。')]),
      ],
    };
  },
};

export const casePeriodBrief: Generator = {
  type: 'case_period',
  title: (ctx) => `${ctx.unit.name}${ctx.periodLabel}舆情专报`,
  async build(ctx) {
    const f = new Figures('casePeriod');
    const cases = (extra: Record<string, string>) => link('/cases', { unitId: ctx.unit.id, from: ctx.from, to: ctx.to, ...extra });
    const c = await caseTotals(ctx.db, rangeOf(ctx));
    if (!c.events) {
      return {
        recipient: null, layout: 'briefing', figures: [], sections: [section('overview', null, [para(`${ctx.periodLabel}未登记网络舆情和群众诉求事件。`), slot('overview.text', '总体情况', '不填则文稿中不出现。')])],
        missing: [{ section: 'overview', text: '本期没有登记舆情和群众诉求；如有，请在“舆情与诉求”中登记或导入', link: cases({}) }],
      };
    }
    const overview: DocRun[] = [`${ctx.periodLabel}，共受理网络舆情和群众诉求`, f.fig('received', '受理报告', c.received, '件', cases({})), '，合并为', f.fig('events', '事件', c.events, '个事件', cases({})),
      '，已办结', f.fig('closed', '已办结', c.closed, '个', cases({ open: 'false' })), '，办结率', f.fig('closureRate', '办结率', percent(c.closed, c.events), '', cases({ open: 'false' }))];
    if (c.firstResponseDue) overview.push('，首次回应按时率', f.fig('firstRate', '首次回应按时率', percent(c.firstResponseOnTime, c.firstResponseDue), '', cases({})));
    overview.push('。');
    // The notable events of the period: 较大 and above first, then the newest (then by id), the first eight
    // chosen by the database: a province's year is half a million events (read whole, 15-30 s and 500 MB).
    const rank = sql<number>`case e.level when 'critical' then 0 when 'serious' then 1 when 'major' then 2 when 'general' then 3 else 4 end`;
    const chosen = await ctx.db.selectFrom('case_events as e').innerJoin('units as u', 'u.id', 'e.unit_id').select('e.id')
      .where((eb) => inSubtreeOf(eb, 'u.path', ctx.unit.path)).where('e.archived_at', 'is', null)
      .where('e.first_received_at', '>=', shanghaiDayStartUtc(ctx.from))
      .where('e.first_received_at', '<', shanghaiDayStartUtc(ctx.to, 1))
      .orderBy(rank).orderBy('e.first_received_at', 'desc').orderBy('e.id')
      .limit(8).execute();
    const details = chosen.length ? await ctx.db.selectFrom('case_events as e').innerJoin('units as h', 'h.id', 'e.handling_unit_id')
      .select(['e.id', 'e.title', 'e.level', 'e.status', 'e.first_received_at', 'e.report_count', 'e.public_reply', 'h.name as handling_name'])
      .where('e.id', 'in', chosen.map((x) => x.id)).execute() : [];
    const byId = new Map(details.map((r) => [r.id, r]));
    const notable: DocItem[] = [];
    for (const r of chosen.map((x) => byId.get(x.id)!)) {
      notable.push({ kind: 'heading', level: 2, text: r.title.length > 40 ? `${r.title.slice(0, 40)}…` : r.title });
      notable.push(para(
        { text: `${shortDate(shanghaiDay(r.first_received_at))}收到，`, link: `/cases/${r.id}` },
        `${r.level ? `${CASE_LEVEL_LABELS[r.level as CaseLevel]}事件，` : '尚未研判，'}反映${r.report_count}次，由${r.handling_name}办理，目前${EVENT_STATUS_LABELS[r.status as EventStatus]}。`,
        r.public_reply ? `公开答复：${quote(r.public_reply, 120)}。` : '',
      ));
    }
    const next: DocItem[] = [];
    if (c.overdueOpen) next.push(para({ text: `对超过时限的${c.overdueOpen}个事件逐件督办，限期答复办结。`, link: cases({ overdue: 'true' }) }));
    return {
      recipient: null, layout: 'briefing', figures: f.list, missing: [],
      sections: [
        section('overview', '总体情况', [para(...overview), slot('overview.text', '补充情况', '本期舆情的总体特点；不填则文稿中不出现。')]),
        section('notable', '重点事件', [...notable, slot('notable.extra', '补充事件', '不填则文稿中不出现。')]),
        section('next', '下一步工作', [...next, slot('next.text', '下一步工作', '不填则文稿中不出现。')]),
      ],
    };
  },
};
