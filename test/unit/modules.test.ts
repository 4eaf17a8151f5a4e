/**
 * The module list is complete and the kit stays a kit: every folder under server/modules has a
 * module.ts whose module index.ts lists, contributions do not collide, and server/documents (the
 * GB/T 9704 kit) imports nothing from a module.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MODULES } from '../../server/modules';
import type { Module } from '../../server/platform/modules';

const root = path.resolve(__dirname, '../../server');

describe('module manifests', () => {
  it('lists every module folder once, by its own module.ts', async () => {
    const folders = fs.readdirSync(path.join(root, 'modules'), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
    expect(MODULES.map((m) => m.key).sort()).toEqual(folders);
    for (const folder of folders) {
      const exported = Object.values(await import(path.join(root, 'modules', folder, 'module.ts'))) as Module[];
      expect(exported.length, folder).toBe(1);
      expect(MODULES, folder).toContain(exported[0]);
    }
  });

  it('contributes each attachable, ledger, indicator and document type once', () => {
    const keys = (f: (m: Module) => string[]) => MODULES.flatMap(f);
    for (const list of [
      keys((m) => Object.keys(m.attachables ?? {})),
      keys((m) => (m.ledgers ?? []).map((l) => l.key)),
      keys((m) => (m.indicators ?? []).map((i) => i.key)),
      keys((m) => (m.generators ?? []).map((g) => g.type)),
      keys((m) => (m.summarySections ?? []).map((s) => s.key)),
      keys((m) => (m.figures ?? []).map((f) => f.url)),
    ]) expect(new Set(list).size).toBe(list.length);
  });

  it('offers the indicators the checks module will bind to', () => {
    const keys = MODULES.flatMap((m) => (m.indicators ?? []).map((i) => i.key));
    expect(keys).toEqual(expect.arrayContaining([
      'ledger.study_sessions', 'ledger.study_sessions_on_topic', 'ledger.special_meetings', 'cases.closure_rate', 'cases.on_time_rate',
      'tasks.overdue', 'tasks.on_time_rate', 'rectification.open', 'risks.reviews',
    ]));
  });

  it('keeps the documents kit free of module imports', () => {
    for (const f of fs.readdirSync(path.join(root, 'documents'))) {
      const text = fs.readFileSync(path.join(root, 'documents', f), 'utf8');
      expect(text, f).not.toMatch(/from '\.\.\/modules\//);
    }
  });
});
