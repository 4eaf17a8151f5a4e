/** 队伍: typed roles people hold in a unit's teams — schemas and labels shared by server and web. */
import { z } from 'zod';
import { id, optionalDay, optionalText, page, text, version } from './fields';

/** The standard roles; a unit may add its own for its subtree (team_roles). */
export const TEAM_ROLES = ['spokesperson', 'liaison', 'informant', 'security_admin', 'lecturer', 'volunteer'] as const;
export type TeamRole = (typeof TEAM_ROLES)[number];
export const TEAM_ROLE_LABELS: Record<TeamRole, string> = {
  spokesperson: '新闻发言人', liaison: '联络员', informant: '网信专干/信息员', security_admin: '网络安全管理员', lecturer: '宣讲员', volunteer: '志愿者',
};

/**
 * Out of scope by design (DESIGN.md): netduty never tasks staff to post, like, comment or steer
 * opinion, so no team role may be one (网评员, 评论员, 水军 …).
 */
export const FORBIDDEN_ROLE_WORDS = ['网评', '评论员', '水军', '点赞', '转发', '跟帖', '刷评', '引导舆论', '舆论引导员', '控评'];

export const roleCreate = z.object({ unitId: id('单位'), name: text('队伍角色名称', { max: 50 }) });

const memberFields = {
  role: z.string({ error: '请选择队伍角色' }).min(1, { error: '请选择队伍角色' }).max(64, { error: '队伍角色无效' }),
  sinceDay: optionalDay('加入日期'),
  note: optionalText('说明', 500),
};
export const memberCreate = z.object({ unitId: id('单位'), personId: id('人员'), ...memberFields });
export const memberUpdate = z.object({ ...memberFields, version });
export const memberQuery = page.extend({
  unitId: z.string().max(64).optional(),
  includeSubunits: z.enum(['true', 'false']).optional(),
  role: z.string().max(64).optional(),
  archived: z.enum(['true', 'false']).optional(),
  /** The period whose trainings are counted (default: this year). */
  from: optionalDay('开始日期'),
  to: optionalDay('结束日期'),
});

export interface RoleChoice {
  /** A TEAM_ROLES key, or a team_roles id. */
  key: string;
  label: string;
  /** Added by a unit (may be archived by it); false for the standard roles. */
  custom: boolean;
  unitName: string | null;
  version: number | null;
}

export interface MemberView {
  id: string;
  unitId: string;
  unitName: string;
  personId: string;
  personName: string;
  position: string | null;
  role: string;
  roleLabel: string;
  sinceDay: string | null;
  note: string | null;
  /** 培训 entries of the ledger the person took part in, in the period asked. */
  trainingCount: number;
  archived: boolean;
  version: number;
}

export interface TeamFigures {
  /** Members by role (roles with members only), in the standard order then custom ones. */
  byRole: { role: string; label: string; members: number }[];
  members: number;
  /** Trainings attended by members in the period (person-times). */
  trainingAttendances: number;
}
