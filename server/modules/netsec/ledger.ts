import { NETSEC_MEASURE_LABELS, type ProfileView } from '../../../common/netsec';
import type { Database } from '../../db';
import type { Actor } from '../../platform/context';
import type { DayRange } from '../../platform/period';
import { cnDay, ledgerWorkbook } from '../../platform/ledger-xlsx';
import { unitNameOf } from '../units/service';
import { listProfiles } from './service';

/** 网络安全台账 as .xlsx: each unit's terminals by network (涉密 never recorded) and the measures in place, as of the period's end. */
export async function netsecLedger(db: Database, actor: Actor, scope: { unitId: string } & DayRange): Promise<Buffer> {
  const { items } = await listProfiles(db, actor, { unitId: scope.unitId });
  return ledgerWorkbook<ProfileView>({
    title: '网络安全台账', unitName: await unitNameOf(db, actor, scope.unitId), period: `截至${cnDay(scope.to)}`, rows: items,
    columns: [
      { header: '单位', width: 18, value: (r) => r.unitName },
      { header: '内网终端(台)', width: 12, value: (r) => r.intranetTerminals },
      { header: '外网终端(台)', width: 12, value: (r) => r.internetTerminals },
      { header: '安全措施', width: 36, value: (r) => r.measures.filter((m) => m !== 'other').map((m) => NETSEC_MEASURE_LABELS[m]).join('、') },
      { header: '其他措施', width: 24, value: (r) => r.otherMeasure ?? '' },
      { header: '核对日期', width: 14, value: (r) => cnDay(r.checkedDay) },
    ],
  });
}
