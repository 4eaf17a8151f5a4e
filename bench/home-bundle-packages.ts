/**
 * What the home page's JavaScript is made of, by package: build with source maps into a directory
 * of its own, then attribute each chunk's gzip size to the sources its bytes come from (in
 * proportion to their raw bytes), summed per npm package (or per app folder).
 *   npx vite build --sourcemap --outDir /tmp/netduty-sm && npx tsx bench/home-bundle-packages.ts /tmp/netduty-sm [echarts,zrender]
 * The second argument splits those packages by folder. Uses source-map-js, which vite's postcss
 * already brings (not a dependency of its own). Prints figures; asserts nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { SourceMapConsumer } from 'source-map-js';

const dist = path.resolve(process.argv[2] ?? 'dist/web');
const deep = (process.argv[3] ?? '').split(',').filter(Boolean);
const assets = path.join(dist, 'assets');
const entry = fs.readFileSync(path.join(dist, 'index.html'), 'utf8').match(/<script type="module"[^>]*src="\/assets\/([^"]+)"/)?.[1];
if (!entry) throw new Error(`${dist}/index.html has no module entry: build first`);
const find = (prefix: string) => fs.readdirSync(assets).find((f) => f.startsWith(`${prefix}-`) && f.endsWith('.js'));
// The same files as bench/home-bundle.ts: the entry, the shell, home and its charts, with their static imports.
const seen = new Set<string>();
const visit = (file: string) => {
  if (seen.has(file)) return;
  seen.add(file);
  for (const m of fs.readFileSync(path.join(assets, file), 'utf8').matchAll(/(?:from|import)\s*"\.\/([^"]+\.js)"/g)) visit(m[1]);
};
[entry, find('App'), find('Layout'), find('Home'), find('Charts')].filter((x): x is string => !!x).forEach(visit);

const packageOf = (source: string) => {
  const at = source.lastIndexOf('node_modules/');
  if (at < 0) return `app: ${source.replace(/^.*?\/(web\/src|common)\//, '$1/').replace(/\/[^/]+$/, '')}`;
  const parts = source.slice(at + 'node_modules/'.length).split('/');
  const n = parts[0].startsWith('@') ? 2 : 1;
  const name = parts.slice(0, n).join('/');
  return deep.includes(name) ? `${name}/${parts.slice(n, -1).slice(0, 2).join('/')}` : name;
};

const total = new Map<string, number>();
for (const file of seen) {
  const code = fs.readFileSync(path.join(assets, file), 'utf8');
  const gzip = gzipSync(code, { level: 9 }).length;
  const mapFile = path.join(assets, `${file}.map`);
  if (!fs.existsSync(mapFile)) {
    // The bundler's own runtime has no map; a whole build without maps is an error.
    if (!fs.existsSync(path.join(assets, `${entry}.map`))) throw new Error(`${mapFile} missing: build with --sourcemap`);
    total.set('(bundler runtime)', (total.get('(bundler runtime)') ?? 0) + gzip);
    continue;
  }
  const lines = code.split('\n');
  const bytes = new Map<string, number>();
  const add = (k: string, n: number) => bytes.set(k, (bytes.get(k) ?? 0) + n);
  let prev: { line: number; column: number; source: string } | null = null;
  new SourceMapConsumer(JSON.parse(fs.readFileSync(mapFile, 'utf8'))).eachMapping((m) => {
    if (prev) add(prev.source, prev.line === m.generatedLine ? m.generatedColumn - prev.column : lines[prev.line - 1].length - prev.column);
    prev = { line: m.generatedLine, column: m.generatedColumn, source: m.source ? packageOf(m.source) : '(generated)' };
  });
  const last = prev as { line: number; column: number; source: string } | null;
  if (last) add(last.source, lines[last.line - 1].length - last.column);
  const raw = [...bytes.values()].reduce((a, b) => a + b, 0) || 1;
  for (const [k, v] of bytes) total.set(k, (total.get(k) ?? 0) + (v / raw) * gzip);
}
const kb = (n: number) => `${(n / 1024).toFixed(1)} kB`.padStart(9);
for (const [k, v] of [...total].sort((a, b) => b[1] - a[1]).filter(([, v]) => v >= 512)) console.log(`${kb(v)}  ${k}`);
console.log(`${kb([...total.values()].reduce((a, b) => a + b, 0))}  in ${seen.size} files (gzip, each file's share in proportion to its raw bytes)`);
