/**
 * Feed reading against a local server that misbehaves in every way the issue lists: slow,
 * down, redirecting, huge, not XML, malformed XML and hostile XML. Each must end in a
 * FeedError naming the reason, quickly, without the process expanding anything.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FeedError, fetchFeed } from '../../server/modules/feeds/fetch';
import { parseFeed, plainText } from '../../server/modules/feeds/parse';
import { compileRule } from '../../server/modules/feeds/rules';

const RSS = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>示例县融媒体</title>
<item><title>城关镇开展网络安全宣传周活动</title><link>https://example.cn/a/1</link><guid isPermaLink="false">a-1</guid>
<description><![CDATA[<p>活动现场 &amp; 群众<b>互动</b></p>]]></description><pubDate>Mon, 16 Nov 2026 08:00:00 +0800</pubDate></item>
<item><title>关于 R&amp;D 经费的说明</title><link>https://example.cn/a/2</link><description>第二条 &#x4E2D;&#25991;</description></item>
</channel></rss>`;

const ATOM = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>市长信箱公开回复</title>
<entry><id>tag:example.cn,2026:1</id><title type="html">关于道路积水的回复</title>
<link rel="alternate" href="https://example.cn/reply/1"/><link rel="edit" href="https://example.cn/edit/1"/>
<updated>2026-11-20T10:00:00Z</updated><summary>已安排排水。</summary></entry></feed>`;

const RDF = `<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="https://example.cn/"><title>旧式订阅</title></channel>
<item rdf:about="https://example.cn/r/1"><title>一条</title><link>https://example.cn/r/1</link><dc:date>2026-11-01T00:00:00Z</dc:date></item></rdf:RDF>`;

const XXE = `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><rss><channel><title>&xxe;</title></channel></rss>`;
const LAUGHS = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;">]>
<rss><channel><title>&lol9;</title></channel></rss>`;

let server: http.Server;
let base: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const send = (type: string, body: string | Buffer, extra: Record<string, string> = {}) => {
      res.writeHead(200, { 'content-type': type, ...extra });
      res.end(body);
    };
    switch (req.url) {
      case '/rss': return send('application/rss+xml; charset=utf-8', RSS, { etag: '"v1"' });
      case '/etag':
        if (req.headers['if-none-match'] === '"v1"') { res.writeHead(304); return res.end(); }
        return send('application/rss+xml', RSS, { etag: '"v1"' });
      case '/atom': return send('application/atom+xml', ATOM);
      case '/rdf': return send('application/rdf+xml', RDF);
      case '/gbk': return send('application/xml; charset=gbk', Buffer.from([
        ...Buffer.from('<?xml version="1.0" encoding="GBK"?><rss><channel><title>'),
        0xcd, 0xf8, 0xd0, 0xc5, // 网信 in GBK
        ...Buffer.from('</title></channel></rss>'),
      ]));
      case '/slow': // headers at once, then a byte every 200 ms: never finishes within the deadline
        res.writeHead(200, { 'content-type': 'application/xml' });
        res.write('<rss>');
        { const t = setInterval(() => res.write(' '), 200); res.on('close', () => clearInterval(t)); }
        return;
      case '/hang': return; // never answers
      case '/redirect1': res.writeHead(301, { location: '/redirect2' }); return res.end();
      case '/redirect2': res.writeHead(302, { location: `${base}/rss` }); return res.end();
      case '/loop': res.writeHead(302, { location: '/loop' }); return res.end();
      case '/to-file': res.writeHead(302, { location: 'file:///etc/passwd' }); return res.end();
      case '/huge-declared': res.writeHead(200, { 'content-type': 'application/xml', 'content-length': String(50 * 1024 * 1024) }); return res.end();
      case '/huge-chunked': { // no content-length, keeps streaming
        res.writeHead(200, { 'content-type': 'application/xml' });
        const chunk = Buffer.alloc(64 * 1024, 0x20);
        let sent = 0;
        const pump = () => { while (sent < 20 * 1024 * 1024 && res.write(chunk)) sent += chunk.length; if (sent < 20 * 1024 * 1024) res.once('drain', pump); else res.end(); };
        res.on('close', () => { sent = Infinity; });
        return pump();
      }
      case '/html': return send('text/html', '<!doctype html><html><body>维护中</body></html>');
      case '/text': return send('text/plain', '服务暂停');
      case '/malformed': return send('application/xml', '<rss><channel><title>未闭合</channel></rss>');
      case '/xxe': return send('application/xml', XXE);
      case '/laughs': return send('application/xml', LAUGHS);
      case '/json': return send('application/json', '{"items":[]}');
      case '/other-xml': return send('application/xml', '<catalog><book id="1"/></catalog>');
      case '/xhtml': return send('application/xml', '<?xml version="1.0"?><html><body/></html>');
      case '/500': res.writeHead(500); return res.end('oops');
      default: res.writeHead(404); return res.end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => { server.closeAllConnections(); server.close(); });

async function failure(url: string, opts = {}): Promise<FeedError> {
  try {
    const r = await fetchFeed(url, { timeoutMs: 1500, maxBytes: 1024 * 1024, allowPrivateHosts: true, ...opts });
    if (r.status === 'ok') parseFeed(r.body);
  } catch (err) {
    return err as FeedError;
  }
  throw new Error(`${url} did not fail`);
}

describe('fetching and parsing feeds', () => {
  it('reads RSS 2.0 with CDATA, escaped HTML and character references', async () => {
    const r = await fetchFeed(`${base}/rss`, { allowPrivateHosts: true });
    expect(r.status).toBe('ok');
    if (r.status !== 'ok') return;
    expect(r.etag).toBe('"v1"');
    const feed = parseFeed(r.body);
    expect(feed.title).toBe('示例县融媒体');
    expect(feed.items).toHaveLength(2);
    expect(feed.items[0]).toMatchObject({ key: 'a-1', title: '城关镇开展网络安全宣传周活动', link: 'https://example.cn/a/1', summary: '活动现场 & 群众 互动', publishedAt: '2026-11-16T00:00:00.000Z' });
    expect(feed.items[1]).toMatchObject({ key: 'https://example.cn/a/2', title: '关于 R&D 经费的说明', summary: '第二条 中文' });
  });

  it('reads Atom (alternate link, id as key) and RSS 1.0', async () => {
    const atom = parseFeed(((await fetchFeed(`${base}/atom`, { allowPrivateHosts: true })) as { body: string }).body);
    expect(atom.items[0]).toMatchObject({ key: 'tag:example.cn,2026:1', title: '关于道路积水的回复', link: 'https://example.cn/reply/1', summary: '已安排排水。' });
    const rdf = parseFeed(((await fetchFeed(`${base}/rdf`, { allowPrivateHosts: true })) as { body: string }).body);
    expect(rdf.items[0]).toMatchObject({ key: 'https://example.cn/r/1', title: '一条', publishedAt: '2026-11-01T00:00:00.000Z' });
  });

  it('decodes a GBK feed', async () => {
    const r = await fetchFeed(`${base}/gbk`, { allowPrivateHosts: true });
    expect(parseFeed((r as { body: string }).body).title).toBe('网信');
  });

  it('asks conditionally and reports an unchanged feed', async () => {
    expect((await fetchFeed(`${base}/etag`, { etag: '"v1"', allowPrivateHosts: true })).status).toBe('not_modified');
    expect((await fetchFeed(`${base}/etag`, { etag: '"old"', allowPrivateHosts: true })).status).toBe('ok');
  });

  it('follows a few redirects but not a loop or a non-http target', async () => {
    const r = await fetchFeed(`${base}/redirect1`, { allowPrivateHosts: true });
    expect(r.status === 'ok' && r.finalUrl).toBe(`${base}/rss`);
    expect(await failure(`${base}/loop`)).toMatchObject({ reason: 'redirect', message: expect.stringContaining('跳转超过') });
    expect(await failure(`${base}/to-file`)).toMatchObject({ reason: 'redirect' });
  });

  it('gives up on slow and silent servers within the deadline', async () => {
    const t0 = Date.now();
    expect(await failure(`${base}/slow`)).toMatchObject({ reason: 'timeout' });
    expect(await failure(`${base}/hang`)).toMatchObject({ reason: 'timeout' });
    expect(Date.now() - t0).toBeLessThan(8000);
  });

  it('reports a server that is down or answers with an error', async () => {
    const down = http.createServer();
    await new Promise<void>((r) => down.listen(0, '127.0.0.1', r));
    const port = (down.address() as AddressInfo).port;
    await new Promise((r) => down.close(r));
    expect(await failure(`http://127.0.0.1:${port}/feed`)).toMatchObject({ reason: 'network' });
    expect(await failure(`${base}/500`)).toMatchObject({ reason: 'http', message: '订阅源返回错误状态 500' });
    expect(await failure('ftp://example.cn/feed')).toMatchObject({ reason: 'bad_url' });
  });

  it('refuses loopback, private and link-local addresses unless intranet feeds are allowed', async () => {
    for (const u of [`${base}/rss`, 'http://localhost:1/feed', 'http://169.254.169.254/latest/meta-data', 'http://[::1]:1/', 'http://10.1.2.3/rss', 'http://[::ffff:192.168.1.1]/']) {
      await expect(fetchFeed(u), u).rejects.toMatchObject({ reason: 'bad_url', message: expect.stringContaining('内网或本机') });
    }
  });

  it('stops reading a huge body whether or not its length is declared', async () => {
    expect(await failure(`${base}/huge-declared`)).toMatchObject({ reason: 'too_large' });
    expect(await failure(`${base}/huge-chunked`, { timeoutMs: 10_000 })).toMatchObject({ reason: 'too_large' });
  });

  it('refuses what is not a feed, malformed XML and hostile XML', async () => {
    // An HTML page is said to be one, whether or not it happens to be well-formed XML.
    expect(await failure(`${base}/html`)).toMatchObject({ reason: 'not_xml', message: expect.stringContaining('可能是网页') });
    expect(await failure(`${base}/xhtml`)).toMatchObject({ reason: 'not_xml', message: expect.stringContaining('可能是网页') });
    expect(await failure(`${base}/text`)).toMatchObject({ reason: 'not_xml' });
    expect(await failure(`${base}/json`)).toMatchObject({ reason: 'not_xml' });
    expect(await failure(`${base}/other-xml`)).toMatchObject({ reason: 'not_xml', message: expect.stringContaining('不是 RSS 或 Atom') });
    expect(await failure(`${base}/malformed`)).toMatchObject({ reason: 'bad_xml', message: expect.stringContaining('第 1 行') });
    const xxe = await failure(`${base}/xxe`);
    expect(xxe).toMatchObject({ reason: 'hostile_xml' });
    expect(JSON.stringify(xxe)).not.toContain('root:');
    expect(await failure(`${base}/laughs`)).toMatchObject({ reason: 'hostile_xml' });
  });

  it('says in Chinese that a feed was cut off, never the parser\'s English', () => {
    const cut = RSS.slice(0, RSS.indexOf('</title>', 200) - 3);
    let err: FeedError | null = null;
    try {
      parseFeed(cut);
    } catch (e) {
      err = e as FeedError;
    }
    expect(err).toMatchObject({ reason: 'bad_xml', message: expect.stringContaining('不完整') });
    expect(err!.message).not.toMatch(/[A-Za-z]{3,}/);
  });

  it('reads a date without zone as Beijing time and resolves relative links against the feed, keeping http(s) only', () => {
    const atom = `<feed xmlns="http://www.w3.org/2005/Atom"><title>信箱</title>
<entry><id>1</id><title>相对链接</title><link href="/reply/2"/><updated>2026-11-20T10:00:00</updated></entry>
<entry><id>2</id><title>脚本链接</title><link href="javascript:alert(1)"/><published>2026-11-20 10:00</published></entry>
<entry><id>3</id><title>数据链接</title><link href="data:text/html,&lt;b&gt;x"/><updated>2026-11-20</updated></entry></feed>`;
    const feed = parseFeed(atom, 'https://example.cn/feeds/atom.xml');
    expect(feed.items.map((i) => [i.link, i.publishedAt])).toEqual([
      ['https://example.cn/reply/2', '2026-11-20T02:00:00.000Z'],
      [null, '2026-11-20T02:00:00.000Z'],
      [null, '2026-11-19T16:00:00.000Z'],
    ]);
    const rss = `<rss><channel><title>t</title><item><title>a</title><link>news/3.html</link><pubDate>Mon, 16 Nov 2026 08:00:00</pubDate></item>
<item><title>b</title><link>https://example.cn/b</link><pubDate>Mon, 16 Nov 2026 08:00:00 GMT</pubDate></item></channel></rss>`;
    expect(parseFeed(rss, 'https://example.cn/rss/').items.map((i) => [i.link, i.publishedAt])).toEqual([
      ['https://example.cn/rss/news/3.html', '2026-11-16T00:00:00.000Z'],
      ['https://example.cn/b', '2026-11-16T08:00:00.000Z'],
    ]);
  });

  it('strips markup from summaries', () => {
    expect(plainText('&lt;p&gt;一&lt;/p&gt;<script>alert(1)</script>二')).toBe('一 二');
  });
});

describe('keyword rules', () => {
  const rule = compileRule({ any: ['网信', '網絡安全'], all: ['示例县'], none: ['广告'] });
  it('needs one of any, all of all and none of none, on normalised text', () => {
    expect(rule('示例县網信办召开会议')).toEqual({ matched: true, hits: ['网信', '示例县'] });
    expect(rule('示例县网络安全宣传周')).toMatchObject({ matched: true, hits: ['網絡安全', '示例县'] });
    expect(rule('网信办召开会议').matched).toBe(false); // 示例县 missing
    expect(rule('示例县网信 广告').matched).toBe(false);
    expect(rule('示例县天气').matched).toBe(false);
    expect(compileRule({ any: [], all: ['ＡＢＣ'], none: [] })('abc 新闻').matched).toBe(true);
  });
});
