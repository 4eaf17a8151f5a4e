/** Password rule, without zod, so the web app can check it as the user types. */
export const PASSWORD_RULE = '密码至少 8 位，且包含大写字母、小写字母、数字、符号中的至少三类';

/**
 * Passwords that pass the class rule yet are among the first any guesser tries (lower-cased;
 * the check also folds common substitutions such as 0→o, @→a, 1→l, $→s).
 */
const COMMON = new Set([
  'password', 'password1', 'password12', 'password123', 'passw0rd', 'passwd', 'p@ssword', 'p@ssw0rd', 'admin', 'admin123', 'admin@123',
  'administrator', 'root', 'root123', 'qwerty', 'qwerty123', 'qwe123', 'qwer1234', 'abc123', 'abc12345', 'abc123456', 'aa123456',
  'a123456', 'a1234567', 'a12345678', 'test123', 'test1234', 'welcome1', 'welcome123', 'changeme', 'letmein', 'iloveyou', 'woaini',
  'woaini1314', 'zxcvbnm', '1qaz2wsx', '1qaz@wsx', 'qazwsx', 'asdf1234', 'huawei123', 'sysadmin', 'netduty', 'wangxin',
]);

function folded(v: string): string {
  return v.toLowerCase().replace(/0/g, 'o').replace(/@/g, 'a').replace(/1/g, 'l').replace(/\$/g, 's').replace(/[!#.*_-]+$/, '');
}
const COMMON_FOLDED = new Set([...COMMON].map(folded));

export function passwordProblems(pw: string, username?: string | null): string | null {
  if (pw.length < 8) return PASSWORD_RULE;
  if (pw.length > 128) return '密码不能超过 128 位';
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((r) => r.test(pw)).length;
  if (classes < 3) return PASSWORD_RULE;
  if (COMMON.has(pw.toLowerCase()) || COMMON_FOLDED.has(folded(pw))) return '密码过于常见，请换一个不易被猜到的密码';
  if (username && username.length >= 3 && pw.toLowerCase().includes(username.toLowerCase())) return '密码不能包含登录名';
  return null;
}
