/**
 * The watermark an export carries when the exporting user's unit asks for it (who exported, from
 * which unit, when). A request runs inside `exportContext` (set by the auth hooks, platform/http.ts),
 * so the ledger writer (ledger-xlsx.ts) finds the signed-in user without every register's export
 * route passing it along; the text comes from the module that keeps the setting (module.ts
 * `exportWatermark`), so the platform reads no module's tables. Outside a request (a pack built in
 * the background, the CLI) there is no watermark.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Database } from '../db';
import type { Actor } from './context';
import { exportWatermarkSources } from './modules';

interface ExportContext {
  db: Database;
  actor: () => Actor | null;
  cached?: Promise<string | null>;
}

export const exportContext = new AsyncLocalStorage<ExportContext>();

/** The watermark text for what is being exported now, or null (none asked for, or not in a request). */
export function currentWatermark(): Promise<string | null> {
  const c = exportContext.getStore();
  if (!c) return Promise.resolve(null);
  c.cached ??= (async () => {
    const actor = c.actor();
    if (!actor) return null;
    for (const source of exportWatermarkSources()) {
      const text = await source(c.db, actor);
      if (text) return text;
    }
    return null;
  })();
  return c.cached;
}
