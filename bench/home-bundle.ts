/**
 * The JavaScript the home page loads with its charts, from the built app (run `npx vite build`
 * first): the entry, the staff app's shell (App: session and routes; Layout: menu and top bar),
 * the home page's chunk and the lazily loaded charts chunk, with everything they import, each file
 * counted once, gzip-compressed as served. The build prints the same sum (首页连同图表).
 * Target: under 300 kB. Prints figures; asserts nothing.
 *   npx tsx bench/home-bundle.ts
 */
import fs from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const dist = path.resolve('dist/web');
const assets = path.join(dist, 'assets');
const html = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
const entry = html.match(/<script type="module"[^>]*src="\/assets\/([^"]+)"/)?.[1];
if (!entry) throw new Error('dist/web/index.html has no module entry: build first (npx vite build)');
const find = (prefix: string) => fs.readdirSync(assets).find((f) => f.startsWith(`${prefix}-`) && f.endsWith('.js'));
const roots = [entry, find('App'), find('Layout'), find('Home'), find('Charts')].filter((x): x is string => !!x);
if (roots.length < 5) throw new Error(`expected the entry, App, Layout, Home and Charts chunks in dist/web/assets, found ${roots.join(', ')}`);

/** The files loading `starts` fetches: each and its static imports (other pages' lazy chunks are not loaded by home). */
function closure(starts: string[]): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = fs.readFileSync(path.join(assets, file), 'utf8');
    for (const m of text.matchAll(/(?:from|import)\s*"\.\/([^"]+\.js)"/g)) visit(m[1]);
  };
  starts.forEach(visit);
  return seen;
}
const seen = closure(roots);
// First paint: the entry and the home page's chunk (the to-dos), before the charts chunk is asked for.
const firstPaint = closure(roots.filter((r) => !r.startsWith('Charts-')));

const rows = [...seen].map((f) => {
  const raw = fs.readFileSync(path.join(assets, f));
  return { f, raw: raw.length, gz: gzipSync(raw, { level: 9 }).length, br: brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length };
}).sort((a, b) => b.gz - a.gz);
const kb = (n: number) => `${(n / 1024).toFixed(1)} kB`;
for (const r of rows.slice(0, 12)) console.log(`${r.f.padEnd(40)} ${kb(r.raw).padStart(10)} ${kb(r.gz).padStart(10)} gzip`);
const total = rows.reduce((a, r) => a + r.gz, 0);
const charts = rows.find((r) => r.f.startsWith('Charts-'));
console.log(`home page with charts: ${rows.length} files, ${kb(rows.reduce((a, r) => a + r.raw, 0))} raw, ${kb(total)} gzip (target < 300 kB)${charts ? `; the charts chunk (ECharts core, bar, line, grid, tooltip, legend, canvas) ${kb(charts.gz)} gzip` : ''}`);
// antd comes with the other pages (AntdRoot, wrapped around every route but home): home must not load it.
// (Every antd component brings @ant-design/cssinjs, which marks the styles it inserts with data-css-hash.)
const antd = [...seen].filter((f) => f.startsWith('AntdRoot-') || fs.readFileSync(path.join(assets, f), 'utf8').includes('data-css-hash'));
console.log(`antd in home's load: ${antd.length ? antd.join(', ') : 'none'}`);
const sum = (files: Set<string>, k: 'gz' | 'br') => rows.filter((r) => files.has(r.f)).reduce((a, r) => a + r[k], 0);
console.log(`first paint of home (to-dos, before the charts chunk): ${firstPaint.size} files, ${kb(sum(firstPaint, 'gz'))} gzip, ${kb(sum(firstPaint, 'br'))} brotli`);
console.log(`home page with charts as served (the server sends the precompressed .br to browsers that accept it): ${kb(sum(seen, 'br'))} brotli`);
