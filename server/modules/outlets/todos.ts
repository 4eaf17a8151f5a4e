/** Home to-dos: posts waiting for the user's review step, and the subtree's filings, domains and contracts expiring within 30 days. */
import { can } from '../../../common/roles';
import type { TodoSource } from '../../platform/modules';
import { currentInSubtree } from '../../platform/records';
import { waitingCount } from './posts';
import { expiries } from './quiet';

export const outletTodos: TodoSource[] = [
  {
    key: 'publishing.review',
    async list(db, actor) {
      if (!can(actor.role, 'post.review')) return [];
      const n = await waitingCount(db, actor);
      return n ? [{ key: 'publishing.review', label: '待我审核的信息', count: n, link: '/publishing?waiting=me', urgent: false }] : [];
    },
  },
  {
    key: 'outlets.expiring',
    async list(db, actor, today) {
      if (!can(actor.role, 'outlet.manage')) return [];
      const rows = await db.selectFrom('outlets as o').innerJoin('units as u', 'u.id', 'o.unit_id').select(['o.status', 'o.domain_expires', 'o.filing_expires', 'o.contract_expires'])
        .where((eb) => currentInSubtree(eb, { path: 'u.path', archivedAt: 'o.archived_at' }, actor.unitPath)).execute();
      const soon = rows.map((r) => expiries(r, today)).filter((e) => e.length);
      if (!soon.length) return [];
      return [{ key: 'outlets.expiring', label: '即将到期的域名、备案和运维合同', count: soon.length, link: '/outlets?expiring=true', urgent: soon.some((e) => e.some((x) => x.daysLeft <= 7)) }];
    },
  },
];
