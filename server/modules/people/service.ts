import type { SelectQueryBuilder } from 'kysely';
import type { z } from 'zod';
import type { PersonView, personCreate, personQuery, personUpdate } from '../../../common/schemas/org';
import type { Database } from '../../db';
import { builtOnce } from '../../db/batch';
import { dialectOf } from '../../db/dialect';
import { writeAudit } from '../../platform/audit';
import type { Actor, ActorCtx, Ctx } from '../../platform/context';
import { errors } from '../../platform/errors';
import { assertInScope, type BoundScope, boundScope, scopeOfBound } from '../../platform/scope';
import { containsPattern, likePattern } from '../../platform/search';
import { archiver, inRegisterList, insertRecord, shapedPage, updateVersioned } from '../../platform/records';
import { inTx } from '../../platform/tx';
import { getActiveUnit, getVisibleUnit, unitScope } from '../units/service';

const COLUMNS = [
  'p.id', 'p.unit_id', 'p.name', 'p.position', 'p.phone', 'p.archived_at', 'p.version', 'p.created_at', 'p.updated_at',
  'u.name as unit_name', 'u.path as unit_path',
] as const;

type PersonRow = {
  id: string; unit_id: string; name: string; position: string | null; phone: string | null; archived_at: string | null;
  version: number; unit_name: string; unit_path: string; has_account?: number | string | null;
};

function toView(r: PersonRow): PersonView {
  return {
    id: r.id, unitId: r.unit_id, unitName: r.unit_name, name: r.name, position: r.position, phone: r.phone,
    archived: r.archived_at !== null, version: r.version, hasAccount: Number(r.has_account ?? 0) > 0,
  };
}

/** Built once per database handle (builtOnce): each list extends it. */
const selectPeople = builtOnce((db: Database) => {
  return db
    .selectFrom('people as p')
    .innerJoin('units as u', 'u.id', 'p.unit_id')
    .select(COLUMNS)
    .select((eb) =>
      eb.selectFrom('accounts as a').select((e) => e.fn.countAll().as('n')).whereRef('a.person_id', '=', 'p.id').as('has_account'),
    );
});

export async function getVisiblePerson(db: Database, actor: Actor, id: string, field?: string) {
  const row = await selectPeople(db).where('p.id', '=', id).executeTakeFirst();
  if (!row) throw field ? errors.validation('所选人员不存在', field) : errors.notFound('人员');
  assertInScope(actor, row.unit_path);
  return row as PersonRow;
}

/** PostgreSQL: holds the person's row until the transaction ends (linking an account, archiving). */
export async function lockPerson(db: Database, id: string): Promise<void> {
  if (dialectOf(db) === 'postgres') await db.selectFrom('people').select('id').where('id', '=', id).forUpdate().execute();
}

/** The list's count and page, compiled once per shape (shapedPage): the scope and the search pattern are bound. */
const personPage = shapedPage(['unitId', 'path', 'upper', 'pattern'], (db, p: BoundScope & { archived?: 'true' | 'false'; pattern?: string }) => {
  const scope = scopeOfBound(p);
  let q = selectPeople(db).where((eb) => inRegisterList(eb, { unitId: 'p.unit_id', path: 'u.path', archivedAt: 'p.archived_at' }, scope, p.archived));
  if (p.pattern) {
    const pattern = p.pattern;
    q = q.where((eb) => eb.or([containsPattern('p.name', pattern), containsPattern('p.position', pattern), containsPattern('p.phone', pattern)]));
  }
  return { q: q as unknown as SelectQueryBuilder<any, any, PersonRow>, order: (q: SelectQueryBuilder<any, any, PersonRow>) => q.orderBy('u.path').orderBy('p.name').orderBy('p.id') };
});

/** `unshaped`: the page built anew with the request's values, as before shapedPage (the tests compare the two). */
export async function listPeople(db: Database, actor: Actor, query: z.infer<typeof personQuery>, opts: { unshaped?: boolean } = {}) {
  const scope = await unitScope(db, actor, query);
  return (opts.unshaped ? personPage.unshaped : personPage)(db, {
    ...boundScope(scope),
    archived: query.archived, pattern: query.q ? likePattern(query.q) : undefined,
  }, query, (rows) => rows.map(toView));
}

export async function getPerson(db: Database, actor: Actor, id: string) {
  return toView(await getVisiblePerson(db, actor, id));
}

/** Writes a new person of `unit` with the audit row (the form and the import alike). */
export async function insertPersonAudited(trx: Database, ctx: Ctx, unit: { id: string; name: string; path: string }, f: { name: string; position: string | null; phone: string | null }) {
  const row = await insertRecord(trx, 'people', { unit_id: unit.id, name: f.name, position: f.position, phone: f.phone });
  const view = toView({ ...row, unit_name: unit.name, unit_path: unit.path });
  await writeAudit(trx, ctx, { action: 'create', entity: 'person', entityId: row.id, unitPath: unit.path, after: view });
  return view;
}

export async function createPerson(db: Database, ctx: ActorCtx, input: z.infer<typeof personCreate>) {
  return inTx(db, async (trx) => insertPersonAudited(trx, ctx, await getActiveUnit(trx, ctx.actor, input.unitId, 'unitId'), input));
}

export async function updatePerson(db: Database, ctx: ActorCtx, id: string, input: z.infer<typeof personUpdate>) {
  return inTx(db, async (trx) => {
    const before = await getVisiblePerson(trx, ctx.actor, id);
    if (before.version !== input.version) throw errors.stale();
    const unit = input.unitId === before.unit_id ? await getVisibleUnit(trx, ctx.actor, before.unit_id) : await getActiveUnit(trx, ctx.actor, input.unitId, 'unitId');
    const set = await updateVersioned(trx, 'people', id, input.version, { unit_id: unit.id, name: input.name, position: input.position, phone: input.phone });
    const after = toView({ ...before, ...set, unit_name: unit.name, unit_path: unit.path });
    await writeAudit(trx, ctx, { action: 'update', entity: 'person', entityId: id, unitPath: unit.path, before: toView(before), after });
    return after;
  });
}

export const setPersonArchived = archiver<PersonRow, PersonView>({
  table: 'people', entity: 'person', noun: '人员', view: (_trx, _actor, r) => toView(r), audit: toView,
  load: async (trx, actor, id) => {
    await lockPerson(trx, id); // an account being linked to this person at the same moment is seen
    return getVisiblePerson(trx, actor, id);
  },
  guard: async (trx, _ctx, r, archived) => {
    if (!archived) return;
    const acct = await trx.selectFrom('accounts').select('username').where('person_id', '=', r.id).where('disabled', '=', 0).executeTakeFirst();
    if (acct) throw errors.conflict('PERSON_HAS_ACCOUNT', `该人员的账号“${acct.username}”仍在使用，请先停用账号`);
  },
});
