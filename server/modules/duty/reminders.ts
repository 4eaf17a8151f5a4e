/**
 * 责任书 not signed a month after issue: the issuing unit, which registers the signatures, is told
 * how many have not signed; a signatory unit is told it has not signed. Once per agreement and
 * per signatory.
 */
import { endOfShanghaiDay, shanghaiDay } from '../../platform/calendar';
import type { Reminder, ReminderSource } from '../../platform/reminders';

const short = (s: string) => (s.length > 30 ? `${s.slice(0, 30)}…` : s);

/** The day a month before `day` (the 31st of a longer month goes back to the shorter month's last day). */
export function monthBefore(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  const py = m === 1 ? y - 1 : y;
  const pm = m === 1 ? 12 : m - 1;
  const last = new Date(Date.UTC(py, pm, 0)).getUTCDate();
  const pd = Math.min(d, last);
  return `${py}-${String(pm).padStart(2, '0')}-${String(pd).padStart(2, '0')}`;
}

export const dutyReminders: ReminderSource = async ({ db, now }) => {
  const today = shanghaiDay(now);
  // Issued on or before the day a month ago: a month has passed.
  const rows = await db
    .selectFrom('agreement_signatories as s')
    .innerJoin('agreements as a', 'a.id', 's.agreement_id')
    .leftJoin('people as p', 'p.id', 's.person_id')
    .leftJoin('units as su', 'su.id', 's.unit_id')
    .select(['a.id as agreement_id', 'a.unit_id', 'a.title', 'a.issued_day', 's.id', 's.unit_id as signatory_unit_id', 'su.name as unit_name', 'p.name as person_name'])
    .where('a.archived_at', 'is', null)
    .where('s.signed_day', 'is', null)
    .where('a.issued_day', '<=', monthBefore(today))
    .orderBy('a.issued_day')
    .execute();
  const out: Reminder[] = [];
  const byAgreement = new Map<string, typeof rows>();
  for (const r of rows) byAgreement.set(r.agreement_id, [...(byAgreement.get(r.agreement_id) ?? []), r]);
  for (const [id, list] of byAgreement) {
    const a = list[0];
    const names = list.map((s) => s.unit_name ?? s.person_name ?? '').filter(Boolean);
    const dueAt = endOfShanghaiDay(today);
    out.push({
      key: `agreement:${id}:unsigned-month`, kind: 'notice', unitId: a.unit_id, roles: ['staff', 'leader'],
      title: `责任书《${short(a.title)}》印发已满一个月，尚有${list.length}方未签订：${short(names.join('、'))}`, link: `/agreements?unsigned=true&q=${encodeURIComponent(a.title.slice(0, 50))}`, dueAt,
    });
    for (const s of list) {
      if (!s.signatory_unit_id) continue;
      out.push({
        key: `agreement-signatory:${s.id}:unsigned-month`, kind: 'notice', unitId: s.signatory_unit_id, roles: ['staff', 'leader'],
        title: `责任书《${short(a.title)}》印发已满一个月，本单位尚未签订`, link: '/agreements', dueAt,
      });
    }
  }
  return out;
};
