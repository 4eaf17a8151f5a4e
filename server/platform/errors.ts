/**
 * Errors a user may see. Each has a stable code for programs and a Chinese message for
 * people; `field` names the request field at fault so the form can mark it.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
  toJSON() {
    return { code: this.code, message: this.message, ...(this.field ? { field: this.field } : {}) };
  }
}

export const errors = {
  validation: (message: string, field?: string) => new AppError(400, 'VALIDATION', message, field),
  unauthenticated: () => new AppError(401, 'UNAUTHENTICATED', '请先登录'),
  sessionExpired: () => new AppError(401, 'UNAUTHENTICATED', '登录已超时，请重新登录'),
  forbidden: (message = '无权进行此操作') => new AppError(403, 'FORBIDDEN', message),
  outOfScope: () => new AppError(403, 'OUT_OF_SCOPE', '无权访问：该记录不属于本单位及下级单位'),
  notFound: (what: string) => new AppError(404, 'NOT_FOUND', `未找到该${what}`),
  stale: () => new AppError(409, 'STALE', '该记录已被他人修改，请刷新后再试'),
  conflict: (code: string, message: string, field?: string) => new AppError(409, code, message, field),
  csrf: () => new AppError(403, 'CSRF', '页面已过期，请刷新后再试'),
  locked: (until: string) => new AppError(423, 'ACCOUNT_LOCKED', `登录失败次数过多，账号已锁定至 ${until}`),
  tooLarge: (limit: string) => new AppError(413, 'TOO_LARGE', `文件超过大小上限(${limit})`, 'file'),
  badFile: (message: string, field = 'file') => new AppError(400, 'BAD_FILE', message, field),
  duplicateSubmit: () => new AppError(409, 'DUPLICATE_SUBMIT', '该表单正在提交或已提交，请勿重复提交'),
};

/** A unique index refused a row (PostgreSQL 23505, SQLite SQLITE_CONSTRAINT_UNIQUE / _PRIMARYKEY). */
export function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** PostgreSQL gave up on a transaction because of another one (deadlock 40P01, serialization 40001). */
export function isTransactionConflict(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === '40P01' || code === '40001';
}
