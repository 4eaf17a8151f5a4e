import type { z } from 'zod';
import { ROLE_LABELS, type Role } from '../../../common/roles';
import type { setupBody } from '../../../common/schemas/org';
import type { Database } from '../../db';
import { writeAudit } from '../../platform/audit';
import type { Actor, RequestMeta } from '../../platform/context';
import { errors } from '../../platform/errors';
import { newId, nowIso } from '../../platform/ids';
import { hashPassword } from '../../platform/passwords';
import { createSession } from '../../platform/sessions';
import { getSetting } from '../../platform/settings';
import { inTx } from '../../platform/tx';
import { lockUnitTree } from '../units/repo';
import { createRootUnit } from '../units/service';
import type { DemoAccount } from '../../platform/modules';

export type { DemoAccount } from '../../platform/modules';

export async function publicInfo(db: Database) {
  const { n } = await db.selectFrom('units').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const demo = (await getSetting<DemoAccount[]>(db, 'demo_accounts')) ?? null;
  return {
    appName: '网信工作台',
    setupNeeded: Number(n) === 0,
    demo: demo !== null,
    ...(demo ? { demoAccounts: demo.map((a) => ({ ...a, roleLabel: ROLE_LABELS[a.role] })) } : {}),
  };
}

/** First start of a production install: create the root unit and its first admin, once. */
export async function setup(db: Database, meta: RequestMeta & { userAgent: string | null }, input: z.infer<typeof setupBody>) {
  const passwordHash = await hashPassword(input.password);
  return inTx(db, async (trx) => {
    await lockUnitTree(trx); // two first starts at once: the second waits, then finds the first's root unit
    const { n } = await trx.selectFrom('units').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    if (Number(n) > 0) throw errors.conflict('ALREADY_SET_UP', '系统已经初始化，请直接登录');
    const root = await createRootUnit(trx, { ...meta, actor: null }, { name: input.unitName, kind: input.unitKind });
    const now = nowIso();
    const personId = newId();
    await trx.insertInto('people').values({
      id: personId, unit_id: root.id, name: input.adminName, position: '系统管理员', phone: null, archived_at: null,
      version: 0, created_at: now, updated_at: now,
    }).execute();
    const accountId = newId();
    await trx.insertInto('accounts').values({
      id: accountId, username: input.username, password_hash: passwordHash, display_name: input.adminName, role: 'admin',
      unit_id: root.id, person_id: personId, disabled: 0, locked_until: null, last_login_at: now, password_changed_at: now,
      version: 0, created_at: now, updated_at: now,
    }).execute();
    const actor: Actor = {
      accountId, username: input.username, displayName: input.adminName, role: 'admin', unitId: root.id, unitName: root.name, unitPath: root.path,
    };
    await writeAudit(trx, { ...meta, actor }, { action: 'setup', entity: 'account', entityId: accountId, unitPath: root.path, after: { unit: root.name, username: input.username } });
    const session = await createSession(trx, accountId, meta);
    return { actor, ...session };
  });
}
