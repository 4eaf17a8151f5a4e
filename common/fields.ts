import { z } from 'zod';
import { passwordProblems } from './password';

export { PASSWORD_RULE, passwordProblems } from './password';

/**
 * C0 control characters other than tab, line feed and carriage return (and DEL). NUL in
 * particular cannot be stored by PostgreSQL, so it is refused here for both databases alike.
 */
export const CONTROL_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
/** Bidirectional overrides and isolates: they make a name or file name read differently than it is. */
const NO_CONTROLS = new RegExp(`^[^${CONTROL_CHARS.source.slice(1, -1)}]*$`);
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/g;

export function stripBidi(v: string): string {
  return v.replace(BIDI_CONTROLS, '');
}

export function controlCharMessage(label: string): string {
  return `${label}不能包含不可见的控制字符`;
}

/**
 * Field builders whose every error names the field in Chinese, so a clerk reads
 * "姓名不能超过 50 个字" rather than a validator's English.
 */
export function text(label: string, opts: { max?: number; min?: number } = {}) {
  const max = opts.max ?? 200;
  const min = opts.min ?? 1;
  return z
    .string({ error: `请填写${label}` })
    .regex(NO_CONTROLS, { error: controlCharMessage(label) })
    .transform(stripBidi)
    .pipe(
      z
        .string()
        .trim()
        .min(min, { error: min <= 1 ? `请填写${label}` : `${label}至少 ${min} 个字` })
        .max(max, { error: `${label}不能超过 ${max} 个字` }),
    );
}

export function optionalText(label: string, max = 200) {
  return z
    .string({ error: `${label}应为文字` })
    .regex(NO_CONTROLS, { error: controlCharMessage(label) })
    .transform((v) => stripBidi(v).trim())
    .pipe(z.string().max(max, { error: `${label}不能超过 ${max} 个字` }))
    .optional()
    .nullable()
    .transform((v) => (v ? v : null));
}

export function id(label: string) {
  return z.string({ error: `请选择${label}` }).min(1, { error: `请选择${label}` }).max(64, { error: `${label}无效` });
}

export function oneOf<T extends readonly [string, ...string[]]>(label: string, values: T) {
  return z.enum(values, { error: `${label}的取值无效` });
}

export const phone = z
  .string({ error: '电话应为文字' })
  .trim()
  .max(40, { error: '电话不能超过 40 个字' })
  .regex(/^[0-9+\-() 转]*$/, { error: '电话只能包含数字、空格和 +-()' })
  .optional()
  .nullable()
  .transform((v) => (v ? v : null));

/** Every edit carries the version the form was loaded with; a mismatch is a stale edit. */
export const version = z.number({ error: '缺少版本号(请刷新页面后重试)' }).int().min(0);

export const page = z.object({
  page: z.coerce.number({ error: '页码应为数字' }).int().min(1, { error: '页码应从 1 开始' }).max(100000).default(1),
  pageSize: z.coerce.number({ error: '每页条数应为数字' }).int().min(1).max(200, { error: '每页最多 200 条' }).default(20),
});

export const password = (label = '密码') =>
  z
    .string({ error: `请填写${label}` })
    .superRefine((v, ctx) => {
      const p = passwordProblems(v);
      if (p) ctx.addIssue({ code: 'custom', message: label === '密码' ? p : p.replace('密码', label) });
    });

function realDay(v: string) {
  const [y, m, d] = v.split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d && y >= 1990 && y <= 2100;
}

/** A calendar day (Asia/Shanghai) written YYYY-MM-DD. */
export function day(label: string) {
  return z
    .string({ error: `请填写${label}` })
    .regex(/^\d{4}-\d{2}-\d{2}$/, { error: `${label}应为 YYYY-MM-DD 格式的日期` })
    .refine(realDay, { error: `${label}不是有效的日期` });
}

export function optionalDay(label: string) {
  return z
    .union([day(label), z.literal(''), z.null()], { error: `${label}应为 YYYY-MM-DD 格式的日期` })
    .optional()
    .transform((v) => (v ? v : null));
}

/** Whole number within bounds, also accepted as a numeric string (query strings, forms). */
export function int(label: string, min: number, max: number) {
  return z.coerce
    .number({ error: `${label}应为数字` })
    .int({ error: `${label}应为整数` })
    .min(min, { error: `${label}不能小于 ${min}` })
    .max(max, { error: `${label}不能大于 ${max}` });
}

/** How a deadline is given: a date, or N calendar / working days after the start day. */
export const DUE_MODES = ['date', 'calendar_days', 'working_days'] as const;
export type DueMode = (typeof DUE_MODES)[number];
export const DUE_MODE_LABELS: Record<DueMode, string> = { date: '指定日期', calendar_days: '自然日', working_days: '工作日' };

export const deadline = {
  dueMode: z.enum(DUE_MODES, { error: '时限方式的取值无效' }),
  dueDay: optionalDay('完成时限'),
  dueDays: z.coerce.number({ error: '天数应为数字' }).int({ error: '天数应为整数' }).min(1, { error: '天数至少为 1' }).max(3650, { error: '天数不能超过 3650' }).optional().nullable(),
};

/** Refinement for objects built with `deadline`: the date or the day count the mode needs. */
export function checkDeadline(v: { dueMode: DueMode; dueDay: string | null; dueDays?: number | null }, ctx: z.RefinementCtx) {
  if (v.dueMode === 'date' && !v.dueDay) ctx.addIssue({ code: 'custom', message: '请填写完成时限', path: ['dueDay'] });
  if (v.dueMode !== 'date' && !v.dueDays) ctx.addIssue({ code: 'custom', message: '请填写完成时限的天数', path: ['dueDays'] });
}
