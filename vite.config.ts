import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

export default defineConfig({
  root: 'web',
  plugins: [react(), assetsPlugin()],
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
  },
  server: {
    proxy: { '/api': 'http://localhost:3000' },
  },
});

/**
 * What a village link downloads, made small and said at build time:
 * - every text asset is written beside itself as .br and .gz (the server sends them as they are, no
 *   compression per request);
 * - the build prints, for each page of the app, the JavaScript that opening it fetches (the entry and
 *   shell that loads it, the page's chunk and everything they import statically), compressed.
 */
function assetsPlugin(): Plugin {
  let outDir = '';
  let pages: { page: string; files: string[] }[] = [];
  let homeWithCharts: string[] = [];
  return {
    name: 'netduty-assets',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    generateBundle(_options, bundle) {
      const chunks = new Map<string, { imports: string[]; dynamicImports: string[]; isEntry: boolean; isDynamicEntry: boolean; facade: string | null }>();
      for (const [file, out] of Object.entries(bundle)) {
        if (out.type !== 'chunk') continue;
        chunks.set(file, { imports: out.imports, dynamicImports: out.dynamicImports, isEntry: out.isEntry, isDynamicEntry: out.isDynamicEntry, facade: out.facadeModuleId });
      }
      const closure = (start: string): Set<string> => {
        const seen = new Set<string>();
        const stack = [start];
        while (stack.length) {
          const f = stack.pop()!;
          if (seen.has(f) || !chunks.has(f)) continue;
          seen.add(f);
          stack.push(...chunks.get(f)!.imports);
        }
        return seen;
      };
      // A page loads after the shells that import it on demand (the entry, then the public pages' or the
      // staff app's shell): what opening it costs is its own closure and theirs, along the cheapest chain.
      const isPage = (f: string) => chunks.get(f)!.facade?.includes('/src/pages/') ?? false;
      const loaders = (file: string) =>
        [...chunks.keys()].filter((d) => d !== file && !isPage(d) && (chunks.get(d)!.isEntry || chunks.get(d)!.isDynamicEntry)
          && [...closure(d)].some((c) => chunks.get(c)!.dynamicImports.includes(file)));
      const cost = (files: Set<string>) => [...files].reduce((n, f) => n + (bundle[f] as { code: string }).code.length, 0);
      const memo = new Map<string, Set<string>>();
      const load = (file: string, trail: string[]): Set<string> => {
        if (memo.has(file)) return memo.get(file)!;
        const own = closure(file);
        let best: Set<string> | null = null;
        if (!chunks.get(file)!.isEntry) {
          for (const d of loaders(file)) {
            if (trail.includes(d)) continue;
            const all = new Set([...own, ...load(d, [...trail, file])]);
            if (!best || cost(all) < cost(best)) best = all;
          }
        }
        const result = best ?? own;
        memo.set(file, result);
        return result;
      };
      pages = [...chunks]
        .filter(([, c]) => c.isDynamicEntry && c.facade?.includes('/src/pages/'))
        .map(([f, c]) => ({ page: pageName(c.facade!), files: [...load(f, [])] }))
        .sort((a, b) => a.page.localeCompare(b.page));
      // Home as a leader opens it: the home page as above and its lazily loaded charts (ECharts) with what they import.
      const chunkOf = (page: string) => [...chunks].find(([, c]) => c.facade?.endsWith(`/src/pages/${page}.tsx`))?.[0];
      const [home, charts] = [chunkOf('home/Home'), chunkOf('home/Charts')];
      homeWithCharts = home && charts ? [...new Set([...load(home, []), ...closure(charts)])] : [];
    },
    writeBundle() {
      const assets = path.join(outDir, 'assets');
      const compressed = new Map<string, { gzip: number; br: number }>();
      for (const name of fs.readdirSync(assets)) {
        if (!/\.(js|css|svg|json|txt|map)$/.test(name)) continue;
        const file = path.join(assets, name);
        const body = fs.readFileSync(file);
        const gzip = zlib.gzipSync(body, { level: 9 });
        const br = zlib.brotliCompressSync(body, {
          params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length },
        });
        compressed.set(`assets/${name}`, { gzip: gzip.length, br: br.length });
        // A file that does not shrink is sent as it is.
        if (gzip.length < body.length) fs.writeFileSync(`${file}.gz`, gzip);
        if (br.length < body.length) fs.writeFileSync(`${file}.br`, br);
      }
      const kb = (n: number) => `${(n / 1024).toFixed(1)} kB`.padStart(9);
      const lines = pages.map(({ page, files }) => {
        let gzip = 0;
        let br = 0;
        for (const f of files) {
          gzip += compressed.get(f)?.gzip ?? 0;
          br += compressed.get(f)?.br ?? 0;
        }
        return `  ${page.padEnd(28)} ${String(files.length).padStart(3)} 个文件  gzip ${kb(gzip)}  brotli ${kb(br)}`;
      });
      const sum = (files: string[], k: 'gzip' | 'br') => files.reduce((n, f) => n + (compressed.get(f)?.[k] ?? 0), 0);
      const home = homeWithCharts.length
        ? `首页连同图表: ${homeWithCharts.length} 个文件  gzip ${kb(sum(homeWithCharts, 'gzip')).trim()}(目标 < 300 kB)  brotli ${kb(sum(homeWithCharts, 'br')).trim()}\n`
        : '';
      console.log(`\n每个页面首次打开下载的 JavaScript(入口 + 页面及其静态依赖，压缩后):\n${lines.join('\n')}\n${home}`);
    },
  };
}

function pageName(facade: string): string {
  return facade.slice(facade.indexOf('/src/pages/') + '/src/pages/'.length).replace(/\.tsx?$/, '');
}
