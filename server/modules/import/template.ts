import type { UnitKind } from '../../../common/labels';
import { UNIT_KIND_LABELS } from '../../../common/labels';
import type { Database } from '../../db';
import type { Actor } from '../../platform/context';
import * as unitRepo from '../units/repo';
import { splitPath } from './refs';
import { buildTemplate } from './workbook';

function compareChains(a: string[], b: string[]) {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const c = a[i].localeCompare(b[i], 'zh-CN');
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

/** The template, with the actor's existing units written the shortest way the importer accepts. */
export async function template(db: Database, actor: Actor): Promise<Buffer> {
  const LIMIT = 5000;
  const rows = await unitRepo.listSubtree(db, actor.unitPath, false);
  const rootDepth = splitPath(actor.unitPath).length - 1;
  const nameOf = new Map(rows.map((r) => [r.id, r.name]));
  const chains = rows.map((r) => splitPath(r.path).slice(rootDepth).map((id) => nameOf.get(id) ?? ''));
  const suffixCount = new Map<string, number>();
  for (const c of chains) for (let k = 1; k <= c.length; k++) {
    const key = c.slice(-k).join('/');
    suffixCount.set(key, (suffixCount.get(key) ?? 0) + 1);
  }
  const order = rows.map((r, i) => ({ r, chain: chains[i] })).sort((a, b) => compareChains(a.chain, b.chain));
  const existing = order.slice(0, LIMIT).map(({ r, chain }) => {
    let ref = chain.join('/');
    for (let k = 1; k <= chain.length; k++) {
      const key = chain.slice(-k).join('/');
      if (suffixCount.get(key) === 1) {
        ref = key;
        break;
      }
    }
    return { ref, path: chain.join('/'), kind: UNIT_KIND_LABELS[r.kind as UnitKind] ?? r.kind };
  });
  return buildTemplate(actor.unitName, existing, rows.length);
}
