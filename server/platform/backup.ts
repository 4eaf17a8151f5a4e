import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import * as tar from 'tar';
import { openDb, processesHoldingOpen, sqlitePath } from '../db';
import { type AuditCheckpoint, auditHead } from './audit';
import { tempDir } from './temp-files';

const FORMAT = 'netduty-backup-1';

/**
 * A consistent copy while the server runs: SQLite's online backup API copies a snapshot of
 * the database page by page; attachment files are content-addressed and never change, and
 * a file is stored before the row that names it, so every file the snapshot names is there.
 */
export async function backupSqlite(dataDir: string, outFile: string): Promise<{ bytes: number; files: number }> {
  const dbFile = sqlitePath(dataDir);
  if (!fs.existsSync(dbFile)) throw new Error(`数据库文件不存在: ${dbFile}`);
  const work = tempDir('backup');
  try {
    const src = new SQLite(dbFile, { readonly: true, fileMustExist: true });
    try {
      await src.backup(path.join(work, 'netduty.db'));
    } finally {
      src.close();
    }
    const entries = ['manifest.json', 'netduty.db'];
    const filesDir = path.join(dataDir, 'files');
    let files = 0;
    if (fs.existsSync(filesDir)) {
      fs.cpSync(filesDir, path.join(work, 'files'), { recursive: true, filter: (s) => !s.endsWith('.tmp') });
      files = countFiles(path.join(work, 'files'));
      entries.push('files');
    }
    // The audit chain's head in the snapshot, signed: kept outside the database with the backup.
    const snapshot = openDb({ dataDir: work });
    let audit: AuditCheckpoint;
    try {
      audit = await auditHead(snapshot.db);
    } finally {
      await snapshot.close();
    }
    fs.rmSync(path.join(work, 'netduty.db.open'), { recursive: true, force: true });
    fs.writeFileSync(path.join(work, 'manifest.json'), JSON.stringify({ format: FORMAT, createdAt: new Date().toISOString(), files, audit }, null, 2));
    fs.mkdirSync(path.dirname(path.resolve(outFile)), { recursive: true });
    await tar.c({ gzip: true, file: outFile, cwd: work, portable: true }, entries);
    return { bytes: fs.statSync(outFile).size, files };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

function countFiles(dir: string): number {
  let n = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) n += e.isDirectory() ? countFiles(path.join(dir, e.name)) : 1;
  return n;
}

/**
 * Brings a backup back into the data directory. Refused while any process holds the database
 * open (a running server would go on writing into the file being replaced). The current
 * database is kept beside it (netduty.db.before-restore-…) rather than overwritten, with its
 * write-ahead log folded in first, so the kept copy holds every committed write.
 */
export async function restoreSqlite(dataDir: string, inFile: string): Promise<{ keptPrevious: string | null; files: number }> {
  if (!fs.existsSync(inFile)) throw new Error(`备份文件不存在: ${inFile}`);
  refuseWhileOpen(sqlitePath(dataDir));
  const work = tempDir('restore');
  try {
    try {
      await tar.x({ file: inFile, cwd: work, strict: true });
    } catch {
      throw new Error('备份文件已损坏或不是 netduty 备份');
    }
    const manifestFile = path.join(work, 'manifest.json');
    const manifest = fs.existsSync(manifestFile) ? JSON.parse(fs.readFileSync(manifestFile, 'utf8')) : null;
    if (manifest?.format !== FORMAT) throw new Error('不是 netduty 备份文件(缺少或无法识别 manifest.json)');
    const restored = path.join(work, 'netduty.db');
    const check = new SQLite(restored, { readonly: true, fileMustExist: true });
    try {
      const result = check.pragma('integrity_check', { simple: true });
      if (result !== 'ok') throw new Error(`备份中的数据库未通过完整性检查: ${result}`);
      // The backup's database must end at the audit head its manifest recorded.
      const head = manifest.audit as AuditCheckpoint | undefined;
      if (head && head.seq > 0) {
        const row = check.prepare('select hash from audit_log where seq = ?').get(head.seq) as { hash: string } | undefined;
        const last = check.prepare('select max(seq) as n from audit_log').get() as { n: number | null };
        if (row?.hash !== head.mac || last.n !== head.seq) throw new Error('备份中的审计日志与备份清单记录的末条不符(备份被改动过)');
      }
    } finally {
      check.close();
    }
    fs.mkdirSync(dataDir, { recursive: true });
    const dbFile = sqlitePath(dataDir);
    let keptPrevious: string | null = null;
    refuseWhileOpen(dbFile);
    if (fs.existsSync(dbFile)) {
      foldWal(dbFile);
      keptPrevious = `${dbFile}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      fs.renameSync(dbFile, keptPrevious);
    }
    for (const ext of ['-wal', '-shm']) fs.rmSync(dbFile + ext, { force: true });
    fs.copyFileSync(restored, dbFile);
    let files = 0;
    if (fs.existsSync(path.join(work, 'files'))) {
      fs.cpSync(path.join(work, 'files'), path.join(dataDir, 'files'), { recursive: true, force: false, errorOnExist: false });
      files = countFiles(path.join(work, 'files'));
    }
    return { keptPrevious, files };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

function refuseWhileOpen(dbFile: string) {
  const pids = processesHoldingOpen(dbFile);
  if (pids.length) {
    throw new Error(`数据库正在被使用(进程 ${pids.join('、')})：请先停止 netduty 服务，再执行恢复。恢复未做任何改动。`);
  }
}

/**
 * After an unclean stop the last commits may live only in netduty.db-wal. Opening the database
 * replays them and a TRUNCATE checkpoint writes them into the main file, which is then complete
 * on its own.
 */
function foldWal(dbFile: string) {
  if (!fs.existsSync(`${dbFile}-wal`)) return;
  const db = new SQLite(dbFile, { fileMustExist: true });
  try {
    const [r] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
    if (r?.busy) throw new Error('数据库正在被使用：无法合并预写日志(WAL)，请先停止 netduty 服务。恢复未做任何改动。');
  } finally {
    db.close();
  }
}
