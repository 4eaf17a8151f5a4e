import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/**
 * Fetching a public RSS/Atom feed without letting the feed hurt the server: a deadline on the
 * whole exchange (a slow server that trickles bytes is cut off), a ceiling on the body, a
 * bounded number of redirects to http(s) only, and conditional requests so an unchanged feed
 * costs one round trip. Every refusal is a FeedError whose message says why, in Chinese, for
 * the feed's page.
 */

export class FeedError extends Error {
  constructor(
    readonly reason: 'timeout' | 'too_large' | 'http' | 'network' | 'redirect' | 'not_xml' | 'bad_xml' | 'hostile_xml' | 'bad_url',
    message: string,
  ) {
    super(message);
  }
}

export interface FetchOptions {
  timeoutMs?: number;
  maxBytes?: number;
  maxRedirects?: number;
  etag?: string | null;
  lastModified?: string | null;
  /** Allow loopback, private and link-local addresses (intranet feeds; tests). Default: refuse. */
  allowPrivateHosts?: boolean;
}

export type FetchResult =
  | { status: 'ok'; body: string; etag: string | null; lastModified: string | null; finalUrl: string }
  | { status: 'not_modified'; finalUrl: string };

export const FEED_DEFAULTS = { timeoutMs: 15_000, maxBytes: 5 * 1024 * 1024, maxRedirects: 5 };

export function checkFeedUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new FeedError('bad_url', '订阅地址不是有效的网址');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new FeedError('bad_url', '订阅地址只能是 http 或 https 网址');
  if (url.username || url.password) throw new FeedError('bad_url', '订阅地址中不能包含用户名或密码');
  return url;
}

const PRIVATE = new BlockList();
for (const [net, bits] of [['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12], ['192.168.0.0', 16], ['224.0.0.0', 4], ['240.0.0.0', 4]] as const) {
  PRIVATE.addSubnet(net, bits, 'ipv4');
}
for (const [net, bits] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8]] as const) PRIVATE.addSubnet(net, bits, 'ipv6');

/** Loopback, private, link-local and reserved addresses (also read by the group robots' webhook check). */
export function isPrivate(address: string): boolean {
  const v4mapped = address.match(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i)?.[1];
  if (v4mapped) return PRIVATE.check(v4mapped, 'ipv4');
  return PRIVATE.check(address, isIP(address) === 6 ? 'ipv6' : 'ipv4');
}

/**
 * A feed must not be a way to make the server read its own network (cloud metadata, admin
 * pages on localhost): every address the host name resolves to must be public, unless the
 * deployment allows intranet feeds.
 */
async function checkHost(url: URL, allowPrivate: boolean): Promise<void> {
  if (allowPrivate) return;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  try {
    addresses = isIP(host) ? [host] : (await lookup(host, { all: true })).map((a) => a.address);
  } catch {
    throw new FeedError('network', `无法解析订阅源的域名 ${host}`);
  }
  if (addresses.some(isPrivate)) throw new FeedError('bad_url', '订阅地址指向内网或本机地址，系统设置不允许读取(可由运维开启 FEED_PRIVATE_HOSTS=allow)');
}

const mb = (n: number) => `${Math.round((n / 1024 / 1024) * 10) / 10} MB`;

export async function fetchFeed(rawUrl: string, opts: FetchOptions = {}): Promise<FetchResult> {
  const timeoutMs = opts.timeoutMs ?? FEED_DEFAULTS.timeoutMs;
  const maxBytes = opts.maxBytes ?? FEED_DEFAULTS.maxBytes;
  const maxRedirects = opts.maxRedirects ?? FEED_DEFAULTS.maxRedirects;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  let url = checkFeedUrl(rawUrl);
  try {
    for (let hop = 0; ; hop++) {
      const headers: Record<string, string> = {
        accept: 'application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.1',
        'user-agent': 'netduty-feed-reader/1.0',
      };
      if (opts.etag) headers['if-none-match'] = opts.etag;
      if (opts.lastModified) headers['if-modified-since'] = opts.lastModified;
      await checkHost(url, opts.allowPrivateHosts ?? false);
      let res: Response;
      try {
        res = await fetch(url, { headers, redirect: 'manual', signal: controller.signal });
      } catch (err) {
        if (controller.signal.aborted) throw new FeedError('timeout', `${Math.round(timeoutMs / 1000)} 秒内未能取回订阅内容(对方响应过慢)`);
        const code = (err as { cause?: { code?: string } }).cause?.code;
        throw new FeedError('network', `无法连接订阅源${code ? `(${code})` : ''}`);
      }
      if (res.status >= 300 && res.status < 400 && res.status !== 304) {
        await res.body?.cancel();
        const loc = res.headers.get('location');
        if (!loc) throw new FeedError('redirect', `订阅源返回跳转(${res.status})但没有给出新地址`);
        if (hop >= maxRedirects) throw new FeedError('redirect', `订阅源跳转超过 ${maxRedirects} 次，已停止`);
        try {
          url = checkFeedUrl(new URL(loc, url).toString());
        } catch (e) {
          throw new FeedError('redirect', `订阅源跳转到了不允许的地址：${(e as Error).message}`);
        }
        continue;
      }
      if (res.status === 304) {
        await res.body?.cancel();
        return { status: 'not_modified', finalUrl: url.toString() };
      }
      if (!res.ok) {
        await res.body?.cancel();
        throw new FeedError('http', `订阅源返回错误状态 ${res.status}`);
      }
      const declared = Number(res.headers.get('content-length') ?? NaN);
      if (Number.isFinite(declared) && declared > maxBytes) {
        await res.body?.cancel();
        throw new FeedError('too_large', `订阅内容超过 ${mb(maxBytes)} 的上限`);
      }
      const body = await readCapped(res, maxBytes, controller, timeoutMs);
      return { status: 'ok', body, etag: res.headers.get('etag'), lastModified: res.headers.get('last-modified'), finalUrl: url.toString() };
    }
  } finally {
    clearTimeout(timer);
  }
}

/** Reads the body chunk by chunk, stopping as soon as it passes the ceiling (content-length can lie). */
async function readCapped(res: Response, maxBytes: number, controller: AbortController, timeoutMs: number): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        await reader.cancel();
        throw new FeedError('too_large', `订阅内容超过 ${mb(maxBytes)} 的上限`);
      }
      chunks.push(value);
    }
  } catch (err) {
    if (err instanceof FeedError) throw err;
    if (controller.signal.aborted) throw new FeedError('timeout', `${Math.round(timeoutMs / 1000)} 秒内未能取回订阅内容(对方响应过慢)`);
    throw new FeedError('network', '读取订阅内容时连接中断');
  }
  return decode(Buffer.concat(chunks), res.headers.get('content-type'));
}

/** UTF-8 unless the header or the XML declaration names another encoding (GBK feeds exist). */
function decode(buf: Buffer, contentType: string | null): string {
  const head = buf.subarray(0, 200).toString('latin1');
  const declared = contentType?.match(/charset=["']?([\w-]+)/i)?.[1] ?? head.match(/<\?xml[^>]*encoding=["']([\w-]+)["']/i)?.[1] ?? 'utf-8';
  try {
    return new TextDecoder(declared.toLowerCase() === 'gb2312' ? 'gbk' : declared).decode(buf);
  } catch {
    return new TextDecoder('utf-8').decode(buf);
  }
}
