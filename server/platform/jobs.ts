import { randomBytes } from 'node:crypto';
import os from 'node:os';
import type { Database } from '../db';

export interface JobDef {
  name: string;
  /** Time from the end of one run to the next. */
  intervalMs: number;
  /** How long a run may hold the job before another server may take it over; renewed while running. */
  leaseMs?: number;
  run: (db: Database) => Promise<void>;
}

/**
 * A small in-process scheduler. Several app servers may share one database: each run is
 * claimed with a conditional UPDATE on the job's row (a lease), so exactly one server runs
 * a due job and the others skip it. The same mechanism works on SQLite and PostgreSQL.
 */
export class Scheduler {
  readonly owner = `${os.hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  private jobs = new Map<string, JobDef>();
  private timer: NodeJS.Timeout | null = null;
  private ticking: Promise<void> | null = null;

  constructor(
    private db: Database,
    private opts: { tickMs: number },
  ) {}

  register(job: JobDef) {
    if (this.jobs.has(job.name)) throw new Error(`job ${job.name} registered twice`);
    this.jobs.set(job.name, job);
  }

  get names() {
    return [...this.jobs.keys()];
  }

  start() {
    if (this.timer) return;
    this.timer = setInterval(() => void this.tick(), this.opts.tickMs);
    this.timer.unref();
    void this.tick();
  }

  stop() {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Runs every due job this server can claim; ticks never overlap within one server. */
  tick(): Promise<void> {
    this.ticking ??= (async () => {
      try {
        for (const job of this.jobs.values()) await this.runIfDue(job);
      } finally {
        this.ticking = null;
      }
    })();
    return this.ticking;
  }

  private async runIfDue(job: JobDef): Promise<boolean> {
    const leaseMs = job.leaseMs ?? 10 * 60_000;
    const now = new Date();
    await this.db
      .insertInto('jobs')
      .values({ name: job.name, next_run_at: now.toISOString(), lease_owner: null, lease_until: null, last_started_at: null, last_finished_at: null, last_status: null, last_error: null })
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
    const claim = await this.db
      .updateTable('jobs')
      .set({ lease_owner: this.owner, lease_until: new Date(now.getTime() + leaseMs).toISOString(), last_started_at: now.toISOString() })
      .where('name', '=', job.name)
      .where('next_run_at', '<=', now.toISOString())
      .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now.toISOString())]))
      .executeTakeFirst();
    if (Number(claim.numUpdatedRows) !== 1) return false;

    const renew = setInterval(() => {
      void this.db
        .updateTable('jobs')
        .set({ lease_until: new Date(Date.now() + leaseMs).toISOString() })
        .where('name', '=', job.name)
        .where('lease_owner', '=', this.owner)
        .execute()
        .catch(() => {});
    }, Math.max(50, leaseMs / 2));
    let status = 'ok';
    let error: string | null = null;
    try {
      await job.run(this.db);
    } catch (err) {
      status = 'error';
      error = err instanceof Error ? err.message : String(err);
    } finally {
      clearInterval(renew);
    }
    const end = new Date();
    await this.db
      .updateTable('jobs')
      .set({
        lease_owner: null, lease_until: null, last_finished_at: end.toISOString(), last_status: status, last_error: error,
        next_run_at: new Date(end.getTime() + job.intervalMs).toISOString(),
      })
      .where('name', '=', job.name)
      .where('lease_owner', '=', this.owner)
      .execute();
    return true;
  }
}
