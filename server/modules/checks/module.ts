/**
 * 自查与考核: checklist frameworks whose items answer from the indicators the modules contribute,
 * self-inspections, assessment campaigns with scores, vetoes and ranking, findings that become
 * rectifications, and accountability records (问责).
 */
import { PACK_FOLDERS } from '../../../common/packs';
import type { Database } from '../../db';
import type { Attachable } from '../../platform/attachable';
import type { Module } from '../../platform/modules';
import { inSubtree } from '../../platform/scope';
import { seedChecksDemo } from './demo';
import { checksRegister } from './ledger';
import { checkNoticeGenerator, selfReportGenerator } from './documents';
import { checkPackSources, checksPackOutline } from './pack';
import { checkReminders } from './reminders';
import { checkRoutes } from './routes';
import { isAssessingSide } from './service';
import { checksSection } from './summary';
import { checkTodos } from './todos';

async function answerUnit(db: Database, id: string) {
  return db.selectFrom('check_answers as x').innerJoin('check_assessments as a', 'a.id', 'x.assessment_id').innerJoin('units as u', 'u.id', 'a.unit_id')
    .leftJoin('check_campaigns as c', 'c.id', 'a.campaign_id').leftJoin('units as cu', 'cu.id', 'c.unit_id')
    .select(['u.id', 'u.path', 'a.kind', 'c.status', 'cu.path as c_path']).where('x.id', '=', id).executeTakeFirst();
}

/** Evidence of an answer: the assessed unit's subtree decides, and a campaign's evidence stays with the assessing side until published. */
const answerAttachable: Attachable = {
  label: '考核佐证材料',
  writePermission: 'check.read',
  async findUnit(db, id) {
    const r = await answerUnit(db, id);
    return r ? { unitId: r.id, unitPath: r.path } : null;
  },
  async visibleTo(db, actor, id) {
    const r = await answerUnit(db, id);
    if (!r || !inSubtree(actor.unitPath, r.path)) return false;
    return r.kind === 'self' || r.status === 'published' || isAssessingSide(actor, r.c_path!);
  },
};

export const checksModule: Module = {
  key: 'checks',
  routes: ({ db }) => checkRoutes(db),
  reminders: checkReminders,
  attachables: { check_answer: answerAttachable },
  ledgers: [{ key: 'checks', name: '自查与考核台账', folder: PACK_FOLDERS.rectification, build: checksRegister }],
  packSources: checkPackSources,
  packOutline: checksPackOutline,
  generators: [selfReportGenerator, checkNoticeGenerator],
  summarySections: [checksSection],
  todos: checkTodos,
  demo: { order: 80, run: (trx, d) => seedChecksDemo(trx, d.ctx) },
};
