import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { up as addCloseClocks } from '../../server/db/migrations/2026120607_sla_close_clocks';
import { getCaseSettings } from '../../server/modules/cases/settings';
import { setSetting } from '../../server/platform/settings';
import { dialectName, freshDb } from '../helpers/app';

describe(`a saved SLA policy from before 重大/特别重大 had closure clocks [${dialectName}]`, () => {
  let fresh: Awaited<ReturnType<typeof freshDb>>;
  beforeAll(async () => {
    fresh = await freshDb();
  });
  afterAll(async () => {
    await fresh.handle.close();
    await fresh.drop();
  });

  it('gets the default closure clocks for those levels and keeps every clock the administrator set', async () => {
    const db = fresh.handle.db;
    // As an administrator saved it before: 重大 without a closure clock, 特别重大 with one of its own, 一般 changed.
    await setSetting(db, 'cases.settings', {
      categories: ['城乡建设'], groupingThreshold: 10, lateEntryReasonHours: 24,
      sla: {
        levels: {
          general: [{ key: 'response', amount: 24, unit: 'hours' }, { key: 'close', amount: 4, unit: 'working_days' }],
          major: [{ key: 'response', amount: 48, unit: 'hours' }],
          serious: [{ key: 'report_up', amount: 1, unit: 'hours' }, { key: 'response', amount: 24, unit: 'hours' }],
          critical: [{ key: 'report_up', amount: 1, unit: 'hours' }, { key: 'close', amount: 1, unit: 'working_days' }],
        },
        waitStates: ['等待检测鉴定结果'],
      },
    });
    await addCloseClocks(db);
    const { sla } = await getCaseSettings(db);
    expect(sla.levels.serious).toEqual([
      { key: 'report_up', amount: 1, unit: 'hours' }, { key: 'response', amount: 24, unit: 'hours' }, { key: 'close', amount: 3, unit: 'working_days' },
    ]);
    expect(sla.levels.critical).toEqual([{ key: 'report_up', amount: 1, unit: 'hours' }, { key: 'close', amount: 1, unit: 'working_days' }]);
    // Levels the change is not about stay exactly as saved (较大 without a closure clock included).
    expect(sla.levels.major).toEqual([{ key: 'response', amount: 48, unit: 'hours' }]);
    expect(sla.levels.general).toEqual([{ key: 'response', amount: 24, unit: 'hours' }, { key: 'close', amount: 4, unit: 'working_days' }]);
    expect(sla.waitStates).toEqual(['等待检测鉴定结果']);
  });

  it('leaves a database that never saved a policy on the defaults', async () => {
    const db = fresh.handle.db;
    await db.deleteFrom('settings').where('key', '=', 'cases.settings').execute();
    await addCloseClocks(db);
    expect(await db.selectFrom('settings').select('key').where('key', '=', 'cases.settings').executeTakeFirst()).toBeUndefined();
  });
});
