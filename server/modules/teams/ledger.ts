import type { MemberView } from '../../../common/teams';
import type { Database } from '../../db';
import type { Actor } from '../../platform/context';
import type { DayRange } from '../../platform/period';
import { allPages, cnDay, ledgerWorkbook, periodText } from '../../platform/ledger-xlsx';
import { unitNameOf } from '../units/service';
import { listMembers } from './service';

/** 队伍台账 as .xlsx: who holds which role in the unit's subtree, and their trainings in the period (from the activity ledger). */
export async function teamLedger(db: Database, actor: Actor, scope: { unitId: string } & DayRange): Promise<Buffer> {
  const items = await allPages((page) => listMembers(db, actor, { unitId: scope.unitId, from: scope.from, to: scope.to, page, pageSize: 200 }));
  return ledgerWorkbook<MemberView>({
    title: '队伍台账', unitName: await unitNameOf(db, actor, scope.unitId), period: periodText(scope.from, scope.to), rows: items,
    columns: [
      { header: '队伍(角色)', width: 16, value: (r) => r.roleLabel },
      { header: '姓名', width: 10, value: (r) => r.personName },
      { header: '职务', width: 18, value: (r) => r.position ?? '' },
      { header: '单位', width: 16, value: (r) => r.unitName },
      { header: '加入日期', width: 14, value: (r) => cnDay(r.sinceDay) },
      { header: '本期参加培训(次)', width: 12, value: (r) => r.trainingCount },
      { header: '备注', width: 24, value: (r) => r.note ?? '' },
    ],
  });
}
