/** Password rule, without zod, so the web app can check it as the user types. */
export const PASSWORD_RULE = '密码至少 8 位，且包含大写字母、小写字母、数字、符号中的至少三类';

export function passwordProblems(pw: string): string | null {
  if (pw.length < 8) return PASSWORD_RULE;
  if (pw.length > 128) return '密码不能超过 128 位';
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((r) => r.test(pw)).length;
  return classes >= 3 ? null : PASSWORD_RULE;
}
