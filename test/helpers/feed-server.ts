import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local feed server for tests: `set(path, body | handler)` decides what a path answers.
 * It does not keep the test process alive.
 */
export class FeedServer {
  private routes = new Map<string, string | ((req: http.IncomingMessage, res: http.ServerResponse) => void)>();
  private server = http.createServer((req, res) => {
    const r = this.routes.get(req.url ?? '');
    this.hits.set(req.url ?? '', (this.hits.get(req.url ?? '') ?? 0) + 1);
    if (r === undefined) {
      res.writeHead(404);
      res.end();
    } else if (typeof r === 'string') {
      res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' });
      res.end(r);
    } else {
      r(req, res);
    }
  });
  readonly hits = new Map<string, number>();
  base = '';

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.server.unref();
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  set(path: string, body: string | ((req: http.IncomingMessage, res: http.ServerResponse) => void)) {
    this.routes.set(path, body);
    return `${this.base}${path}`;
  }

  close() {
    this.server.closeAllConnections();
    this.server.close();
  }
}

export function rss(items: { title: string; link?: string; guid?: string; description?: string }[], title = '测试订阅'): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>${esc(title)}</title>${items
    .map((i) => `<item><title>${esc(i.title)}</title>${i.link ? `<link>${esc(i.link)}</link>` : ''}${i.guid ? `<guid>${esc(i.guid)}</guid>` : ''}<description>${esc(i.description ?? '')}</description></item>`)
    .join('')}</channel></rss>`;
}
