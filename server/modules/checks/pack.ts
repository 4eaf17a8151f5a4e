/**
 * The checks module's part of the inspection pack: the evidence attached to self-inspection
 * answers (a topic folder of its own), and the outline that arranges a pack by a framework's
 * items, each claiming the records behind its bound indicator, its self-inspection evidence and
 * the generated files its expected evidence names.
 */
import { itemsOf } from '../../../common/checks';
import { chineseNumeral } from '../../../common/numbering';
import { PACK_FOLDERS } from '../../../common/packs';
import type { Database } from '../../db';
import type { PackAttachmentSource, PackOutlineProvider, RecordRefs } from '../../platform/modules';
import type { UnitPeriod } from '../../platform/period';
import { inSubtreeOf } from '../../platform/scope';
import { getVisibleFramework, parseContent } from './frameworks';
import { indicatorByKey } from './indicators';

/** Answers of the subtree's self-inspections whose period overlaps the pack's, optionally of one framework. */
function selfAnswers(db: Database, s: UnitPeriod, frameworkId?: string) {
  let q = db.selectFrom('check_answers as x').innerJoin('check_assessments as a', 'a.id', 'x.assessment_id').innerJoin('units as u', 'u.id', 'a.unit_id')
    .select(['x.id', 'x.item_key', 'a.content', 'a.from_day', 'u.name'])
    .where('a.kind', '=', 'self').where('a.archived_at', 'is', null).where((eb) => inSubtreeOf(eb, 'u.path', s.unitPath))
    .where('a.from_day', '<=', s.to).where('a.to_day', '>=', s.from);
  if (frameworkId) q = q.where('a.framework_id', '=', frameworkId);
  return q.orderBy('a.from_day').orderBy('u.path').orderBy('x.item_key');
}

export const checkPackSources: PackAttachmentSource[] = [
  {
    entity: 'check_answer', folder: PACK_FOLDERS.rectification, label: '自查佐证材料', recordType: '自查项目',
    async records(db, s) {
      const rows = await selfAnswers(db, s).execute();
      const texts = new Map<string, Map<string, string>>();
      return rows.map((r) => {
        const content = r.content ?? '{"sections":[]}';
        if (!texts.has(content)) texts.set(content, new Map(itemsOf(parseContent(content)).map((i) => [i.key, i.text])));
        return { id: r.id, day: r.from_day.slice(0, 4), title: texts.get(content)!.get(r.item_key) ?? r.item_key, unitName: r.name };
      });
    },
  },
];

/** An item's folder name: its number and the start of its text. */
const clipText = (s: string, n: number) => (Array.from(s).length > n ? Array.from(s).slice(0, n).join('') : s);

export const checksPackOutline: PackOutlineProvider = async (db, actor, scope, frameworkId) => {
  const f = await getVisibleFramework(db, actor, frameworkId, 'frameworkId');
  const content = parseContent(f.content);
  const byKey = indicatorByKey();
  const answers = await selfAnswers(db, scope, f.id).execute();
  const evidence = new Map<string, string[]>();
  for (const a of answers) evidence.set(a.item_key, [...(evidence.get(a.item_key) ?? []), a.id]);
  // Each indicator's records once, however many items bind it.
  const behind = new Map<string, Promise<RecordRefs | null>>();
  const recordsOf = (key: string) => {
    if (!behind.has(key)) {
      const ind = byKey.get(key);
      behind.set(key, ind?.records ? ind.records(db, { unitId: scope.unitId, unitPath: scope.unitPath, from: scope.from, to: scope.to }) : Promise.resolve(null));
    }
    return behind.get(key)!;
  };
  const folders = [];
  for (const [i, s] of content.sections.entries()) {
    const section = `${chineseNumeral(i + 1)}、${clipText(s.title, 20)}`;
    for (const [j, it] of s.items.entries()) {
      const number = `${i + 1}.${j + 1}`;
      const records: RecordRefs[] = [];
      const ind = it.indicator ? await recordsOf(it.indicator) : null;
      if (ind) records.push(ind);
      if (evidence.has(it.key)) records.push({ entity: 'check_answer', ids: evidence.get(it.key)! });
      folders.push({ path: `${section}/${number} ${clipText(it.text, 30)}`, label: `${number} ${it.text}`, records, cites: it.evidence ? [it.evidence] : [] });
    }
  }
  return { name: f.name, folders };
};
