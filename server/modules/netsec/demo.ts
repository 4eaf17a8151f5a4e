/**
 * Demo 网络安全: the county's and 城关镇's terminals and measures (checked a month ago), and
 * the county's maintenance contract, which runs out in three weeks so its reminder shows.
 * Through the service, inside the seed's transaction.
 */
import type { Database } from '../../db';
import { addDays, shanghaiDay } from '../../platform/calendar';
import type { Actor, ActorCtx, Ctx } from '../../platform/context';
import { actorsFor, unitsByName } from '../demo/lookups';
import { createContract, setProfile } from './service';

export async function seedNetsecDemo(db: Database, system: Ctx): Promise<void> {
  const [staff, cgStaff] = await actorsFor(db, ['staff', 'cg_staff']);
  const [cg] = await unitsByName(db, ['城关镇']);
  if (!staff || !cgStaff || !cg) return;
  const today = shanghaiDay();
  const as = (actor: Actor): ActorCtx => ({ ...system, actor });
  await setProfile(db, as(staff), {
    unitId: staff.unitId, intranetTerminals: 24, internetTerminals: 46, measures: ['antivirus', 'strong_password', 'removable_media', 'encryption'],
    otherMeasure: null, checkedDay: addDays(today, -30), version: null,
  });
  await setProfile(db, as(cgStaff), {
    unitId: cg.id, intranetTerminals: 8, internetTerminals: 15, measures: ['antivirus', 'strong_password'], otherMeasure: null, checkedDay: addDays(today, -25), version: null,
  });
  await createContract(db, as(staff), {
    unitId: staff.unitId, vendor: '县信息化运维服务单位(演示)', scope: '机关内网、外网终端和网络设备日常运维，季度安全巡检',
    signedDay: addDays(today, -345), expiresDay: addDays(today, 20),
  });
}
