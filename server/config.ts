import path from 'node:path';
import { z } from 'zod';

/**
 * Configuration from the environment, checked once at start. A bad value stops the
 * process with a message naming the variable, rather than failing later mid-request.
 */
const envSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().default('data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must start with postgres:// (leave it unset for SQLite)')
    .optional(),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
  /** A session ends this many hours after sign-in however active it is. */
  SESSION_MAX_HOURS: z.coerce.number().min(0.01).max(24 * 30).default(12),
  UPLOAD_LIMIT_MB: z.coerce.number().min(0.001).max(2048).default(20),
  COOKIE_SECURE: z.enum(['true', 'false', 'auto']).default('auto'),
  TRUST_PROXY: z.enum(['true', 'false']).default('false'),
  JOBS: z.enum(['on', 'off']).default('on'),
  JOB_TICK_SECONDS: z.coerce.number().min(0.05).max(3600).default(15),
  /** Feeds on loopback, private or link-local addresses (an intranet feed): refused unless allowed. */
  FEED_PRIVATE_HOSTS: z.enum(['allow', 'deny']).default('deny'),
  /** Key of the audit log's MAC chain (hex, at least 32 digits); else read from AUDIT_KEY_FILE. */
  AUDIT_KEY: z.string().regex(/^[0-9a-fA-F]{32,}$/, 'AUDIT_KEY must be at least 32 hexadecimal digits').optional(),
  AUDIT_KEY_FILE: z.string().optional(),
  /** Where the signed head of the audit chain is written every few minutes (outside the database). */
  AUDIT_CHECKPOINT_FILE: z.string().optional(),
  /** SM4 key (32 hex digits) for personal information at rest; else read from DATA_KEY_FILE. */
  DATA_KEY: z.string().regex(/^[0-9a-fA-F]{32}$/, 'DATA_KEY must be 32 hexadecimal digits (an SM4 key)').optional(),
  DATA_KEY_FILE: z.string().optional(),
  /** Keys before a rotation, comma-separated: values they encrypted stay readable until re-sealed. */
  DATA_KEY_PREVIOUS: z.string().optional(),
  /** Roles that must sign in with two factors until the security administrator sets a policy (demo mode: none). */
  TWO_FACTOR_ROLES: z.string().default('admin,secadmin,auditadmin'),
  /** The address users open netduty at (https://…), for links in group-robot messages. */
  PUBLIC_URL: z.string().url().optional(),
  /** SQLite's WAL checkpoints: copied by a worker thread (db/checkpoint.ts), or `inline`, SQLite's own, inside a commit. */
  SQLITE_CHECKPOINTS: z.enum(['worker', 'inline']).default('worker'),
  /** With the worker: the WAL size past which a commit copies the WAL itself (the bound on the WAL file under heavy writes). */
  SQLITE_WAL_MAX_MB: z.coerce.number().int().min(1).max(99_999).default(256),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Config = {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl?: string;
  sessionIdleMinutes: number;
  sessionMaxHours: number;
  uploadLimitBytes: number;
  cookieSecure: 'true' | 'false' | 'auto';
  trustProxy: boolean;
  jobs: boolean;
  jobTickMs: number;
  logLevel: string;
  sqliteCheckpoints: 'worker' | 'inline';
  sqliteWalMaxMb: number;
  webDir: string;
  feedPrivateHosts: boolean;
  auditKey?: string;
  auditKeyFile: string;
  auditCheckpointFile: string;
  dataKey?: string;
  dataKeyFile: string;
  dataKeyPrevious: string[];
  twoFactorRoles: string[];
  publicUrl?: string;
};

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.DATA_DIR);
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir,
    databaseUrl: e.DATABASE_URL,
    sessionIdleMinutes: e.SESSION_IDLE_MINUTES,
    sessionMaxHours: e.SESSION_MAX_HOURS,
    uploadLimitBytes: Math.round(e.UPLOAD_LIMIT_MB * 1024 * 1024),
    cookieSecure: e.COOKIE_SECURE,
    trustProxy: e.TRUST_PROXY === 'true',
    jobs: e.JOBS === 'on',
    jobTickMs: e.JOB_TICK_SECONDS * 1000,
    logLevel: e.LOG_LEVEL,
    sqliteCheckpoints: e.SQLITE_CHECKPOINTS,
    sqliteWalMaxMb: e.SQLITE_WAL_MAX_MB,
    feedPrivateHosts: e.FEED_PRIVATE_HOSTS === 'allow',
    webDir: path.resolve('dist/web'),
    auditKey: e.AUDIT_KEY,
    auditKeyFile: path.resolve(e.AUDIT_KEY_FILE ?? path.join(dataDir, 'secrets', 'audit.key')),
    twoFactorRoles: e.TWO_FACTOR_ROLES.split(',').map((r) => r.trim()).filter(Boolean),
    dataKey: e.DATA_KEY,
    dataKeyFile: path.resolve(e.DATA_KEY_FILE ?? path.join(dataDir, 'secrets', 'data.key')),
    dataKeyPrevious: (e.DATA_KEY_PREVIOUS ?? '').split(',').map((k) => k.trim()).filter(Boolean),
    auditCheckpointFile: path.resolve(e.AUDIT_CHECKPOINT_FILE ?? path.join(dataDir, 'audit-checkpoint.json')),
    publicUrl: e.PUBLIC_URL?.replace(/\/+$/, ''),
    ...overrides,
  };
}
