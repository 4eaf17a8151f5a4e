/** Enumerations shared by server and web, with the Chinese a user reads. */

export const UNIT_KINDS = ['county', 'township', 'bureau', 'village', 'community', 'school', 'department', 'enterprise', 'other'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];
export const UNIT_KIND_LABELS: Record<UnitKind, string> = {
  county: '县(区)',
  township: '乡镇(街道)',
  bureau: '局委办',
  village: '村',
  community: '社区',
  school: '学校',
  department: '科室(部门)',
  enterprise: '企事业单位',
  other: '其他',
};

/** 领导小组 roles. */
export const GROUP_ROLES = ['leader', 'deputy', 'member', 'office_director'] as const;
export type GroupRole = (typeof GROUP_ROLES)[number];
export const GROUP_ROLE_LABELS: Record<GroupRole, string> = {
  leader: '组长',
  deputy: '副组长',
  member: '成员',
  office_director: '办公室主任',
};

/** 第一责任人 / 直接责任人 / 一岗双责. */
export const DUTY_KINDS = ['primary', 'direct', 'dual_duty'] as const;
export type DutyKind = (typeof DUTY_KINDS)[number];
export const DUTY_KIND_LABELS: Record<DutyKind, string> = {
  primary: '第一责任人',
  direct: '直接责任人',
  dual_duty: '一岗双责',
};

export const AUDIT_ACTION_LABELS: Record<string, string> = {
  create: '新建',
  update: '修改',
  archive: '归档',
  restore: '恢复',
  move: '移动',
  login: '登录',
  login_failed: '登录失败',
  logout: '退出',
  password_change: '修改密码',
  password_reset: '重置密码',
  role_change: '更改角色',
  login_password_ok: '密码验证通过(待第二因素)',
  totp_enrol: '绑定验证器',
  totp_reenrol: '重新绑定验证器',
  totp_reset: '重置双因素认证',
  contact_read: '查看联系方式',
  audit_verify: '校验审计日志',
  import: '导入',
  upload: '上传',
  setup: '初始化',
  reset: '恢复默认',
  dismiss: '忽略',
  assign: '派发',
  complete: '完成',
  reopen: '重新打开',
  report: '报告完成',
  sign_off: '销号',
  return: '退回',
  review: '复核',
  copy: '复制',
  sign: '签订',
  unsign: '撤销签订',
  generate: '生成',
  regenerate: '重新生成',
  accept: '转为舆情诉求',
  build: '生成材料包',
  export: '导出',
  login_locked: '锁定期间尝试登录',
  'case.intake': '登记报告',
  'case.settings': '修改舆情与诉求设置',
  'case.archive': '归档',
  'case.restore': '恢复',
  revise: '修订',
  finding: '登记检查发现的问题',
};

export const ENTITY_LABELS: Record<string, string> = {
  unit: '单位',
  person: '人员',
  account: '账号',
  audit_log: '审计日志',
  security_policy: '安全策略',
  group_member: '领导小组成员',
  duty_assignment: '责任分工',
  attachment: '附件',
  session: '会话',
  calendar_day: '工作日历',
  feed: '订阅源',
  clue: '线索',
  task: '任务',
  task_progress: '任务进展',
  rectification: '整改事项',
  ledger_entry: '台账记录',
  annual_target: '年度目标',
  emergency_plan: '应急预案',
  risk_point: '风险点',
  duty_item: '责任清单',
  agreement: '责任书',
  risk_assessment: '风险评估',
  document_draft: '文稿',
  setting: '系统设置',
  agreement_signatory: '责任书签订',
  case: '舆情诉求报告',
  case_event: '舆情诉求事件',
  pack: '迎检材料包',
  rule: '制度',
  netsec_profile: '网络终端和安全措施',
  netsec_contract: '运维服务合同',
  team_role: '队伍角色',
  team_member: '队伍成员',
};
