/** Table types for Kysely. Times are ISO-8601 UTC strings; flags are 0/1 integers (portable). */
import type { Generated } from 'kysely';

export interface UnitTable {
  id: string;
  parent_id: string | null;
  /** Materialised path "/rootId/childId/…/id/": a subtree is one range on this column. */
  path: string;
  depth: number;
  name: string;
  kind: string;
  code: string | null;
  sort_order: number;
  archived_at: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface PersonTable {
  id: string;
  unit_id: string;
  name: string;
  position: string | null;
  phone: string | null;
  archived_at: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface AccountTable {
  id: string;
  username: string;
  password_hash: string;
  display_name: string;
  role: string;
  unit_id: string;
  person_id: string | null;
  disabled: number;
  locked_until: string | null;
  last_login_at: string | null;
  password_changed_at: string | null;
  version: number;
  created_at: string;
  updated_at: string;
  totp_secret?: string | null;
  totp_pending?: string | null;
  totp_enabled_at?: string | null;
  totp_last_step?: number | null;
}

/** 敏感时期 declared by a unit for its subtree; days are Asia/Shanghai YYYY-MM-DD, both ends included. */
export interface WatchPeriodTable {
  id: string;
  unit_id: string;
  name: string;
  starts_on: string;
  ends_on: string;
  note: string | null;
  created_by: string | null;
  archived_at: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface RateLimitTable {
  key: string;
  window_start: number;
  count: number;
}

export interface RecoveryCodeTable {
  account_id: string;
  code_hash: string;
  used_at: string | null;
}

export interface LoginTicketTable {
  ticket_hash: string;
  account_id: string;
  expires_at: string;
  attempts: Generated<number>;
}

export interface LoginLockTable {
  username: string;
  ip: string;
  locked_until: string;
  failures: number;
}

export interface LoginFailureTable {
  id: Generated<number>;
  username: string;
  at: string;
  ip: string | null;
}

export interface SessionTable {
  /** SHA-256 of the cookie token: a stolen database does not yield live sessions. */
  token_hash: string;
  account_id: string;
  csrf_token: string;
  created_at: string;
  last_seen_at: string;
  ip: string | null;
  user_agent: string | null;
  /** 1 while the account must still enrol a second factor (policy) before using the system. */
  two_factor_pending: Generated<number>;
}

export interface GroupMemberTable {
  id: string;
  unit_id: string;
  person_id: string;
  group_role: string;
  duties: string | null;
  sort_order: number;
  archived_at: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface DutyAssignmentTable {
  id: string;
  unit_id: string;
  person_id: string;
  kind: string;
  note: string | null;
  archived_at: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface DutyScopeTable {
  assignment_id: string;
  unit_id: string;
}

export interface AuditLogTable {
  seq: number;
  at: string;
  actor_id: string | null;
  actor_name: string | null;
  action: string;
  entity: string;
  entity_id: string | null;
  unit_path: string | null;
  before_json: string | null;
  after_json: string | null;
  request_id: string | null;
  ip: string | null;
  prev_hash: string;
  /** null: the unkeyed SHA-256 chain of old rows; 'hmac-sm3': keyed MAC. */
  alg: string | null;
  hash: string;
}

export interface FileBlobTable {
  sha256: string;
  size: number;
  mime: string;
  created_at: string;
}

export interface AttachmentTable {
  id: string;
  sha256: string;
  filename: string;
  entity: string;
  entity_id: string;
  unit_id: string;
  uploaded_by: string | null;
  archived_at: string | null;
  created_at: string;
}

export interface SettingTable {
  key: string;
  value: string;
}

export interface JobTable {
  name: string;
  next_run_at: string;
  lease_owner: string | null;
  lease_until: string | null;
  last_started_at: string | null;
  last_finished_at: string | null;
  last_status: string | null;
  last_error: string | null;
}

export interface IdempotencyTable {
  key: string;
  account_id: string;
  route: string;
  status: number | null;
  response: string | null;
  created_at: string;
}

export interface CalendarOverrideTable {
  day: string;
  workday: number;
  note: string | null;
  updated_at: string;
  updated_by: string | null;
}

export interface NotificationTable {
  id: string;
  account_id: string;
  kind: string;
  title: string;
  link: string | null;
  /** Dedupe key: unique per account (a reminder's key, e.g. task:<id>:overdue). */
  key: string;
  due_at: string | null;
  created_at: string;
  read_at: string | null;
}

export interface FeedTable {
  id: string;
  unit_id: string;
  name: string;
  url: string;
  /** JSON arrays of keywords. */
  rule_any: string;
  rule_all: string;
  rule_none: string;
  interval_minutes: number;
  enabled: number;
  etag: string | null;
  last_modified: string | null;
  last_polled_at: string | null;
  last_status: string | null;
  last_error: string | null;
  last_new_clues: number;
  fail_count: number;
  next_poll_at: string;
  archived_at: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface ClueTable {
  id: string;
  unit_id: string;
  feed_id: string;
  item_key: string;
  title: string;
  link: string | null;
  summary: string;
  published_at: string | null;
  /** JSON array of the keywords that matched. */
  hits: string;
  state: string;
  handled_by: string | null;
  handled_at: string | null;
  note: string | null;
  case_id: string | null;
  version: number;
  created_at: string;
}

export interface TaskTable {
  id: string;
  unit_id: string;
  owner_person_id: string | null;
  parent_id: string | null;
  title: string;
  content: string | null;
  source: string;
  basis: string | null;
  start_day: string;
  /** date | calendar_days | working_days | ongoing */
  due_mode: string;
  due_days: number | null;
  due_day: string | null;
  /** monthly | quarterly, for ongoing tasks */
  recurrence: string | null;
  last_checkin_period: string | null;
  status: string;
  completed_day: string | null;
  completion_note: string | null;
  created_by: string;
  archived_at: string | null;
  version: number;
  created_at: string;
  updated_at: string;
  /** 责任领导 (migration 2026120784_responsible_leader). */
  responsible_leader_id: string | null;
}

export interface TaskProgressTable {
  id: string;
  task_id: string;
  day: string;
  note: string;
  period: string | null;
  author_name: string;
  author_unit_id: string;
  created_at: string;
}

export interface RectificationTable {
  id: string;
  unit_id: string;
  raised_by_unit_id: string;
  owner_person_id: string | null;
  problem: string;
  origin: string;
  batch: string | null;
  measures: string;
  start_day: string;
  due_mode: string;
  due_days: number | null;
  due_day: string;
  /** open | reported | closed */
  status: string;
  reported_at: string | null;
  reported_by: string | null;
  reported_by_name: string | null;
  report_note: string | null;
  signed_off_at: string | null;
  signed_off_by: string | null;
  signed_off_by_name: string | null;
  sign_off_note: string | null;
  return_count: number;
  last_return_reason: string | null;
  created_by_name: string;
  archived_at: string | null;
  version: number;
  created_at: string;
  updated_at: string;
  /** 责任领导 (migration 2026120784_responsible_leader). */
  responsible_leader_id: string | null;
}

export interface LedgerEntryTable {
  id: string;
  unit_id: string;
  type: string;
  day: string;
  topic: string;
  on_topic: number;
  others_count: number;
  host_person_id: string | null;
  summary: string | null;
  minutes: string | null;
  plan_id: string | null;
  created_by_name: string;
  archived_at: string | null;
  version: number;
  created_at: string;
  updated_at: string;
  /** 述职: whether this work was reported separately (null for other types). */
  reported_separately: number | null;
  /** Publicity: audience reached and materials handed out. */
  audience_count: number | null;
  materials_count: number | null;
}

export interface LedgerParticipantTable {
  entry_id: string;
  person_id: string;
}

export interface AnnualTargetTable {
  id: string;
  unit_id: string;
  year: number;
  /** self | subordinates */
  scope: string;
  type: string;
  min_total: number;
  min_on_topic: number;
  min_per_quarter: number;
  updated_at: string;
}

export interface EmergencyPlanTable {
  id: string;
  unit_id: string;
  title: string;
  version_label: string;
  effective_day: string;
  status: string;
  note: string | null;
  archived_at: string | null;
  version: number;
  created_at: string;
  updated_at: string;
  /** The rule (制度文件库) the plan implements. */
  rule_id: string | null;
}

export interface RiskPointTable {
  id: string;
  unit_id: string;
  description: string;
  area: string;
  level: string;
  measures: string;
  owner_person_id: string | null;
  review_months: number;
  next_review_day: string;
  /** controlled | eliminated */
  status: string;
  archived_at: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface RiskReviewTable {
  id: string;
  risk_id: string;
  day: string;
  result: string;
  level_before: string;
  level_after: string;
  next_review_day: string | null;
  reviewer_name: string;
  created_at: string;
}

export interface RiskAssessmentTable {
  id: string;
  unit_id: string;
  subject: string;
  decision_day: string | null;
  assessed_day: string;
  level: string;
  risks: string;
  measures: string;
  conclusion: string;
  assessor: string;
  archived_at: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface DutyItemTable {
  id: string;
  unit_id: string;
  year: number;
  content: string;
  category: string | null;
  leader_person_id: string | null;
  /** JSON array of unit ids (departments inside the unit's subtree). */
  department_ids: string;
  departments_text: string | null;
  basis: string | null;
  sort_order: number;
  archived_at: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface AgreementTable {
  id: string;
  unit_id: string;
  title: string;
  year: number;
  issued_day: string;
  note: string | null;
  archived_at: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface AgreementSignatoryTable {
  id: string;
  agreement_id: string;
  unit_id: string | null;
  person_id: string | null;
  signed_day: string | null;
  signed_by_name: string | null;
  version: number;
  created_at: string;
}

export interface CaseEventTable {
  id: string; unit_id: string; handling_unit_id: string; assigned_by_unit_id: string | null;
  title: string; summary: string; level: string | null; category: string | null; status: string; print: string;
  report_count: number; first_received_at: string; triaged_at: string | null; triage_note: string | null;
  paused_at: string | null; pause_reason: string | null;
  /** Milliseconds the clocks stood still while the event waited on something outside the unit (bigint on PostgreSQL). */
  paused_ms: number | string;
  due_report_at: string | null; due_first_info_at: string | null; due_response_at: string | null; due_close_at: string | null;
  supervise_due_at: string | null; reported_up_at: string | null; first_info_at: string | null; responded_at: string | null;
  closed_at: string | null; verification_result: string | null; verification_note: string | null; measures: string | null;
  public_reply: string | null; close_requested_at: string | null; close_requested_by: string | null; close_note: string | null;
  approved_by_name: string | null; followup_result: string | null; followup_note: string | null; followup_at: string | null;
  search_terms: string; created_by_name: string; archived_at: string | null; version: number; created_at: string; updated_at: string;
}

export interface CaseTable {
  id: string; event_id: string; unit_id: string; source: string; channel: string | null; url: string | null;
  title: string; content: string; received_at: string; contact: string | null; tracking_code: string | null;
  via: string; clue_id: string | null; print: string; distance: number | null; created_by_name: string; created_at: string;
}

/** LSH band keys of each report of an open event (server/text/minhash.ts): the near-duplicate index. */
export interface CaseEventBandTable {
  event_id: string;
  unit_id: string;
  band: string;
  case_id: string;
}

export interface CaseStepTable {
  id: string; event_id: string; step: string; at: string; actor_name: string; actor_unit_id: string | null;
  actor_unit_name: string | null; comment: string | null; data: string | null;
  /** When the step was written down; `at` is when it happened (补录 when earlier). Null on rows from before. */
  entered_at: string | null;
  /** Why a step entered long after it happened was entered late. */
  late_reason: string | null;
}

export interface CaseDirectReportTable {
  id: string; event_id: string; unit_id: string; sent_at: string; read_at: string | null; read_by_name: string | null;
}

export interface PublicNonceTable {
  nonce: string;
  expires_at: string;
}

export interface PackTable {
  id: string;
  unit_id: string;
  from_day: string;
  to_day: string;
  /** queued | building | done | failed | expired */
  status: string;
  progress_done: number;
  progress_total: number;
  error: string | null;
  /** Relative to the data directory; null until done and after expiry. */
  file_path: string | null;
  size: number | null;
  file_count: number | null;
  created_by: string;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  expires_at: string | null;
  updated_at: string;
}

export interface DocumentDraftTable {
  id: string;
  unit_id: string;
  type: string;
  period_from: string | null;
  period_to: string | null;
  /** The inspection batch of 整改方案/报告 (or another document's subject). */
  subject: string | null;
  /** type|from|to|subject: what makes a draft of a unit the same draft. */
  draft_key: string;
  title: string;
  content_json: string;
  slots_json: string;
  updated_by_name: string;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface DocumentVersionTable {
  id: string;
  draft_id: string;
  version: number;
  action: string;
  title: string;
  content_json: string;
  slots_json: string;
  by_name: string;
  created_at: string;
}

export interface DB {
  units: UnitTable;
  people: PersonTable;
  accounts: AccountTable;
  login_failures: LoginFailureTable;
  login_locks: LoginLockTable;
  recovery_codes: RecoveryCodeTable;
  rate_limits: RateLimitTable;
  login_tickets: LoginTicketTable;
  sessions: SessionTable;
  group_members: GroupMemberTable;
  duty_assignments: DutyAssignmentTable;
  duty_scopes: DutyScopeTable;
  audit_log: AuditLogTable;
  file_blobs: FileBlobTable;
  attachments: AttachmentTable;
  settings: SettingTable;
  jobs: JobTable;
  idempotency_keys: IdempotencyTable;
  calendar_overrides: CalendarOverrideTable;
  notifications: NotificationTable;
  feeds: FeedTable;
  clues: ClueTable;
  tasks: TaskTable;
  task_progress: TaskProgressTable;
  rectifications: RectificationTable;
  ledger_entries: LedgerEntryTable;
  ledger_participants: LedgerParticipantTable;
  annual_targets: AnnualTargetTable;
  emergency_plans: EmergencyPlanTable;
  risk_points: RiskPointTable;
  risk_reviews: RiskReviewTable;
  risk_assessments: RiskAssessmentTable;
  duty_items: DutyItemTable;
  agreements: AgreementTable;
  agreement_signatories: AgreementSignatoryTable;
  case_events: CaseEventTable;
  cases: CaseTable;
  case_event_bands: CaseEventBandTable;
  case_steps: CaseStepTable;
  case_direct_reports: CaseDirectReportTable;
  public_nonces: PublicNonceTable;
  packs: PackTable;
  document_drafts: DocumentDraftTable;
  document_versions: DocumentVersionTable;
  watch_periods: WatchPeriodTable;
  rules: RuleTable;
  rule_versions: RuleVersionTable;
  netsec_profiles: NetsecProfileTable;
  netsec_contracts: NetsecContractTable;
  security_findings: SecurityFindingTable;
  team_roles: TeamRoleTable;
  team_members: TeamMemberTable;
}

/** 制度文件库: a unit's rule with its current 文号 and days (migration 2026120780_rules). */
export interface RuleTable {
  id: string;
  unit_id: string;
  title: string;
  category: string;
  doc_number: string | null;
  issuer: string;
  adopted_day: string;
  effective_day: string;
  repeal_day: string | null;
  review_day: string | null;
  note: string | null;
  archived_at: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

/** One version of a rule (seq 1 is the first issue); its file is an attachment of entity rule_version. */
export interface RuleVersionTable {
  id: string;
  rule_id: string;
  seq: number;
  doc_number: string | null;
  effective_day: string;
  change_note: string | null;
  created_by_name: string;
  created_at: string;
}

/** 网络安全 basics of one unit (migration 2026120782_netsec); `measures` is a comma-separated list of NETSEC_MEASURES. */
export interface NetsecProfileTable {
  id: string;
  unit_id: string;
  intranet_terminals: number;
  internet_terminals: number;
  measures: string;
  other_measure: string | null;
  checked_day: string;
  archived_at: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

/** A maintenance contract with a third party. */
export interface NetsecContractTable {
  id: string;
  unit_id: string;
  vendor: string;
  scope: string;
  signed_day: string;
  expires_day: string;
  archived_at: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

/** A finding of a security inspection, raised as a rectification. */
export interface SecurityFindingTable {
  id: string;
  entry_id: string;
  rectification_id: string;
  created_at: string;
}

/** A team role a unit adds for its subtree besides the standard ones (migration 2026120783_teams). */
export interface TeamRoleTable {
  id: string;
  unit_id: string;
  name: string;
  archived_at: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

/** A person holding a role in the unit's teams; `role` is a TEAM_ROLES key or a team_roles id. */
export interface TeamMemberTable {
  id: string;
  unit_id: string;
  person_id: string;
  role: string;
  since_day: string | null;
  note: string | null;
  archived_at: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}
