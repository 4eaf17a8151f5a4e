import { type Kysely, type Migration, type MigrationProvider, Migrator } from 'kysely';
import * as foundation from './migrations/2026112201_foundation';
import * as calendar from './migrations/2026112202_calendar';
import * as notifications from './migrations/2026112206_notifications';
import * as feeds from './migrations/2026112311_feeds';
import * as tasks from './migrations/2026112320_tasks';
import * as rectification from './migrations/2026112321_rectification';
import * as ledger from './migrations/2026112322_ledger';
import * as risks from './migrations/2026112323_risks';
import * as duty from './migrations/2026112324_duty';
import * as cases from './migrations/2026120201_cases';
import * as packs from './migrations/2026120220_packs';
import * as documents from './migrations/2026120210_documents';
import * as caseBands from './migrations/2026120601_case_bands';
import * as loginLocks from './migrations/2026120601_login_locks';
import * as auditKeyed from './migrations/2026120602_audit_keyed';
import * as twoFactor from './migrations/2026120603_two_factor';
import * as rateLimits from './migrations/2026120604_rate_limits';
import * as twoFactorPending from './migrations/2026120605_two_factor_pending';
import * as slaCloseClocks from './migrations/2026120607_sla_close_clocks';
import * as watchPeriods from './migrations/2026120710_watch_periods';
import * as events from './migrations/2026120750_events';
import * as notices from './migrations/2026120751_notices';
import * as robots from './migrations/2026120752_robots';
import * as rules from './migrations/2026120780_rules';
import * as reporting from './migrations/2026120711_reporting';
import * as watchRosters from './migrations/2026120720_watch_rosters';
import * as information from './migrations/2026120721_information';
import * as checks from './migrations/2026120740_checks';
import * as taskExtensions from './migrations/2026120760_task_extensions';
import * as outlets from './migrations/2026120730_outlets';
import * as unitOfficeName from './migrations/2026120765_unit_office_name';
import * as ledgerReports from './migrations/2026120781_ledger_reports';
import * as netsec from './migrations/2026120782_netsec';
import * as teams from './migrations/2026120783_teams';
import * as responsibleLeader from './migrations/2026120784_responsible_leader';
import * as documentSeries from './migrations/2026120835_document_series';
import * as watchStartExchange from './migrations/2026120810_watch_start_exchange';
import * as robotOutboxKey from './migrations/2026120811_robot_outbox_key';
import * as casePaths from './migrations/2026120845_case_paths';
import * as caseBandPaths from './migrations/2026120850_case_band_paths';
import * as taskPaths from './migrations/2026120860_task_paths';
import * as packOutline from './migrations/2026120820_pack_outline';
import * as submissionUnitPath from './migrations/2026120815_submission_unit_path';
import * as rectPlans from './migrations/2026120840_rect_plans';
import * as campaigns from './migrations/2026120841_campaigns';
import * as caseReplyApproval from './migrations/2026120830_case_reply_approval';
import * as ledgerYearCover from './migrations/2026120890_ledger_year_cover';
import * as caseSearchScope from './migrations/2026120940_case_search_scope';
import * as caseFigureCover from './migrations/2026120941_case_figure_cover';
import * as caseStatusList from './migrations/2026120942_case_status_list';
import * as caseBandKeys from './migrations/2026120950_case_band_keys';
import * as caseReportOwnerPath from './migrations/2026120960_case_report_owner_path';
import * as caseSearchCover from './migrations/2026120961_case_search_cover';
import * as summaryGroupOrder from './migrations/2026120985_summary_group_order';
import * as caseFigureFlags from './migrations/2026121040_case_figure_flags';
import * as caseSearchScopePg from './migrations/2026121041_case_search_scope_pg';
import * as caseFigureFlagsPg from './migrations/2026121050_case_figure_flags_pg';
import * as caseListOpenPg from './migrations/2026121070_case_list_open_pg';
import * as caseRootSums from './migrations/2026121080_case_root_sums';
import * as caseBandRowsUncheckedPg from './migrations/2026121090_case_band_rows_unchecked_pg';
import * as caseBandIdsSqlite from './migrations/2026121110_case_band_ids_sqlite';
import * as caseFigureHandling from './migrations/2026121120_case_figure_handling';
import * as caseBandRecentSqlite from './migrations/2026121130_case_band_recent_sqlite';
import * as caseEventsFillfactorPg from './migrations/2026121150_case_events_fillfactor_pg';

/** Migrations are listed here explicitly: append-only, named by timestamp. */
const migrations: Record<string, Migration> = {
  '2026112201_foundation': foundation,
  '2026112202_calendar': calendar,
  '2026112206_notifications': notifications,
  '2026112311_feeds': feeds,
  '2026112320_tasks': tasks,
  '2026112321_rectification': rectification,
  '2026112322_ledger': ledger,
  '2026112323_risks': risks,
  '2026112324_duty': duty,
  '2026120201_cases': cases,
  '2026120220_packs': packs,
  '2026120210_documents': documents,
  '2026120601_case_bands': caseBands,
  '2026120601_login_locks': loginLocks,
  '2026120602_audit_keyed': auditKeyed,
  '2026120603_two_factor': twoFactor,
  '2026120604_rate_limits': rateLimits,
  '2026120605_two_factor_pending': twoFactorPending,
  '2026120607_sla_close_clocks': slaCloseClocks,
  '2026120710_watch_periods': watchPeriods,
  '2026120750_events': events,
  '2026120751_notices': notices,
  '2026120752_robots': robots,
  '2026120780_rules': rules,
  '2026120711_reporting': reporting,
  '2026120720_watch_rosters': watchRosters,
  '2026120721_information': information,
  '2026120740_checks': checks,
  '2026120760_task_extensions': taskExtensions,
  '2026120730_outlets': outlets,
  '2026120765_unit_office_name': unitOfficeName,
  '2026120781_ledger_reports': ledgerReports,
  '2026120782_netsec': netsec,
  '2026120783_teams': teams,
  '2026120784_responsible_leader': responsibleLeader,
  '2026120835_document_series': documentSeries,
  '2026120810_watch_start_exchange': watchStartExchange,
  '2026120811_robot_outbox_key': robotOutboxKey,
  '2026120845_case_paths': casePaths,
  '2026120850_case_band_paths': caseBandPaths,
  '2026120820_pack_outline': packOutline,
  '2026120815_submission_unit_path': submissionUnitPath,
  '2026120840_rect_plans': rectPlans,
  '2026120841_campaigns': campaigns,
  '2026120830_case_reply_approval': caseReplyApproval,
  '2026120860_task_paths': taskPaths,
  '2026120890_ledger_year_cover': ledgerYearCover,
  '2026120940_case_search_scope': caseSearchScope,
  '2026120941_case_figure_cover': caseFigureCover,
  '2026120942_case_status_list': caseStatusList,
  '2026120950_case_band_keys': caseBandKeys,
  '2026120960_case_report_owner_path': caseReportOwnerPath,
  '2026120961_case_search_cover': caseSearchCover,
  '2026120985_summary_group_order': summaryGroupOrder,
  '2026121040_case_figure_flags': caseFigureFlags,
  '2026121041_case_search_scope_pg': caseSearchScopePg,
  '2026121050_case_figure_flags_pg': caseFigureFlagsPg,
  '2026121070_case_list_open_pg': caseListOpenPg,
  '2026121080_case_root_sums': caseRootSums,
  '2026121090_case_band_rows_unchecked_pg': caseBandRowsUncheckedPg,
  '2026121110_case_band_ids_sqlite': caseBandIdsSqlite,
  '2026121120_case_figure_handling': caseFigureHandling,
  '2026121130_case_band_recent_sqlite': caseBandRecentSqlite,
  '2026121150_case_events_fillfactor_pg': caseEventsFillfactorPg,
};

class StaticProvider implements MigrationProvider {
  async getMigrations() {
    return migrations;
  }
}

export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: new StaticProvider() });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error;
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
