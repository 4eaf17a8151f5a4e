/**
 * A unit's document settings: the handling mark printed on its documents and packs (内部资料,
 * 注意保存), whether its exports carry a watermark (unit, user, time), and its 舆情专报's 报头 and
 * 报送范围. A unit without a saved row uses the defaults: no mark, no watermark, 舆情专报, and the
 * superior's office as 报送范围 (and as 主送机关 of the 工作总结 and 工作方案).
 */
import type { z } from 'zod';
import type { DocumentSettingsView, documentSettingsSave } from '../../../common/documents';
import type { Database } from '../../db';
import { writeAudit } from '../../platform/audit';
import type { Actor, ActorCtx } from '../../platform/context';
import { errors } from '../../platform/errors';
import { nowIso } from '../../platform/ids';
import { inTx } from '../../platform/tx';
import { getActiveUnit, getVisibleUnit } from '../units/service';

export const DEFAULT_MASTHEAD = '舆情专报';

export interface DocSettings {
  mark: string | null;
  watermark: boolean;
  briefMasthead: string | null;
  briefDistribution: string | null;
}

const NONE: DocSettings = { mark: null, watermark: false, briefMasthead: null, briefDistribution: null };

/** The settings saved for a unit (the defaults when none were saved). */
export async function settingsOf(db: Database, unitId: string): Promise<DocSettings & { version: number; updatedAt: string | null; updatedByName: string | null }> {
  const r = await db.selectFrom('document_settings').selectAll().where('unit_id', '=', unitId).executeTakeFirst();
  if (!r) return { ...NONE, version: 0, updatedAt: null, updatedByName: null };
  return {
    mark: r.mark, watermark: !!r.watermark, briefMasthead: r.brief_masthead, briefDistribution: r.brief_distribution,
    version: r.version, updatedAt: r.updated_at, updatedByName: r.updated_by_name,
  };
}

/** How a unit signs: its 发文机关署名, else its name. */
export async function officeOf(db: Database, unitId: string): Promise<string | null> {
  const u = await db.selectFrom('units').select(['name', 'office_name']).where('id', '=', unitId).executeTakeFirst();
  return u ? u.office_name || u.name : null;
}

/** 主送机关 by default: the office of the unit's superior (its 发文机关署名, else its name); null at a top unit. */
export async function superiorOffice(db: Database, unitId: string): Promise<string | null> {
  const u = await db.selectFrom('units').select('parent_id').where('id', '=', unitId).executeTakeFirst();
  return u?.parent_id ? officeOf(db, u.parent_id) : null;
}

export async function getSettings(db: Database, actor: Actor, unitId: string): Promise<DocumentSettingsView> {
  const unit = await getVisibleUnit(db, actor, unitId, 'unitId');
  const s = await settingsOf(db, unit.id);
  const superior = await superiorOffice(db, unit.id);
  return {
    unitId: unit.id, unitName: unit.name, mark: s.mark, watermark: s.watermark, briefMasthead: s.briefMasthead, briefDistribution: s.briefDistribution,
    defaults: { briefMasthead: DEFAULT_MASTHEAD, briefDistribution: superior, recipient: superior, issuer: (await officeOf(db, unit.id)) ?? unit.name },
    version: s.version, updatedAt: s.updatedAt, updatedByName: s.updatedByName,
  };
}

/** Saves a unit's settings: the first save inserts (version 0), later ones update the version the form was loaded with. */
export async function saveSettings(db: Database, ctx: ActorCtx, input: z.infer<typeof documentSettingsSave>): Promise<DocumentSettingsView> {
  await inTx(db, async (trx) => {
    const unit = await getActiveUnit(trx, ctx.actor, input.unitId, 'unitId');
    const before = await settingsOf(trx, unit.id);
    if (before.version !== input.version) throw errors.stale();
    const now = nowIso();
    const fields = {
      mark: input.mark, watermark: input.watermark ? 1 : 0, brief_masthead: input.briefMasthead, brief_distribution: input.briefDistribution,
      updated_by_name: `${ctx.actor.displayName}(${ctx.actor.username})`, updated_at: now,
    };
    if (input.version === 0) {
      // Two first saves at once: the second inserts nothing and is told the settings changed.
      const res = await trx.insertInto('document_settings').values({ unit_id: unit.id, ...fields, version: 1, created_at: now })
        .onConflict((oc) => oc.column('unit_id').doNothing()).executeTakeFirst();
      if (Number(res.numInsertedOrUpdatedRows ?? 0) !== 1) throw errors.stale();
    } else {
      const res = await trx.updateTable('document_settings').set({ ...fields, version: input.version + 1 })
        .where('unit_id', '=', unit.id).where('version', '=', input.version).executeTakeFirst();
      if (Number(res.numUpdatedRows) !== 1) throw errors.stale();
    }
    const shape = (s: DocSettings) => ({ 处理标志: s.mark, 导出水印: s.watermark, 专报报头: s.briefMasthead, 报送范围: s.briefDistribution });
    await writeAudit(trx, ctx, {
      action: 'update', entity: 'document_settings', entityId: unit.id, unitPath: unit.path,
      before: shape(before), after: shape({ mark: input.mark, watermark: input.watermark, briefMasthead: input.briefMasthead, briefDistribution: input.briefDistribution }),
    });
  });
  return getSettings(db, ctx.actor, input.unitId);
}

/** The next number of a unit's series for a year, inside the caller's transaction: the UPDATE holds the row until it commits, so concurrent callers queue and never share a number. */
export async function nextSerial(trx: Database, unitId: string, series: string, year: number): Promise<number> {
  await trx.insertInto('document_serials').values({ unit_id: unitId, series, year, last_no: 0 })
    .onConflict((oc) => oc.columns(['unit_id', 'series', 'year']).doNothing()).execute();
  const row = await trx.updateTable('document_serials').set((eb) => ({ last_no: eb('last_no', '+', 1) }))
    .where('unit_id', '=', unitId).where('series', '=', series).where('year', '=', year)
    .returning('last_no').executeTakeFirstOrThrow();
  return row.last_no;
}

/** The text of an export watermark: who exported what unit's records, and when (Shanghai time). */
export function watermarkText(unitName: string, actor: Actor, at: string): string {
  return `${unitName}　${actor.displayName}　${at}导出`;
}
