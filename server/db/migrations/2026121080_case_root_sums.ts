import { type Kysely, sql } from 'kysely';
import { dialectOf } from '../dialect';

/**
 * The province root's annual summary under a second (issue 16): sums kept ahead of time for the
 * top of the tree (each top-level unit: its path is one segment, e.g. the province), maintained by
 * triggers on both databases so that every writer (the services, imports, restores, later
 * migrations, a unit move rewriting the path copies) keeps them:
 * - `case_figure_sums`: the current (not archived) events of each root's subtree counted per
 *   (root, Shanghai day first received, UTC day of the settled instant, level, whole days of
 *   handling), with the six settled judgements of figures.ts (`settledSql`) summed. Rows whose
 *   settled day lies before the as-of instant's day hold only settled events (their judgements are
 *   facts of the row); the others are judged one by one (`case_events_settled_at` finds them).
 *   The handling days (closed events; -1000000 for the others) give the median's bucket;
 *   `case_events_handling_day` reads that bucket's events.
 * - `case_events_closed` (closed events by closing time, then id) gives the first late closures
 *   without reading the period; `case_events_replied` (events with a reply text by their later
 *   reply time) the ten latest replies. Both partial: an event received (not closed, no reply) is
 *   in neither; every current event is in `case_events_settled_at`.
 * - `case_report_sums`: each root's current reports per (root, Shanghai day received, source).
 * Times are the canonical ISO strings netduty writes (`YYYY-MM-DDTHH:MM:SS.sssZ`): the Shanghai day
 * of such a time lies within a period exactly when the time lies within the period's UTC bounds.
 * The backfill counts the events and reports already there, month by month (printed at scale).
 * Triggers: SQLite per row (one upsert per row written, an update only when a watched column
 * changed); PostgreSQL per statement with transition tables (one grouped upsert per statement,
 * keys in order, nothing written for keys whose deltas cancel: pgStatementUpserts).
 * PostgreSQL: the four indexes are built inside the migration's transaction (writers wait; about
 * a minute at a million events): docs/operations.md has the CONCURRENTLY statements to run first.
 */
const TIMES = ['closed_at', 'first_info_at', 'responded_at', 'reported_up_at', 'paused_at', 'due_report_at', 'due_first_info_at', 'due_response_at', 'due_close_at', 'supervise_due_at'];
/** No handling time (an event not closed). */
export const NO_HANDLING = -1000000;
const SUMS = ['n', 'closed', 'close_due', 'close_on_time', 'overdue_open', 'first_due', 'first_on_time'];

/** figures.ts' settled expressions for a row `p` (e.g. `new.`), times compared by `c` (PostgreSQL: collate "C"). */
function rowSql(p: string, pg: boolean) {
  const c = (x: string) => (pg ? `${p}${x} collate "C"` : `${p}${x}`);
  const closed = `${p}status = 'closed' and ${c('closed_at')} is not null`;
  const closeBy = `coalesce(${c('supervise_due_at')}, ${c('due_close_at')})`;
  const earlier = (x: string, y: string) => `case when ${y} is null or ${x} <= ${y} then coalesce(${x}, ${y}) else ${y} end`;
  const bits = [
    closed,
    `${closed} and ${closeBy} is not null`,
    `${closed} and ${c('closed_at')} <= ${closeBy}`,
    `not (${closed}) and ${c('paused_at')} is null and ((${c('due_report_at')} is not null and ${c('reported_up_at')} is null) or (${c('due_first_info_at')} is not null and ${c('first_info_at')} is null)
    or (${c('due_response_at')} is not null and ${c('responded_at')} is null) or ${c('due_close_at')} is not null or ${c('supervise_due_at')} is not null)`,
    `${c('due_first_info_at')} is not null or ${c('due_response_at')} is not null`,
    `${earlier(c('first_info_at'), c('responded_at'))} <= ${earlier(c('due_first_info_at'), c('due_response_at'))}`,
  ].map((b) => `case when ${b} then 1 else 0 end`);
  const settledAt = `${pg ? 'greatest' : 'max'}(${TIMES.map((x) => `coalesce(${c(x)}, '')`).join(', ')})`;
  return {
    root: rootOf(`${p}owner_path`, pg),
    day: dayOf(`${p}first_received_at`, pg),
    settledDay: `substr(${settledAt}, 1, 10)`,
    settledAt,
    level: `coalesce(${p}level, '')`,
    handlingDay: `case when ${p}status = 'closed' and ${p}closed_at is not null then ${handlingDaySql(p, pg)} else ${NO_HANDLING} end`,
    bits,
  };
}
/** The top-level unit's path of a unit path ('/a/b/' → '/a/'). */
const rootOf = (x: string, pg: boolean) => (pg ? `('/' || split_part(${x}, '/', 2) || '/')` : `substr(${x}, 1, instr(substr(${x}, 2), '/') + 1)`);
/** The Shanghai day (UTC+8) of an ISO time. */
const dayOf = (x: string, pg: boolean) => (pg ? `to_char(${x}::timestamp + interval '8 hours', 'YYYY-MM-DD')` : `date(${x}, '+8 hours')`);
/**
 * Whole days (towards zero) of a closed event's handling time in milliseconds: SQLite as figures.ts
 * computes the milliseconds (julianday's), PostgreSQL with case_handling_ms (the milliseconds
 * JavaScript's Date.parse gives figures.ts for the same two times).
 */
export const HANDLING_DAY_SQLITE = 'cast(round((julianday(closed_at) - julianday(first_received_at)) * 86400000) as integer) / 86400000';
export const HANDLING_DAY_PG = '(case_handling_ms(first_received_at, closed_at) / 86400000)';
const handlingDaySql = (p: string, pg: boolean) => (pg ? `(case_handling_ms(${p}first_received_at, ${p}closed_at) / 86400000)`
  : `cast(round((julianday(${p}closed_at) - julianday(${p}first_received_at)) * 86400000) as integer) / 86400000`);
const KEY = 'root_path, received_day, settled_day, level, handling_day';
const addSums = (t: string) => SUMS.map((s) => `${s} = ${t}${s} + excluded.${s}`).join(', ');
/** The target of an upsert: PostgreSQL names the kept row by an alias (`t.n`), SQLite by the bare column (an older sqlite3 shell cannot read an alias in a trigger). */
const target = (table: string, pg: boolean) => (pg ? `${table} as t` : table);

/** The indexes' definitions (docs/operations.md prints the PostgreSQL ones for the CONCURRENTLY build). */
export const SETTLED_AT_INDEX_PG = `case_events_settled_at on case_events ((${rowSql('', true).settledAt}), first_received_at) where archived_at is null`;
export const HANDLING_DAY_INDEX_PG = `case_events_handling_day on case_events (${HANDLING_DAY_PG}, first_received_at, closed_at, owner_path) where status = 'closed' and closed_at is not null and archived_at is null`;
const SETTLED_AT_INDEX_SQLITE = `case_events_settled_at on case_events ((${rowSql('', false).settledAt}), first_received_at) where archived_at is null`;
const HANDLING_DAY_INDEX_SQLITE = `case_events_handling_day on case_events ((${HANDLING_DAY_SQLITE}), first_received_at, closed_at, owner_path) where status = 'closed' and closed_at is not null and archived_at is null`;

const CLOSED_INDEX = (pg: boolean) => `case_events_closed on case_events (${pg ? 'closed_at collate "C", id collate "C"' : 'closed_at, id'}, first_received_at, owner_path, supervise_due_at, due_close_at)
  where status = 'closed' and closed_at is not null and archived_at is null`;
const REPLIED_INDEX = (pg: boolean) => `case_events_replied on case_events ((${pg ? 'coalesce(responded_at collate "C", first_info_at collate "C")' : 'coalesce(responded_at, first_info_at)'}), first_received_at, owner_path, responded_at, first_info_at, id)
  where archived_at is null and public_reply <> ''`;
export const CLOSED_INDEX_PG = CLOSED_INDEX(true);
export const REPLIED_INDEX_PG = REPLIED_INDEX(true);

const EVENT_COLUMNS = ['owner_path', 'first_received_at', 'archived_at', 'status', 'level', ...TIMES];

/** The row triggers of the first version on PostgreSQL (`… on table`), dropped when the migration runs again. */
const PG_OLD_TRIGGERS = ['case_figure_sums_write on case_events', 'case_report_sums_write on cases'];
/** PostgreSQL's statement triggers: one per operation and table (a trigger with transition tables serves one event only). */
const PG_TRIGGERS = (['insert', 'update', 'delete'] as const).flatMap((op) => [
  { name: `case_figure_sums_${op}`, table: 'case_events', op },
  { name: `case_report_sums_${op}`, table: 'cases', op },
]);

/**
 * PostgreSQL's upserts per statement, from the transition tables `new_rows` and `old_rows`: each
 * current new row counts +1, each current old row −1 (an update: both), grouped by the sums' key;
 * keys whose every delta is zero are left out (an update that changed nothing judged, or moved an
 * event within its key, writes nothing); the rows are upserted in key order, so every
 * transaction takes the sums rows' locks in the same order (no deadlock between two statements
 * that touch the same keys). A statement writes each key once: one upsert of a few rows for an
 * intake list of 500 events instead of 500.
 */
function pgStatementUpserts() {
  const e = (p: string, sign: string) => {
    const r = rowSql(p, true);
    return `${r.root} as root_path, ${r.day} as received_day, ${r.settledDay} as settled_day, ${r.level} as level, ${r.handlingDay} as handling_day, ${sign} as n, ${r.bits.map((b, i) => `${sign} * ${b} as ${SUMS[i + 1]}`).join(', ')}`;
  };
  const events = (sources: ('new' | 'old')[]) => `insert into case_figure_sums as t (${KEY}, ${SUMS.join(', ')})
    select ${KEY}, ${SUMS.map((s) => `sum(${s})`).join(', ')} from (${sources.map((w) => `select ${e('x.', w === 'new' ? '1' : '-1')} from ${w}_rows x where x.archived_at is null`).join(' union all ')}) d
    group by ${KEY} having ${SUMS.map((s) => `sum(${s}) <> 0`).join(' or ')} order by ${KEY}
    on conflict (${KEY}) do update set ${addSums('t.')}`;
  const r = (sign: string) => `${rootOf('x.current_owner_path', true)} as root_path, ${dayOf('x.received_at', true)} as received_day, x.source as source, ${sign} as n`;
  const reports = (sources: ('new' | 'old')[]) => `insert into case_report_sums as t (root_path, received_day, source, n)
    select root_path, received_day, source, sum(n) from (${sources.map((w) => `select ${r(w === 'new' ? '1' : '-1')} from ${w}_rows x where x.current_owner_path is not null`).join(' union all ')}) d
    group by root_path, received_day, source having sum(n) <> 0 order by root_path, received_day, source
    on conflict (root_path, received_day, source) do update set n = t.n + excluded.n`;
  return {
    events: { insert: events(['new']), delete: events(['old']), update: events(['old', 'new']) },
    reports: { insert: reports(['new']), delete: reports(['old']), update: reports(['old', 'new']) },
  };
}

export async function up(db: Kysely<any>): Promise<void> {
  const pg = dialectOf(db) === 'postgres';
  const C = pg ? ' collate "C"' : '';
  await sql.raw(`create table if not exists case_figure_sums (root_path varchar(1000)${C} not null, received_day varchar(10)${C} not null,
    settled_day varchar(10)${C} not null, level varchar(20)${C} not null, handling_day integer not null,
    ${SUMS.map((s) => `${s} integer not null`).join(', ')}, primary key (${KEY}))`).execute(db);
  await sql.raw(`create table if not exists case_report_sums (root_path varchar(1000)${C} not null, received_day varchar(10)${C} not null,
    source varchar(30)${C} not null, n integer not null, primary key (root_path, received_day, source))`).execute(db);
  const upsertEvent = (p: string, sign: string, where = '') => {
    const r = rowSql(p, pg);
    const values = `${r.root}, ${r.day}, ${r.settledDay}, ${r.level}, ${r.handlingDay}, ${sign}, ${r.bits.map((b) => `${sign} * ${b}`).join(', ')}`;
    return `insert into ${target('case_figure_sums', pg)} (${KEY}, ${SUMS.join(', ')}) ${where ? `select ${values} where ${where}` : `values (${values})`}
      on conflict (${KEY}) do update set ${addSums(pg ? 't.' : '')}`;
  };
  const upsertReport = (p: string, sign: string, where = '') => {
    const values = `${rootOf(`${p}current_owner_path`, pg)}, ${dayOf(`${p}received_at`, pg)}, ${p}source, ${sign}`;
    return `insert into ${target('case_report_sums', pg)} (root_path, received_day, source, n) ${where ? `select ${values} where ${where}` : `values (${values})`}
      on conflict (root_path, received_day, source) do update set n = ${pg ? 't.' : ''}n + excluded.n`;
  };
  const changed = (cols: string[]) => cols.map((x) => (pg ? `old.${x} is distinct from new.${x}` : `old.${x} is not new.${x}`)).join(' or ');
  const REPORT_COLUMNS = ['current_owner_path', 'received_at', 'source'];
  if (pg) {
    await sql.raw(`create or replace function case_handling_ms(a varchar, b varchar) returns bigint language sql immutable parallel safe
      as $$ select round((extract(epoch from b::timestamptz) - extract(epoch from a::timestamptz)) * 1000)::bigint $$`).execute(db);
    // Per statement (transition tables): one grouped upsert per statement, keys in order (see pgStatementUpserts).
    for (const t of PG_OLD_TRIGGERS) await sql.raw(`drop trigger if exists ${t}`).execute(db);
    for (const t of PG_TRIGGERS) await sql.raw(`drop trigger if exists ${t.name} on ${t.table}`).execute(db);
    await sql`drop function if exists case_figure_sums_add(case_events, integer)`.execute(db);
    const up = pgStatementUpserts();
    for (const [fn, branches] of [['case_figure_sums_trg', up.events], ['case_report_sums_trg', up.reports]] as const) {
      await sql.raw(`create or replace function ${fn}() returns trigger language plpgsql as $f$
      begin
        if tg_op = 'INSERT' then ${branches.insert};
        elsif tg_op = 'DELETE' then ${branches.delete};
        else ${branches.update};
        end if;
        return null;
      end $f$`).execute(db);
    }
    for (const t of PG_TRIGGERS) {
      const tables = t.op === 'insert' ? 'new table as new_rows' : t.op === 'delete' ? 'old table as old_rows' : 'old table as old_rows new table as new_rows';
      await sql.raw(`create trigger ${t.name} after ${t.op} on ${t.table} referencing ${tables} for each statement execute function ${t.table === 'cases' ? 'case_report_sums_trg' : 'case_figure_sums_trg'}()`).execute(db);
    }
  } else {
    for (const t of ['case_figure_sums_insert', 'case_figure_sums_update', 'case_figure_sums_delete', 'case_report_sums_insert', 'case_report_sums_update', 'case_report_sums_delete']) {
      await sql.raw(`drop trigger if exists ${t}`).execute(db);
    }
    await sql.raw(`create trigger case_figure_sums_insert after insert on case_events when new.archived_at is null begin ${upsertEvent('new.', '1')}; end`).execute(db);
    await sql.raw(`create trigger case_figure_sums_delete after delete on case_events when old.archived_at is null begin ${upsertEvent('old.', '-1')}; end`).execute(db);
    await sql.raw(`create trigger case_figure_sums_update after update of ${EVENT_COLUMNS.join(', ')} on case_events when ${changed(EVENT_COLUMNS)} begin
      ${upsertEvent('old.', '-1', 'old.archived_at is null')};
      ${upsertEvent('new.', '1', 'new.archived_at is null')};
    end`).execute(db);
    await sql.raw(`create trigger case_report_sums_insert after insert on cases when new.current_owner_path is not null begin ${upsertReport('new.', '1')}; end`).execute(db);
    await sql.raw(`create trigger case_report_sums_delete after delete on cases when old.current_owner_path is not null begin ${upsertReport('old.', '-1')}; end`).execute(db);
    await sql.raw(`create trigger case_report_sums_update after update of ${REPORT_COLUMNS.join(', ')} on cases when ${changed(REPORT_COLUMNS)} begin
      ${upsertReport('old.', '-1', 'old.current_owner_path is not null')};
      ${upsertReport('new.', '1', 'new.current_owner_path is not null')};
    end`).execute(db);
  }
  // The backfill: what is there now, month by month (the triggers count every later write).
  await sql`delete from case_figure_sums`.execute(db);
  await sql`delete from case_report_sums`.execute(db);
  const e = rowSql('', pg);
  await backfill(db, 'case_events', 'first_received_at', (from, to) => `insert into ${target('case_figure_sums', pg)} (${KEY}, ${SUMS.join(', ')})
    select ${e.root}, ${e.day}, ${e.settledDay}, ${e.level}, ${e.handlingDay}, count(*), ${e.bits.map((b) => `sum(${b})`).join(', ')}
    from case_events where archived_at is null and first_received_at >= '${from}' and first_received_at < '${to}'
    group by 1, 2, 3, 4, 5 on conflict (${KEY}) do update set ${addSums(pg ? 't.' : '')}`);
  await backfill(db, 'cases', 'received_at', (from, to) => `insert into ${target('case_report_sums', pg)} (root_path, received_day, source, n)
    select ${rootOf('current_owner_path', pg)}, ${dayOf('received_at', pg)}, source, count(*)
    from cases where current_owner_path is not null and received_at >= '${from}' and received_at < '${to}'
    group by 1, 2, 3 on conflict (root_path, received_day, source) do update set n = ${pg ? 't.' : ''}n + excluded.n`);
  for (const def of pg ? [SETTLED_AT_INDEX_PG, HANDLING_DAY_INDEX_PG, CLOSED_INDEX_PG, REPLIED_INDEX_PG] : [SETTLED_AT_INDEX_SQLITE, HANDLING_DAY_INDEX_SQLITE, CLOSED_INDEX(false), REPLIED_INDEX(false)]) {
    const name = def.split(' ')[0];
    const exists = pg ? (await sql`select 1 from pg_indexes where indexname = ${name}`.execute(db)).rows.length > 0 : false;
    if (exists) continue; // built beforehand (docs/operations.md)
    const started = Date.now();
    await sql.raw(`create index if not exists ${def}`).execute(db);
    if (Date.now() - started > 1000) console.log(`case_events: ${name} built in ${Date.now() - started} ms`);
  }
  if (pg) await sql`analyze case_events`.execute(db); // the planner's statistics of the new expressions
}

/** Runs `insert(from, to)` over consecutive months of `column` (a time), printing progress where there are many rows. */
async function backfill(db: Kysely<any>, table: string, column: string, insert: (from: string, to: string) => string) {
  const span = (await sql.raw<{ lo: string | null; hi: string | null; n: number | string }>(`select min(${column}) as lo, max(${column}) as hi, count(*) as n from ${table}`).execute(db)).rows[0];
  if (!span?.lo || !span.hi) return;
  const total = Number(span.n);
  const started = Date.now();
  const loud = total > 10_000;
  if (loud) console.log(`${table} (${total}): counting the root sums month by month…`);
  // Months as strings: every time from the first month's start to past the last one's, plus anything before or after (none in practice).
  const months: string[] = [''];
  let [y, m] = [Number(span.lo.slice(0, 4)), Number(span.lo.slice(5, 7))];
  for (;;) {
    const s = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}`;
    months.push(s);
    if (s > span.hi.slice(0, 7)) break;
    [y, m] = m === 12 ? [y + 1, 1] : [y, m + 1];
  }
  months.push('\uffff');
  for (let i = 0; i + 1 < months.length; i++) {
    await sql.raw(insert(months[i], months[i + 1])).execute(db);
    if (loud && i && months[i + 1] !== '\uffff') console.log(`${table}: root sums counted up to ${months[i + 1]} (${Math.round((Date.now() - started) / 1000)} s)`);
  }
  if (loud) console.log(`${table}: root sums counted in ${Date.now() - started} ms`);
}

export async function down(db: Kysely<any>): Promise<void> {
  const pg = dialectOf(db) === 'postgres';
  if (pg) {
    for (const t of PG_OLD_TRIGGERS) await sql.raw(`drop trigger if exists ${t}`).execute(db);
    for (const t of PG_TRIGGERS) await sql.raw(`drop trigger if exists ${t.name} on ${t.table}`).execute(db);
    await sql`drop function if exists case_figure_sums_trg()`.execute(db);
    await sql`drop function if exists case_figure_sums_add(case_events, integer)`.execute(db);
    await sql`drop function if exists case_report_sums_trg()`.execute(db);
  } else {
    for (const t of ['case_figure_sums_insert', 'case_figure_sums_update', 'case_figure_sums_delete', 'case_report_sums_insert', 'case_report_sums_update', 'case_report_sums_delete']) {
      await sql.raw(`drop trigger if exists ${t}`).execute(db);
    }
  }
  await sql`drop index if exists case_events_settled_at`.execute(db);
  await sql`drop index if exists case_events_handling_day`.execute(db);
  await sql`drop index if exists case_events_closed`.execute(db);
  await sql`drop index if exists case_events_replied`.execute(db);
  if (pg) await sql`drop function if exists case_handling_ms(varchar, varchar)`.execute(db);
  await sql`drop table if exists case_figure_sums`.execute(db);
  await sql`drop table if exists case_report_sums`.execute(db);
}
