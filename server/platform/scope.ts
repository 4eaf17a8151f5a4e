import type { ExpressionBuilder } from 'kysely';
import type { Actor } from './context';
import { errors } from './errors';

/**
 * 一级抓一级: a user sees their unit and everything below it. Paths look like
 * "/a/b/c/", so a subtree is every path in [p, p with its trailing "/" turned into "0").
 */
export function subtreeUpperBound(path: string): string {
  return `${path.slice(0, -1)}0`;
}

export function inSubtree(rootPath: string, path: string): boolean {
  return path.startsWith(rootPath);
}

/** Kysely filter: `column` lies in the subtree at `path`. One index range scan. */
export function subtreeFilter<DB, TB extends keyof DB>(column: string, path: string) {
  return (eb: ExpressionBuilder<DB, TB>) =>
    eb.and([eb(eb.ref(column as any), '>=', path), eb(eb.ref(column as any), '<', subtreeUpperBound(path))]);
}

/** Refuse unless the record's unit lies in the actor's subtree. */
export function assertInScope(actor: Actor, unitPath: string | null | undefined): void {
  if (!unitPath || !inSubtree(actor.unitPath, unitPath)) throw errors.outOfScope();
}
