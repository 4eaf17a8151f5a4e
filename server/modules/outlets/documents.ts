/**
 * 信息发布审批表 (.docx on the project's document layout): the post, its target outlets, each
 * step of the chain with person, time and opinion, the proofreading hits and how each was
 * acknowledged, and the publication record. Everything is read from the post's records.
 */
import { OUTLET_TYPE_LABELS } from '../../../common/outlets';
import { RULE_CATEGORY_LABELS, type PostView } from '../../../common/publishing';
import type { Database } from '../../db';
import { type Block, buildOfficialDocument } from '../../documents/layout';
import type { Actor } from '../../platform/context';
import { cnDay, printedName } from '../../platform/ledger-xlsx';
import { formatShanghaiDateTime, shanghaiDay } from '../../platform/period';
import { getPost } from './posts';

export function approvalFormName(p: Pick<PostView, 'title'>): string {
  const t = p.title.replace(/[\\/:*?"<>|\r\n]+/g, '').slice(0, 30);
  return `信息发布审批表-${t}.docx`;
}

export function approvalFormBlocks(p: PostView): Block[] {
  const current = p.steps.filter((s) => s.revision === p.revision);
  const stepRows = p.chain.map((c) => {
    const s = [...current].reverse().find((x) => x.stepKey === c.key);
    if (!s) return [c.label, '', '', '尚未办理'];
    const marks = [s.readThrough ? '已通读' : '', s.notSecret ? '经审核不涉密' : ''].filter(Boolean).join('，');
    return [c.label, printedName(s.actorName), formatShanghaiDateTime(s.at), `${s.decision === 'approve' ? (s.opinion ?? '同意') : `退回：${s.opinion ?? ''}`}${marks ? `(${marks})` : ''}`];
  });
  const earlier = p.steps.filter((s) => s.revision < p.revision || s.decision === 'reject');
  const blocks: Block[] = [
    { kind: 'table', rows: [
      ['报送单位', p.unitName],
      ['信息标题', p.title],
      ['撰稿人', p.authorName],
      ['发布阵地', p.targets.map((t) => `${t.outletName}(${OUTLET_TYPE_LABELS[t.outletType]})`).join('、')],
      ['计划发布日期', p.plannedAt ? cnDay(p.plannedAt) : '未定'],
      ['重要信息', p.important ? '是(各审核环节须通读全文)' : '否'],
      ['正文字数', `${[...p.body].length}字`],
      ['送审稿次', `第${p.revision}稿`],
    ], widths: [1, 3] },
    { kind: 'heading', level: 1, text: '审核意见' },
    { kind: 'table', header: ['环节', '审核人', '时间', '意见'], rows: stepRows, widths: [1, 3, 3, 3] }, // the person and the time on one line each
  ];
  if (earlier.length) {
    blocks.push({ kind: 'paragraph', text: `此前审核退回${earlier.filter((s) => s.decision === 'reject').length}次：${earlier.filter((s) => s.decision === 'reject').map((s) => `${s.label}由${printedName(s.actorName)}于${formatShanghaiDateTime(s.at)}退回，原因：${s.opinion ?? ''}`).join('；')}。` });
  }
  blocks.push({ kind: 'heading', level: 1, text: '校对情况' });
  if (p.hits.length) {
    blocks.push({ kind: 'table', header: ['原文', '建议', '类别', '处理'], widths: [2, 2, 1, 4], rows: p.hits.map((h) => [
      h.matched, h.correct, RULE_CATEGORY_LABELS[h.category],
      h.status === 'fixed' ? `已改正(${h.ackByName}，${formatShanghaiDateTime(h.ackAt!)})` : h.status === 'kept' ? `保留原文：${h.reason}(${h.ackByName}，${formatShanghaiDateTime(h.ackAt!)})` : '未确认',
    ]) });
  } else {
    blocks.push({ kind: 'paragraph', text: '提交时经校对规则检查，未发现需提示的表述。' });
  }
  blocks.push({ kind: 'heading', level: 1, text: '发布情况' });
  const published = p.targets.filter((t) => t.publishedOn);
  blocks.push(published.length
    ? { kind: 'table', header: ['阵地', '发布日期', '网址', '登记人'], widths: [2, 2, 4, 2], rows: published.map((t) => [t.outletName, cnDay(t.publishedOn), t.url ?? '', t.publishedByName ?? '']) }
    : { kind: 'paragraph', text: '尚未登记发布。' });
  return blocks;
}

export async function approvalFormDocx(db: Database, actor: Actor, id: string): Promise<{ buffer: Buffer; filename: string }> {
  const p = await getPost(db, actor, id);
  const last = p.steps.filter((s) => s.decision === 'approve').at(-1);
  const buffer = await buildOfficialDocument({ title: '信息发布审批表', blocks: approvalFormBlocks(p), signer: p.unitName, date: last ? shanghaiDay(last.at) : shanghaiDay() });
  return { buffer, filename: approvalFormName(p) };
}
