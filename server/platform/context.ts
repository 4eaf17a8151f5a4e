import type { Role } from '../../common/roles';

/** Who is acting, and from where: passed to every service call and written to the audit log. */
export interface Actor {
  accountId: string;
  username: string;
  displayName: string;
  role: Role;
  unitId: string;
  unitName: string;
  /** Materialised path of the actor's unit: everything the actor may see starts with it. */
  unitPath: string;
}

export interface RequestMeta {
  requestId: string | null;
  ip: string | null;
}

export interface Ctx extends RequestMeta {
  actor: Actor | null;
  /** The time the audit log dates the change, when it is not now: only the demo, seeding records of past days through the services. */
  at?: string;
}

export type ActorCtx = Ctx & { actor: Actor };

/** Context for work started from the command line or a scheduled job. */
export function systemCtx(requestId: string | null = null): Ctx {
  return { actor: null, requestId, ip: null };
}
