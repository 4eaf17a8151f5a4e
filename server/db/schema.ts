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
  /** 发文机关署名 of the unit's documents (migration 2026120765); null: the unit's name. */
  office_name?: string | null;
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
  /** When its start was announced to the units in scope (the watch-start job), once. */
  announced_at: string | null;
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
  /** 专项行动 the task belongs to (migration 2026120841_campaigns). */
  campaign_id: string | null;
  /** Copy of the unit's path (migration 2026120860_task_paths; kept by the module's unitPathCopies). */
  unit_path: string;
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
  /** The aspect the problem is grouped under ("在…方面"), and 长期坚持 after the deadline (migration 2026120840_rect_plans). */
  aspect: string | null;
  keep_on: number;
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
  /** 专项行动 the activity belongs to (migration 2026120841_campaigns). */
  campaign_id: string | null;
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
  /** 研判 clock of an event not yet triaged (SLA policy `triage`), set at intake. */
  due_triage_at: string | null;
  supervise_due_at: string | null; reported_up_at: string | null; first_info_at: string | null; responded_at: string | null;
  closed_at: string | null; verification_result: string | null; verification_note: string | null; measures: string | null;
  public_reply: string | null; close_requested_at: string | null; close_requested_by: string | null; close_note: string | null;
  approved_by_name: string | null; followup_result: string | null; followup_note: string | null; followup_at: string | null;
  search_terms: string; created_by_name: string; archived_at: string | null; version: number; created_at: string; updated_at: string;
  /** Copies of units.path of `unit_id` and of `handling_unit_id` (Module.unitPathCopies): a subtree is one index range. */
  owner_path: string; handler_path: string;
  /** A public reply waiting for a second person's approval (migration 2026120830), with its author. */
  reply_draft: string | null; reply_draft_by: string | null; reply_draft_by_name: string | null; reply_draft_at: string | null;
}

export interface CaseTable {
  id: string; event_id: string; unit_id: string; source: string; channel: string | null; url: string | null;
  title: string; content: string; received_at: string; contact: string | null; tracking_code: string | null;
  via: string; clue_id: string | null; print: string; distance: number | null; created_by_name: string; created_at: string;
  /** The event's owner unit's path while the event is current, null while it is archived (migration 2026120960): a subtree's reports of a period are one index range. */
  current_owner_path: string | null;
}

/**
 * Sums of the current events of each top-level unit's subtree (migration 2026121080, kept by
 * triggers): per Shanghai day first received, UTC day of the settled instant, level and whole days
 * of handling (-1000000: not closed), the settled judgements of figures.ts summed.
 */
export interface CaseFigureSumTable {
  root_path: string; received_day: string; settled_day: string; level: string; handling_day: number;
  n: number; closed: number; close_due: number; close_on_time: number; overdue_open: number; first_due: number; first_on_time: number;
}

/** Each top-level unit's current reports per Shanghai day received and source (migration 2026121080, kept by triggers). */
export interface CaseReportSumTable { root_path: string; received_day: string; source: string; n: number }

/** LSH band keys of each report of an open event (server/text/minhash.ts): the near-duplicate index. */
export interface CaseEventBandTable {
  /** The band's key read as a number: band number × 2³² + its 32-bit hash (migration 2026120950). */
  band: number;
  /** The owner unit's compact key (case_unit_keys): a subtree's rows of a band are one index range. */
  unit_key: string;
  /** On SQLite a uuid's 16 bytes (migration 2026121110; cases/band-ids.ts), on PostgreSQL the text. */
  event_id: string | Uint8Array;
  case_id: string | Uint8Array;
}

/** Each unit's small code, given once, and its compact key (cases/unit-keys.ts, migration 2026120950). */
export interface CaseUnitKeyTable {
  unit_id: string;
  code: number;
  unit_key: string;
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
  /** The framework the pack is arranged by (one folder per checklist item); null: topic folders. */
  outline_id: string | null;
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
  /** 舆情专报: the year and number (第N期) given once when the brief was first generated. */
  serial_year?: number | null;
  serial_no?: number | null;
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

export interface ReportFormTable {
  id: string;
  /** Null for the built-in forms every unit may use. */
  unit_id: string | null;
  name: string;
  kind: string;
  description: string | null;
  current_version_id: string;
  archived_at: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface ReportFormVersionTable {
  id: string;
  form_id: string;
  version_no: number;
  fields_json: string;
  created_at: string;
}

export interface ReportScheduleTable {
  id: string;
  unit_id: string;
  name: string;
  form_id: string;
  target_mode: string;
  target_kinds_json: string;
  target_unit_ids_json: string;
  cycle: string;
  watch_only: number;
  starts_on: string;
  ends_on: string | null;
  open_before_end_days: number | null;
  due_mode: string;
  due_n: number | null;
  due_date: string | null;
  lock_after_days: number | null;
  created_through: string | null;
  created_by: string;
  archived_at: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface ReportSubmissionTable {
  id: string;
  schedule_id: string;
  unit_id: string;
  /** Copy of the unit's units.path (reporting's unitPathCopies), kept when the unit moves. */
  unit_path: string;
  period_key: string;
  period_from: string;
  period_to: string;
  form_version_id: string;
  opens_at: string;
  due_at: string;
  locks_at: string | null;
  status: string;
  nil: number;
  values_json: string;
  first_submitted_at: string | null;
  submitted_at: string | null;
  submitted_by: string | null;
  reviewed_at: string | null;
  reviewed_by: string | null;
  return_reason: string | null;
  reopen_reason: string | null;
  reopen_requested_at: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

/** A unit's own names for 敏感时期, beside the built-in ones (WATCH_PERIOD_NAMES). */
export interface WatchPeriodNameTable {
  id: string; unit_id: string; name: string; archived_at: string | null; version: number; created_at: string; updated_at: string;
}

/** 值班表 of a unit for a date range; its shifts are generated from a rotation and edited by hand. */
export interface WatchRosterTable {
  id: string; unit_id: string; title: string; starts_on: string; ends_on: string; shift_mode: string; note: string | null;
  created_by: string; archived_at: string | null; version: number; created_at: string; updated_at: string;
}

/** One shift of a roster; phones are SM4-sealed (platform/personal-data.ts). */
export interface WatchShiftTable {
  id: string; roster_id: string; unit_id: string; day: string; kind: string; starts_at: string; ends_at: string;
  leader_person_id: string | null; leader_phone: string | null; staff_person_id: string | null; staff_phone: string | null;
  log_opened_at: string | null; handed_over_at: string | null; handed_over_by: string | null; handover_note: string | null;
  version: number; created_at: string; updated_at: string;
}

export interface WatchSwapTable {
  id: string; shift_id: string; unit_id: string; position: string; from_person_id: string | null; to_person_id: string;
  reason: string | null; status: string; requested_by: string; decided_by: string | null; decided_at: string | null;
  decision_note: string | null; version: number; created_at: string; updated_at: string;
  /** An exchange: the other person's shift, whose place at `position` goes to from_person_id; null when one place is handed over. */
  other_shift_id: string | null;
}

export interface WatchLogEntryTable {
  id: string; shift_id: string; unit_id: string; at: string; matter: string; handling: string | null;
  case_event_id: string | null; author_name: string; created_at: string;
}

/** 信息报送: an item sent by unit_id to its superior to_unit_id, with the outcome recorded there. */
export interface InfoItemTable {
  id: string; unit_id: string; to_unit_id: string; kind: string; title: string; content: string; sent_day: string; sent_at: string;
  sent_by: string; outcome: string | null; outcome_where: string | null; outcome_note: string | null; outcome_day: string | null;
  outcome_by: string | null; archived_at: string | null; version: number; created_at: string; updated_at: string;
}

/** Monthly quota of items a unit sends up (set by a superior). */
export interface InfoQuotaTable {
  id: string; unit_id: string; set_by_unit_id: string; min_per_month: number; version: number; created_at: string; updated_at: string;
}

export interface CheckFrameworkTable {
  id: string; unit_id: string; year: number; name: string; total_points: number; content: string; based_on_id: string | null;
  archived_at: string | null; version: number; created_at: string; updated_at: string;
}

export interface CheckCampaignTable {
  id: string; unit_id: string; framework_id: string; name: string; year: number; from_day: string; to_day: string; unit_kinds: string;
  bands: string; content: string; total_points: number; status: string; published_at: string | null; created_by: string;
  archived_at: string | null; version: number; created_at: string; updated_at: string;
}

export interface CheckAssessmentTable {
  id: string; unit_id: string; kind: string; campaign_id: string | null; framework_id: string; content: string | null; total_points: number;
  year: number; from_day: string; to_day: string; status: string; submitted_at: string | null;
  archived_at: string | null; version: number; created_at: string; updated_at: string;
}

export interface CheckAnswerTable {
  id: string; assessment_id: string; item_key: string; passed: number | null; occurrences: number | null; grade: string | null; points: number;
  value: number | null; computed: string | null; method: string | null; note: string | null; override_reason: string | null; answered_by: string;
  rectification_id: string | null; version: number; created_at: string; updated_at: string;
}

export interface CheckAccountabilityTable {
  id: string; unit_id: string; situation: string; target_unit_id: string; person_name: string | null; liable: string; responsibility: string;
  form: string; decided_on: string; decision_doc: string; dissent: string | null; filed_on: string | null; receipt: string | null;
  no_honours: number; campaign_id: string | null; created_by: string; archived_at: string | null; version: number; created_at: string; updated_at: string;
}

export interface TaskExtensionTable {
  id: string;
  task_id: string;
  from_day: string | null;
  due_day: string;
  reason: string;
  status: string;
  requested_by: string;
  requested_unit_id: string;
  decided_by: string | null;
  decision_note: string | null;
  decided_at: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface CheckSituationTable { id: string; unit_id: string; label: string; sort_order: number }

export interface OutletTable {
  id: string;
  unit_id: string;
  type: string;
  name: string;
  platform: string | null;
  account: string | null;
  host_unit: string | null;
  ops_unit: string | null;
  manager_person_id: string | null;
  editors: string | null;
  icp_no: string | null;
  psb_no: string | null;
  domain: string | null;
  domain_expires: string | null;
  filing_expires: string | null;
  verified: number;
  mlps_grade: number | null;
  mlps_assessed_on: string | null;
  contract_expires: string | null;
  purpose: string | null;
  rules: string | null;
  terminal_count: number | null;
  quiet_days: number | null;
  status: string;
  status_day: string;
  start_day: string;
  created_by_name: string;
  archived_at: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface OutletEventTable {
  id: string;
  outlet_id: string;
  from_status: string | null;
  to_status: string;
  day: string;
  reason: string;
  evidence: string | null;
  actor_name: string;
  created_at: string;
}

export interface ProofRuleTable {
  id: string;
  unit_id: string;
  kind: string;
  pattern: string;
  correct: string;
  category: string;
  severity: string;
  note: string | null;
  must_match: string;
  must_not_match: string;
  archived_at: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface PostTable {
  id: string;
  unit_id: string;
  title: string;
  body: string;
  important: number;
  planned_at: string | null;
  status: string;
  revision: number;
  step_index: number | null;
  chain: string;
  author_account_id: string;
  author_name: string;
  last_reject_reason: string | null;
  submitted_at: string | null;
  approved_at: string | null;
  archived_at: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface PostRevisionTable {
  id: string;
  post_id: string;
  revision: number;
  title: string;
  body: string;
  created_at: string;
}

export interface PostStepTable {
  id: string;
  post_id: string;
  step_index: number;
  step_key: string;
  label: string;
  kind: string;
  decision: string;
  account_id: string;
  actor_name: string;
  opinion: string | null;
  read_through: number;
  not_secret: number;
  revision: number;
  at: string;
}

export interface PostHitTable {
  id: string;
  post_id: string;
  revision: number;
  rule_id: string;
  kind: string;
  pattern: string;
  start_pos: number;
  end_pos: number;
  matched: string;
  correct: string;
  category: string;
  severity: string;
  note: string | null;
  status: string;
  reason: string | null;
  ack_by_name: string | null;
  ack_at: string | null;
}

export interface PostTargetTable {
  id: string;
  post_id: string;
  outlet_id: string;
  published_on: string | null;
  url: string | null;
  published_by_name: string | null;
  published_at: string | null;
}

export interface PostCorrectionTable {
  id: string;
  unit_id: string;
  post_id: string;
  wrong: string;
  severity: string;
  found_by: string;
  found_on: string;
  fixed_on: string | null;
  note: string | null;
  created_by_name: string;
  archived_at: string | null;
  version: number;
  created_at: string;
  updated_at: string;
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

/** A named campaign (专项行动) a unit names for its subtree (modules/campaigns). */
export interface CampaignTable {
  id: string;
  unit_id: string;
  name: string;
  description: string | null;
  from_day: string;
  to_day: string | null;
  archived_at: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

/** Per unit and inspection batch: the plan's basis document and its 整改专班 (modules/rectification). */
export interface RectPlanTable {
  id: string;
  unit_id: string;
  batch: string;
  basis_title: string | null;
  basis_doc_no: string | null;
  team_leader_id: string | null;
  /** JSON array of people ids. */
  team_member_ids: string;
  archived_at: string | null;
  version: number;
  created_at: string;
  updated_at: string;
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
  case_figure_sums: CaseFigureSumTable;
  case_report_sums: CaseReportSumTable;
  case_event_bands: CaseEventBandTable;
  /** SQLite only (migration 2026121130): recent band rows, merged into case_event_bands in key order (cases/intake.ts). */
  case_event_bands_recent: CaseEventBandTable;
  case_steps: CaseStepTable;
  case_direct_reports: CaseDirectReportTable;
  public_nonces: PublicNonceTable;
  packs: PackTable;
  document_drafts: DocumentDraftTable;
  document_versions: DocumentVersionTable;
  watch_periods: WatchPeriodTable;
  notification_prefs: NotificationPrefTable;
  notices: NoticeTable;
  notice_receipts: NoticeReceiptTable;
  robots: RobotTable;
  robot_outbox: RobotOutboxTable;
  robot_deliveries: RobotDeliveryTable;
  rules: RuleTable;
  rule_versions: RuleVersionTable;
  report_forms: ReportFormTable;
  report_form_versions: ReportFormVersionTable;
  report_schedules: ReportScheduleTable;
  report_submissions: ReportSubmissionTable;
  watch_period_names: WatchPeriodNameTable;
  watch_rosters: WatchRosterTable;
  watch_shifts: WatchShiftTable;
  watch_swaps: WatchSwapTable;
  watch_log_entries: WatchLogEntryTable;
  info_items: InfoItemTable;
  info_quotas: InfoQuotaTable;
  check_frameworks: CheckFrameworkTable;
  check_campaigns: CheckCampaignTable;
  check_assessments: CheckAssessmentTable;
  check_answers: CheckAnswerTable;
  check_accountability: CheckAccountabilityTable;
  check_situations: CheckSituationTable;
  task_extensions: TaskExtensionTable;
  outlets: OutletTable;
  outlet_events: OutletEventTable;
  proof_rules: ProofRuleTable;
  posts: PostTable;
  post_revisions: PostRevisionTable;
  post_steps: PostStepTable;
  post_hits: PostHitTable;
  post_targets: PostTargetTable;
  post_corrections: PostCorrectionTable;
  netsec_profiles: NetsecProfileTable;
  netsec_contracts: NetsecContractTable;
  security_findings: SecurityFindingTable;
  team_roles: TeamRoleTable;
  team_members: TeamMemberTable;
  document_serials: DocumentSerialTable;
  document_settings: DocumentSettingsTable;
  rect_plans: RectPlanTable;
  campaigns: CampaignTable;
  case_unit_keys: CaseUnitKeyTable;
}

/** A kind of in-app notification a person switched off (modules/notifications). */
export interface NotificationPrefTable {
  account_id: string;
  kind: string;
  created_at: string;
}

/** 通知/通报 sent by a unit to units below it (modules/notices). */
export interface NoticeTable {
  id: string;
  unit_id: string;
  kind: string;
  title: string;
  body: string;
  sent_by: string;
  sent_by_name: string;
  sent_at: string;
  archived_at: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface NoticeReceiptTable {
  id: string;
  notice_id: string;
  unit_id: string;
  read_at: string | null;
  read_by: string | null;
  read_by_name: string | null;
}

/** A unit's group robot (modules/robots); webhook and secret sealed with DATA_KEY. */
export interface RobotTable {
  id: string;
  unit_id: string;
  name: string;
  provider: string;
  webhook_sealed: string;
  webhook_hint: string;
  secret_sealed: string | null;
  keyword: string | null;
  /** JSON array of subscribed event kinds. */
  kinds: string;
  with_titles: number;
  quiet_from: string | null;
  quiet_to: string | null;
  archived_at: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface RobotOutboxTable {
  id: string;
  robot_id: string;
  kind: string;
  text: string;
  /** pending, sending, sent, failed. */
  status: string;
  attempts: number;
  next_at: string;
  claimed_by: string | null;
  claimed_at: string | null;
  delivery_id: string | null;
  created_at: string;
  sent_at: string | null;
  /** The event's key: one message per robot and key. */
  key: string | null;
}

export interface RobotDeliveryTable {
  id: string;
  robot_id: string;
  at: string;
  messages: number;
  text: string;
  http_status: number | null;
  errcode: number | null;
  errmsg: string | null;
  ok: number;
  test: number;
}

/** The last number given in a unit's document series (舆情专报) for a year. */
export interface DocumentSerialTable {
  unit_id: string;
  series: string;
  year: number;
  last_no: number;
}

/** A unit's document settings: handling mark, export watermark, the brief's 报头 and 报送范围. */
export interface DocumentSettingsTable {
  unit_id: string;
  mark: string | null;
  watermark: number;
  brief_masthead: string | null;
  brief_distribution: string | null;
  updated_by_name: string;
  version: number;
  created_at: string;
  updated_at: string;
}
