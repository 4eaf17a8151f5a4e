/**
 * Roles and what each may do, declared once. The server checks every route against
 * this table; the web app uses it to decide which menu entries and buttons to show.
 */
export const ROLES = ['admin', 'secadmin', 'auditadmin', 'leader', 'staff', 'liaison', 'inspector'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  admin: '系统管理员',
  secadmin: '安全管理员',
  auditadmin: '审计管理员',
  leader: '领导',
  staff: '工作人员',
  liaison: '联络员',
  inspector: '督查',
};

/**
 * 三员 (GB/T 22239 level 3): the system administrator (units, people, accounts, settings), the
 * security administrator (roles of administrators, unlocking, password and two-factor resets)
 * and the audit administrator (reads and verifies the audit log, changes nothing else). An
 * account has one role, so no account holds two of them; granting one is the security
 * administrator's (rules in server/modules/accounts/service.ts).
 */
export const ADMIN_DUTIES: readonly Role[] = ['admin', 'secadmin', 'auditadmin'];

/** Everyone. */
const ALL: readonly Role[] = ROLES;
/** The roles that do the county's work (the security and audit administrators do not see its records). */
const WORK: readonly Role[] = ['admin', 'leader', 'staff', 'liaison', 'inspector'];

export const PERMISSIONS = {
  'unit.read': ALL,
  'unit.manage': ['admin'],
  'person.read': WORK,
  'person.manage': ['admin'],
  'account.read': ['admin', 'secadmin'],
  /** Creating and editing accounts with the working roles; administrator roles are the security administrator's to grant. */
  'account.manage': ['admin'],
  /** Roles of administrators, unlocking, password and two-factor resets. */
  'account.security': ['secadmin'],
  /** Password, lockout and two-factor policy. */
  'security.manage': ['secadmin'],
  'leadingGroup.read': WORK,
  'leadingGroup.manage': ['admin'],
  'org.import': ['admin'],
  /** The audit administrator reads the whole log of the subtree; inspectors read it for their supervision. */
  'audit.read': ['auditadmin', 'inspector'],
  'audit.verify': ['auditadmin'],
  'file.upload': ['admin', 'leader', 'staff', 'liaison'],
  'file.read': WORK,
  /** Working-day calendar: everyone reads it; admins of a top-level unit change it (checked in the service). */
  'calendar.read': ALL,
  'calendar.manage': ['admin'],
  /** Own notifications only; the reminder setting is changed by admins of a top-level unit. */
  'notification.read': ALL,
  'reminder.manage': ['admin'],
  /** 责任清单 and 责任书. */
  'duty.read': WORK,
  'duty.manage': ['admin', 'leader', 'staff'],
  /** 任务台账: everyone reads; staff register, assign and close; liaisons also report progress. */
  'task.read': WORK,
  'task.manage': ['admin', 'leader', 'staff'],
  'task.progress': ['admin', 'leader', 'staff', 'liaison'],
  /** 整改: raised and edited by staff; the owner unit reports completion; leaders and inspectors above sign off (rules in the service). */
  'rectification.read': WORK,
  'rectification.manage': ['admin', 'leader', 'staff'],
  'rectification.report': ['admin', 'leader', 'staff', 'liaison'],
  'rectification.signoff': ['leader', 'inspector'],
  /** 工作台账: activities are recorded by staff and liaisons; targets and emergency plans by staff. */
  'ledger.read': WORK,
  'ledger.record': ['admin', 'leader', 'staff', 'liaison'],
  'ledger.manage': ['admin', 'leader', 'staff'],
  /** 风险点 and 重大决策舆情风险评估. */
  'risk.read': WORK,
  'risk.manage': ['admin', 'leader', 'staff'],
  /** 制度文件库: rules in force with their versions. */
  'rule.read': WORK,
  'rule.manage': ['admin', 'leader', 'staff'],
  /** 网络安全 basics: terminals and measures, maintenance contracts, inspection findings. */
  'netsec.read': WORK,
  'netsec.manage': ['admin', 'leader', 'staff'],
  /** 队伍: typed roles of people in the unit's teams (never anyone tasked to post or comment). */
  'team.read': WORK,
  'team.manage': ['admin', 'leader', 'staff'],
  /** 迎检材料包: built and downloaded for a unit of the user's subtree and a period. */
  'pack.build': ['admin', 'leader', 'staff', 'inspector'],
  'pack.read': ['admin', 'leader', 'staff', 'inspector'],
  /** Generated documents (工作总结, 工作方案, 整改方案/报告): everyone reads the drafts of their subtree; staff and leaders write them. */
  'document.read': WORK,
  'document.manage': ['admin', 'leader', 'staff'],
  /** A unit's document settings (handling mark, export watermark, the 舆情专报's 报头 and 报送范围): its administrators and leaders. */
  'document.settings': ['admin', 'leader'],
  /** Public feeds a unit watches for topics of its work, and the clues they produce. */
  'feed.read': ['admin', 'leader', 'staff', 'inspector'],
  'feed.manage': ['admin', 'staff'],
  'clue.handle': ['admin', 'leader', 'staff'],
  /**
   * 舆情与诉求: staff and liaisons register; the flow's rules (whose unit, which step) are in the
   * service; leaders approve closure of 较大 and above and write instructions on direct reports;
   * superiors' leaders, inspectors and staff supervise.
   */
  'case.read': WORK,
  'case.register': ['admin', 'leader', 'staff', 'liaison'],
  'case.handle': ['admin', 'leader', 'staff', 'liaison'],
  'case.approve': ['leader'],
  'case.supervise': ['leader', 'inspector', 'staff'],
  'case.instruct': ['leader'],
  'case.settings': ['admin'],
  /**
   * 报告制度: everyone reads their subtree's reports; staff and leaders set forms and schedules;
   * liaisons and staff submit for their own unit (staff of a superior may submit on a unit's
   * behalf); leaders and staff of the receiving unit sign or return (rules in the service).
   */
  'report.read': WORK,
  'report.manage': ['admin', 'leader', 'staff'],
  'report.submit': ['admin', 'leader', 'staff', 'liaison'],
  'report.review': ['admin', 'leader', 'staff'],
  /**
   * 值班值守: everyone at work reads periods, rosters, 今日值班 and logs of their subtree; staff and
   * leaders declare 敏感时期 and own the rosters (edit, approve swaps); whoever is on duty (liaisons
   * too) asks for swaps, writes the log and hands over (the service checks they are on the shift).
   */
  'watch.read': WORK,
  'watch.manage': ['admin', 'leader', 'staff'],
  'watch.duty': ['admin', 'leader', 'staff', 'liaison'],
  /** 信息报送与采用: units send items up; the receiving unit records the outcome and sets quotas (checked in the service). */
  'info.read': WORK,
  'info.submit': ['admin', 'leader', 'staff', 'liaison'],
  'info.review': ['admin', 'leader', 'staff'],
  /**
   * 自查与考核: everyone of the work reads what their units may see (campaign results only once
   * published); staff keep frameworks and run self-inspections; leaders and inspectors of the
   * campaign's unit or above assess; 问责 records are for leaders and inspectors alone.
   */
  'check.read': WORK,
  'check.manage': ['admin', 'leader', 'staff'],
  'check.self': ['admin', 'leader', 'staff', 'liaison'],
  'check.assess': ['leader', 'inspector'],
  'check.accountability': ['leader', 'inspector'],
  /** 通知/通报 sent down the tree: everyone reads what reached their unit; staff and leaders send. */
  'notice.read': WORK,
  'notice.send': ['admin', 'leader', 'staff'],
  /** Group robots of a unit (WeCom, DingTalk, Feishu): its admin adds and tests them; leaders and staff read the delivery log. */
  'robot.read': ['admin', 'leader', 'staff'],
  'robot.manage': ['admin'],
  /** Home: what waits for the user and the subtree's figures. */
  'home.read': WORK,
  /** Own session and password: every signed-in user. */
  'self': ALL,
  /** 阵地: the registry of a unit's own outlets and their filings. */
  'outlet.read': WORK,
  'outlet.manage': ['admin', 'leader', 'staff'],
  /** 信息发布审核: authors draft and record publication; reviewers act on the steps the chain gives them (rules in the policy); admins keep proofreading rules and chains. */
  'post.read': WORK,
  'post.write': ['admin', 'leader', 'staff', 'liaison'],
  'post.review': ['admin', 'leader', 'staff'],
  'post.correct': ['admin', 'leader', 'staff'],
  'publishing.settings': ['admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function can(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}
