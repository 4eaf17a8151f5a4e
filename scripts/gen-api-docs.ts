/**
 * Writes docs/api.md and docs/openapi.json from the routes' own zod schemas, so the API
 * reference cannot drift from the code. Run: npm run docs:api
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildApp } from '../server/app';
import { loadConfig } from '../server/config';
import { openDb } from '../server/db';
import { PERMISSIONS, ROLE_LABELS, type Permission, type Role } from '../common/roles';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'netduty-docs-'));
const config = loadConfig({ DATA_DIR: dataDir }, { jobs: false });
const handle = openDb({ dataDir });
const { app } = await buildApp(config, handle);
await app.ready();
const spec = app.swagger() as any;

const rolesFor = (p?: string) =>
  p ? (PERMISSIONS[p as Permission] as readonly Role[]).map((r) => ROLE_LABELS[r]).join('、') : '';

const lines: string[] = [
  '# API 参考(自动生成)',
  '',
  '由 `npm run docs:api` 从路由的 zod 定义生成，请勿手工修改。交互式文档：运行中的服务 `/api/docs`；机器可读：`docs/openapi.json`。',
  '',
  '约定：除标注“公开”的接口外都需要登录(会话 Cookie `nd_session`)；所有非 GET 请求须带 `X-CSRF-Token` 头(值为登录应答中的 `csrfToken`，或 Cookie `nd_csrf`)；新建类 POST 可带 `Idempotency-Key` 头防止重复提交。错误应答一律为 `{code, message, field?}`，`message` 为中文。',
  '',
  '| 方法 | 路径 | 说明 | 权限 | 允许的角色 |',
  '|---|---|---|---|---|',
];
const routeInfo = app.routeAccess;
let count = 0;
for (const [p, methods] of Object.entries<any>(spec.paths).sort(([a], [b]) => a.localeCompare(b))) {
  if (p.startsWith('/api/docs')) continue;
  for (const [m, op] of Object.entries<any>(methods)) {
    const access = routeInfo.get(`${m.toUpperCase()} ${p.replace(/\{(\w+)\}/g, ':$1')}`);
    const perm = access?.public ? '公开' : access?.permission ?? '';
    count++;
    lines.push(`| ${m.toUpperCase()} | \`${p}\` | ${op.summary ?? ''} | ${perm} | ${access?.public ? '任何人' : rolesFor(access?.permission)} |`);
  }
}
fs.mkdirSync('docs', { recursive: true });
fs.writeFileSync('docs/api.md', `${lines.join('\n')}\n`);
fs.writeFileSync('docs/openapi.json', `${JSON.stringify(spec, null, 2)}\n`);
await app.close();
await handle.close();
fs.rmSync(dataDir, { recursive: true, force: true });
console.log(`docs/api.md: ${count} routes`);
