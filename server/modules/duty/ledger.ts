import type { AgreementSignatureRow, DutyItemView } from '../../../common/duty';
import type { Database } from '../../db';
import { shanghaiYear } from '../../platform/period';
import type { Actor } from '../../platform/context';
import { cnDay, dayCell, ledgerWorkbook, periodText } from '../../platform/ledger-xlsx';
import { getVisibleUnit } from '../units/service';
import { agreementSignatureRows, listItems } from './service';

/** The years a ledger covers: one year, or every year the period touches. */
function yearsOf(q: { year?: number; from?: string | null; to?: string | null }): number[] {
  if (q.year) return [q.year];
  const thisYear = shanghaiYear();
  const first = q.from ? Number(q.from.slice(0, 4)) : q.to ? Number(q.to.slice(0, 4)) : thisYear;
  const last = q.to ? Number(q.to.slice(0, 4)) : thisYear;
  const out: number[] = [];
  for (let y = first; y <= Math.min(Math.max(first, last), first + 9); y++) out.push(y);
  return out;
}

const yearsText = (ys: number[]) => (ys.length === 1 ? `${ys[0]}年` : `${ys[0]}—${ys[ys.length - 1]}年`);

/**
 * 责任清单 as .xlsx: the unit's own list (a list belongs to one unit and one year) for a year,
 * or for every year a period touches, with a 年度 column when there are several.
 */
export async function dutyLedger(db: Database, actor: Actor, q: { unitId?: string; year?: number; from?: string | null; to?: string | null; q?: string; archived?: 'true' | 'false' }): Promise<{ buffer: Buffer; filename: string }> {
  const unit = await getVisibleUnit(db, actor, q.unitId ?? actor.unitId);
  const years = yearsOf(q);
  const items: DutyItemView[] = [];
  for (const year of years) items.push(...(await listItems(db, actor, { unitId: unit.id, year, q: q.q, archived: q.archived, page: 1, pageSize: 10000 })).items);
  const buffer = await ledgerWorkbook<DutyItemView>({
    title: `${yearsText(years)}网络意识形态工作责任清单`,
    unitName: unit.name,
    period: q.from || q.to ? periodText(q.from, q.to) : yearsText(years),
    rows: items,
    columns: [
      ...(years.length > 1 ? [{ header: '年度', width: 8, value: (d: DutyItemView) => d.year }] : []),
      { header: '类别', width: 12, value: (d) => d.category },
      { header: '责任内容', width: 50, value: (d) => d.content },
      { header: '责任领导', width: 12, value: (d) => d.leaderName },
      { header: '责任部门', width: 24, value: (d) => [...d.departments.map((x) => x.name), d.departmentsText].filter(Boolean).join('、') },
      { header: '依据文件', width: 30, value: (d) => d.basis },
    ],
  });
  return { buffer, filename: `${unit.name}${yearsText(years)}责任清单.xlsx` };
}

/**
 * 责任书签订情况 as .xlsx: agreements issued in the unit's subtree with one row per signatory,
 * for one year, every year a period touches, or (neither given) all years.
 */
export async function agreementLedger(db: Database, actor: Actor, q: { unitId?: string; year?: number; from?: string | null; to?: string | null; q?: string; archived?: 'true' | 'false'; unsigned?: 'true' | 'false' }): Promise<{ buffer: Buffer; filename: string }> {
  const unit = await getVisibleUnit(db, actor, q.unitId ?? actor.unitId);
  const base = { unitId: unit.id, q: q.q, archived: q.archived, unsigned: q.unsigned };
  const years = q.year || q.from || q.to ? yearsOf(q) : null;
  const rows: AgreementSignatureRow[] = [];
  if (years) for (const year of [...years].reverse()) rows.push(...(await agreementSignatureRows(db, actor, { ...base, year })));
  else rows.push(...(await agreementSignatureRows(db, actor, base)));
  const buffer = await ledgerWorkbook<AgreementSignatureRow>({
    title: '网络意识形态工作责任书签订情况',
    unitName: unit.name,
    period: q.from || q.to ? periodText(q.from, q.to) : years ? yearsText(years) : '全部年度',
    rows,
    columns: [
      { header: '责任书', width: 36, value: (r) => r.agreement.title },
      { header: '年度', width: 8, value: (r) => r.agreement.year },
      { header: '印发单位', width: 16, value: (r) => r.agreement.unitName },
      { header: '印发日期', width: 14, value: (r) => dayCell(r.agreement.issuedDay) },
      { header: '签订单位/人员', width: 24, value: (r) => (r.signatory ? (r.signatory.unitName ?? r.signatory.personName) : '(未指定)') },
      { header: '签订情况', width: 10, value: (r) => (r.signatory ? (r.signatory.signedDay ? '已签订' : '未签订') : '') },
      { header: '签订日期', width: 14, value: (r) => dayCell(r.signatory?.signedDay) },
      { header: '签订件', width: 8, value: (r) => (r.signatory ? (r.signatory.attachmentCount ? `${r.signatory.attachmentCount} 份` : '无') : '') },
      { header: '签订率', width: 10, value: (r) => `${r.agreement.signed}/${r.agreement.expected}` },
    ],
  });
  return { buffer, filename: `${unit.name}责任书签订情况.xlsx` };
}
