import type { z } from 'zod';
import { INFO_KIND_LABELS, INFO_OUTCOME_LABELS, type infoQuery } from '../../../common/information';
import type { Database } from '../../db';
import type { Actor } from '../../platform/context';
import { cnDay, listLedger } from '../../platform/ledger-xlsx';
import { unitNameOf } from '../units/service';
import { listItems } from './service';

/** 信息报送与采用台账 as .xlsx: the items the list shows for the same filters, oldest first. */
export async function infoLedger(db: Database, actor: Actor, query: Omit<z.infer<typeof infoQuery>, 'page' | 'pageSize'>): Promise<Buffer> {
  return listLedger((page, pageSize) => listItems(db, actor, { ...query, page, pageSize }), {
    title: '信息报送与采用台账', unitName: await unitNameOf(db, actor, query.unitId), from: query.from, to: query.to, oldestFirst: true,
    columns: [
      { header: '报送日期', width: 14, value: (i) => cnDay(i.sentDay) },
      { header: '报送单位', width: 16, value: (i) => i.unitName },
      { header: '类别', width: 10, value: (i) => INFO_KIND_LABELS[i.kind] },
      { header: '标题', width: 40, value: (i) => i.title },
      { header: '接收单位', width: 16, value: (i) => i.toUnitName },
      { header: '采用情况', width: 10, value: (i) => (i.outcome ? INFO_OUTCOME_LABELS[i.outcome] : '待采用') },
      { header: '刊发载体', width: 20, value: (i) => i.outcomeWhere },
      { header: '说明', width: 30, value: (i) => i.outcomeNote },
      { header: '登记日期', width: 14, value: (i) => cnDay(i.outcomeDay) },
      { header: '报送人', width: 16, value: (i) => i.sentBy },
    ],
  });
}
