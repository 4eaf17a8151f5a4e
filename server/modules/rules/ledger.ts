import type { z } from 'zod';
import { RULE_CATEGORY_LABELS, RULE_STATE_LABELS, type ruleQuery, type RuleView } from '../../../common/rules';
import type { Database } from '../../db';
import { shanghaiDay } from '../../platform/calendar';
import type { Actor } from '../../platform/context';
import { allPages, cnDay, ledgerWorkbook } from '../../platform/ledger-xlsx';
import { unitNameOf } from '../units/service';
import { listRules } from './service';

/**
 * 制度文件台账 as .xlsx: a standing register. With `to` (a pack's period), the rules in force on
 * that day; otherwise the list as the filters give it.
 */
export async function ruleLedger(db: Database, actor: Actor, query: Partial<Omit<z.infer<typeof ruleQuery>, 'page' | 'pageSize'>>): Promise<Buffer> {
  const { from: _from, to, ...filters } = query;
  const asOf = to ?? null;
  const items = await allPages((page) => listRules(db, actor, { ...filters, ...(asOf ? { inForceOn: asOf } : {}), page, pageSize: 200 }));
  return ledgerWorkbook<RuleView>({
    title: '制度文件台账', unitName: await unitNameOf(db, actor, query.unitId), period: `截至${cnDay(asOf ?? shanghaiDay())}`, rows: items,
    columns: [
      { header: '制度名称', width: 36, value: (r) => r.title },
      { header: '类别', width: 14, value: (r) => RULE_CATEGORY_LABELS[r.category] },
      { header: '文号', width: 20, value: (r) => r.docNumber },
      { header: '印发单位', width: 18, value: (r) => r.issuer },
      { header: '单位', width: 14, value: (r) => r.unitName },
      { header: '首次施行', width: 14, value: (r) => cnDay(r.adoptedDay) },
      { header: '现行版本施行', width: 14, value: (r) => cnDay(r.effectiveDay) },
      { header: '版本数', width: 8, value: (r) => r.versionCount },
      { header: '废止日期', width: 14, value: (r) => cnDay(r.repealDay) },
      { header: '复审日期', width: 14, value: (r) => (r.reviewOverdueDays > 0 ? `${cnDay(r.reviewDay)}(逾期${r.reviewOverdueDays}天)` : cnDay(r.reviewDay)) },
      { header: '状态', width: 10, value: (r) => RULE_STATE_LABELS[r.state] },
    ],
  });
}
