/**
 * The one API client. Every non-GET request echoes the CSRF token; create forms pass an
 * idempotency key made when the form opened, so a double click cannot create twice.
 * Errors arrive as ApiError carrying the server's {code, message, field}.
 */
import type { Dayjs } from 'dayjs';
import type { z } from 'zod';
import type { AttachmentView, AuditItem, Paged, PublicInfo, SessionView, TwoFactorPolicy } from '../../../common/platform';
import type { Role } from '../../../common/roles';
import type {
  AccountView, accountCreate, accountUpdate, dutyAssignmentCreate, dutyAssignmentUpdate, groupMemberCreate, groupMemberUpdate, ImportPreview,
  LeadingGroupView, PersonView, personCreate, personUpdate, setupBody, UnitView, unitCreate, unitUpdate,
} from '../../../common/schemas/org';

export type { AttachmentView, AuditItem, ImportPreview, LeadingGroupView, Paged, PublicInfo, SessionView, TwoFactorPolicy };
/** A request body: what the shared zod schema accepts (the server parses it with the same schema). */
export type Body<S extends z.ZodTypeAny> = z.input<S>;
/** A form's values for a request body: its day fields (`D`) as the date pickers' Dayjs. */
export type FormValues<B, D extends keyof B = never> = Omit<B, D> & {
  [K in D]: undefined extends B[K] ? Dayjs | null | undefined : null extends B[K] ? Dayjs | null : Dayjs;
};

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

let csrfToken: string | null = null;
export function setCsrfToken(token: string | null) {
  csrfToken = token;
}
function csrfFromCookie(): string | null {
  const m = document.cookie.match(/(?:^|;\s*)nd_csrf=([^;]+)/);
  return m ? decodeURIComponent(m[1]) : null;
}

/** Called on 401 so the app can return to the login page. */
let onUnauthenticated: (() => void) | null = null;
export function setUnauthenticatedHandler(fn: () => void) {
  onUnauthenticated = fn;
}

/**
 * When the server last answered a signed-in request (each request restarts its idle clock; see
 * server/platform/sessions.ts touchSession). The session guard counts the idle timeout from it.
 */
let lastContact = Date.now();
export const lastServerContact = () => lastContact;

export function newIdempotencyKey(): string {
  return typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(16).slice(2)}`;
}

interface Options {
  body?: unknown;
  form?: FormData;
  idempotencyKey?: string;
}

export async function request<T>(method: string, url: string, opts: Options = {}): Promise<T> {
  const headers: Record<string, string> = {};
  if (method !== 'GET') headers['x-csrf-token'] = csrfToken ?? csrfFromCookie() ?? '';
  if (opts.idempotencyKey) headers['idempotency-key'] = opts.idempotencyKey;
  let body: BodyInit | undefined;
  if (opts.form) body = opts.form;
  else if (opts.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  let res: Response;
  try {
    res = await fetch(url, { method, headers, body, credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'NETWORK', '无法连接服务器，请检查网络后重试');
  }
  if (res.status !== 401) lastContact = Date.now();
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  const data = text ? safeJson(text) : null;
  if (!res.ok) {
    const err = new ApiError(res.status, data?.code ?? 'ERROR', data?.message ?? `请求失败(${res.status})`, data?.field);
    if (res.status === 401 && url !== '/api/session' && url !== '/api/session/login') onUnauthenticated?.();
    throw err;
  }
  return data as T;
}

function safeJson(text: string) {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** Query string from a filter object, skipping empty values. */
export const qs = (params: Record<string, string | number | boolean | undefined | null>) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
};

export const api = {
  publicInfo: () => request<PublicInfo>('GET', '/api/public/info'),
  setup: (body: Body<typeof setupBody>) => request<SessionView>('POST', '/api/setup', { body }),
  session: () => request<SessionView>('GET', '/api/session'),
  /** Either the session, or (two-factor accounts) a ticket for the code step. */
  login: (username: string, password: string) => request<SessionView | { twoFactor: true; ticket: string }>('POST', '/api/session/login', { body: { username, password } }),
  loginCode: (ticket: string, code: string) => request<SessionView>('POST', '/api/session/login/code', { body: { ticket, code } }),
  twoFactor: () => request<{ enabled: boolean; enabledAt: string | null; recoveryCodesLeft: number }>('GET', '/api/session/two-factor'),
  twoFactorSetup: () => request<{ secret: string; uri: string; qr: string }>('POST', '/api/session/two-factor/setup', { body: {} }),
  twoFactorEnable: (code: string) => request<{ recoveryCodes: string[] }>('POST', '/api/session/two-factor/enable', { body: { code } }),
  logout: () => request<void>('POST', '/api/session/logout'),
  changePassword: (oldPassword: string, newPassword: string) => request<void>('POST', '/api/session/password', { body: { oldPassword, newPassword } }),

  unitTree: (includeArchived = false) => request<{ items: UnitView[] }>('GET', `/api/units/tree${qs({ includeArchived })}`),
  unit: (id: string) => request<UnitView & { childCount: number; personCount: number }>('GET', `/api/units/${id}`),
  createUnit: (body: Body<typeof unitCreate>, key: string) => request<UnitView>('POST', '/api/units', { body, idempotencyKey: key }),
  updateUnit: (id: string, body: Body<typeof unitUpdate>) => request<UnitView>('PUT', `/api/units/${id}`, { body }),
  moveUnit: (id: string, newParentId: string, version: number) => request<UnitView>('POST', `/api/units/${id}/move`, { body: { newParentId, version } }),
  archiveUnit: (id: string, version: number) => request<UnitView>('POST', `/api/units/${id}/archive`, { body: { version } }),
  restoreUnit: (id: string, version: number) => request<UnitView>('POST', `/api/units/${id}/restore`, { body: { version } }),

  people: (q: { unitId?: string; q?: string; includeSubunits?: boolean; archived?: boolean; page?: number; pageSize?: number }) =>
    request<Paged<PersonView>>('GET', `/api/people${qs(q)}`),
  createPerson: (body: Body<typeof personCreate>, key: string) => request<PersonView>('POST', '/api/people', { body, idempotencyKey: key }),
  updatePerson: (id: string, body: Body<typeof personUpdate>) => request<PersonView>('PUT', `/api/people/${id}`, { body }),
  archivePerson: (id: string, version: number) => request<PersonView>('POST', `/api/people/${id}/archive`, { body: { version } }),
  restorePerson: (id: string, version: number) => request<PersonView>('POST', `/api/people/${id}/restore`, { body: { version } }),

  accounts: (q: { unitId?: string; q?: string; page?: number; pageSize?: number }) => request<Paged<AccountView>>('GET', `/api/accounts${qs(q)}`),
  createAccount: (body: Body<typeof accountCreate>, key: string) => request<AccountView>('POST', '/api/accounts', { body, idempotencyKey: key }),
  updateAccount: (id: string, body: Body<typeof accountUpdate>) => request<AccountView>('PUT', `/api/accounts/${id}`, { body }),
  resetPassword: (id: string, password: string, version: number) => request<AccountView>('POST', `/api/accounts/${id}/password`, { body: { password, version } }),
  unlockAccount: (id: string) => request<AccountView>('POST', `/api/accounts/${id}/unlock`, { body: {} }),
  setAccountRole: (id: string, role: string, version: number) => request<AccountView>('POST', `/api/accounts/${id}/role`, { body: { role, version } }),
  twoFactorPolicy: () => request<TwoFactorPolicy>('GET', '/api/security/two-factor-policy'),
  setTwoFactorPolicy: (roles: Role[], units: { unitId: string; roles: Role[] }[]) => request<TwoFactorPolicy>('PUT', '/api/security/two-factor-policy', { body: { roles, units } }),
  resetTwoFactor: (id: string) => request<AccountView>('POST', `/api/accounts/${id}/two-factor/reset`, { body: {} }),

  leadingGroup: (unitId: string) => request<LeadingGroupView>('GET', `/api/units/${unitId}/leading-group`),
  addMember: (body: Body<typeof groupMemberCreate>, key: string) => request<{ id: string }>('POST', '/api/group-members', { body, idempotencyKey: key }),
  updateMember: (id: string, body: Body<typeof groupMemberUpdate>) => request<{ id: string }>('PUT', `/api/group-members/${id}`, { body }),
  archiveMember: (id: string, version: number) => request<{ id: string }>('POST', `/api/group-members/${id}/archive`, { body: { version } }),
  addDuty: (body: Body<typeof dutyAssignmentCreate>, key: string) => request<{ id: string }>('POST', '/api/duty-assignments', { body, idempotencyKey: key }),
  updateDuty: (id: string, body: Body<typeof dutyAssignmentUpdate>) => request<{ id: string }>('PUT', `/api/duty-assignments/${id}`, { body }),
  archiveDuty: (id: string, version: number) => request<{ id: string }>('POST', `/api/duty-assignments/${id}/archive`, { body: { version } }),

  verifyAudit: () => request<{ ok: boolean; checked: number; legacy: number; firstBroken: { seq: number; reason: string } | null; checkpoint: { seq: number; at: string } | null }>('POST', '/api/audit/verify', { body: {} }),
  audit: (q: Record<string, string | number | undefined>) => request<Paged<AuditItem>>('GET', `/api/audit${qs(q)}`),

  files: (entity: string, entityId: string) => request<{ items: AttachmentView[] }>('GET', `/api/files${qs({ entity, entityId })}`),
  upload: (entity: string, entityId: string, file: File) => {
    const form = new FormData();
    form.append('entity', entity);
    form.append('entityId', entityId);
    form.append('file', file);
    return request<AttachmentView>('POST', '/api/files', { form });
  },
  archiveFile: (id: string) => request<{ id: string }>('POST', `/api/files/${id}/archive`, { body: {} }),

  importPreview: (file: File, commit: boolean) => {
    const form = new FormData();
    form.append('file', file);
    return request<ImportPreview & { unitsCreated?: number; peopleCreated?: number }>('POST', `/api/import/org?commit=${commit}`, { form });
  },
};
