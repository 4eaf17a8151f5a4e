import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../server/config';
import { MODULES } from '../server/modules';
import { initAuditKey } from '../server/platform/audit';
import { installModules } from '../server/platform/modules';
import { initDataKey } from '../server/platform/personal-data';

/**
 * What buildApp does at start that a benchmark calling the services directly also needs: the
 * modules' contributions in the registries (ledgers, pack sources, summary sections …), and
 * keys for the audit chain and sealed contacts, generated as a first start would.
 */
export function startAsTheApp(): void {
  installModules(MODULES);
  const config = loadConfig({ DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'netduty-bench-keys-')) });
  initAuditKey(config, { create: true });
  initDataKey(config, { create: true });
}
