/** .xlsx ledgers: 阵地台账 (registry), 信息发布审核台账 (posts with their chain), 信息更正台账 (corrections). */
import { OUTLET_STATUS_LABELS, OUTLET_TYPE_LABELS, QUIET_STATE_LABELS, type OutletView } from '../../../common/outlets';
import { CORRECTION_SEVERITY_LABELS, CORRECTION_SOURCE_LABELS, type CorrectionView, POST_STATUS_LABELS, type PostView } from '../../../common/publishing';
import type { Database } from '../../db';
import type { Actor } from '../../platform/context';
import { allPages, cnDay, printedName, type LedgerScope, ledgerWorkbook, listLedger } from '../../platform/ledger-xlsx';
import { formatShanghaiDateTime, shanghaiDay } from '../../platform/period';
import { unitNameOf } from '../units/service';
import { listCorrections, listPosts } from './posts';
import { listOutlets } from './registry';

/** 阵地台账: a standing register, the outlets opened by the end of `to` ("截至…"), state and update figures as of today. */
export async function outletLedger(db: Database, actor: Actor, q: LedgerScope): Promise<Buffer> {
  let rows = await allPages((page) => listOutlets(db, actor, { unitId: q.unitId, page, pageSize: 200 }));
  if (q.to) rows = rows.filter((o) => o.startDay <= q.to!);
  return ledgerWorkbook<OutletView>({
    title: '阵地台账', unitName: await unitNameOf(db, actor, q.unitId), period: `截至${cnDay(q.to ?? shanghaiDay())}`, rows,
    columns: [
      { header: '所属单位', width: 14, value: (o) => o.unitName },
      { header: '类型', width: 12, value: (o) => OUTLET_TYPE_LABELS[o.type] },
      { header: '名称', width: 24, value: (o) => o.name },
      { header: '平台', width: 10, value: (o) => o.platform },
      { header: '账号/网址', width: 28, value: (o) => o.account ?? o.domain },
      { header: '管理员', width: 10, value: (o) => o.managerName },
      { header: 'ICP备案号', width: 22, value: (o) => o.icpNo },
      { header: '公安备案号', width: 26, value: (o) => o.psbNo },
      { header: '域名到期', width: 14, value: (o) => cnDay(o.domainExpires) },
      { header: '运维合同到期', width: 14, value: (o) => cnDay(o.contractExpires) },
      { header: '等保级别', width: 8, value: (o) => (o.mlpsGrade ? `第${o.mlpsGrade}级` : '') },
      { header: '状态', width: 10, value: (o) => OUTLET_STATUS_LABELS[o.status] },
      { header: '最近发布', width: 14, value: (o) => cnDay(o.lastPostDay) },
      { header: '更新情况', width: 12, value: (o) => QUIET_STATE_LABELS[o.quiet] },
      { header: '用途/群规', width: 30, value: (o) => [o.purpose, o.rules].filter(Boolean).join('；') },
    ],
  });
}

export async function postLedger(db: Database, actor: Actor, q: LedgerScope & { status?: PostView['status'] }): Promise<Buffer> {
  const step = (p: PostView, key: string) => {
    const s = [...p.steps].reverse().find((x) => x.stepKey === key && x.decision === 'approve' && x.revision === p.revision);
    return s ? `${printedName(s.actorName)} ${formatShanghaiDateTime(s.at)}${s.opinion ? `：${s.opinion}` : ''}` : '';
  };
  return listLedger<PostView>((page, pageSize) => listPosts(db, actor, { unitId: q.unitId, from: q.from ?? null, to: q.to ?? null, status: q.status, page, pageSize }), {
    title: '信息发布审核台账', unitName: await unitNameOf(db, actor, q.unitId), from: q.from, to: q.to,
    columns: [
      { header: '单位', width: 14, value: (p) => p.unitName },
      { header: '标题', width: 32, value: (p) => p.title },
      { header: '作者', width: 14, value: (p) => p.authorName },
      { header: '状态', width: 12, value: (p) => POST_STATUS_LABELS[p.status] },
      ...(['first', 'second', 'final'] as const).map((k, i) => ({ header: ['初审', '复审', '终审'][i], width: 30, value: (p: PostView) => step(p, k) })),
      { header: '校对提示', width: 30, value: (p) => p.hits.map((h) => `${h.matched}→${h.correct}(${h.status === 'fixed' ? '已改正' : h.status === 'kept' ? `保留：${h.reason}` : '未确认'})`).join('；') },
      { header: '发布', width: 36, value: (p) => p.targets.filter((t) => t.publishedOn).map((t) => `${t.outletName} ${cnDay(t.publishedOn)}${t.url ? ` ${t.url}` : ''}`).join('；') },
      { header: '更正', width: 10, value: (p) => (p.corrections.length ? `${p.corrections.length}次` : '') },
    ],
  });
}

export async function correctionLedger(db: Database, actor: Actor, q: LedgerScope): Promise<Buffer> {
  return listLedger<CorrectionView>((page, pageSize) => listCorrections(db, actor, { unitId: q.unitId, from: q.from, to: q.to, page, pageSize }), {
    title: '信息更正台账', unitName: await unitNameOf(db, actor, q.unitId), from: q.from, to: q.to,
    columns: [
      { header: '单位', width: 14, value: (c) => c.unitName },
      { header: '信息标题', width: 30, value: (c) => c.postTitle },
      { header: '错误内容', width: 36, value: (c) => c.wrong },
      { header: '严重程度', width: 14, value: (c) => CORRECTION_SEVERITY_LABELS[c.severity] },
      { header: '发现途径', width: 10, value: (c) => CORRECTION_SOURCE_LABELS[c.foundBy] },
      { header: '发现日期', width: 14, value: (c) => cnDay(c.foundOn) },
      { header: '更正日期', width: 14, value: (c) => cnDay(c.fixedOn) },
      { header: '更正说明', width: 36, value: (c) => c.note },
      { header: '登记人', width: 14, value: (c) => c.createdByName },
    ],
  });
}
