import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { FeedError } from './fetch';

/**
 * RSS 2.0, RSS 1.0 (RDF) and Atom, read from untrusted text. The parser never expands
 * entities: a document that declares any (<!ENTITY …>, the way to external-entity reads and
 * "billion laughs" expansion) is refused outright, and the five predefined entities and
 * numeric references are decoded here, after parsing, where nothing can recurse.
 */

export interface FeedItem {
  /** guid / id, else the link, else title + date: what makes an item "the same" next time. */
  key: string;
  title: string;
  link: string | null;
  summary: string;
  publishedAt: string | null;
}

export interface ParsedFeed {
  title: string;
  items: FeedItem[];
}

export const MAX_ITEMS = 500;
const MAX_TEXT = 20_000;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  processEntities: false,
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  removeNSPrefix: true,
  cdataPropName: false,
  isArray: (name) => name === 'item' || name === 'entry' || name === 'link',
});

const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
    }
    return PREDEFINED[e.toLowerCase()] ?? m;
  });
}

/** Plain text of a feed field that may hold escaped HTML. */
export function plainText(html: string): string {
  const once = decodeEntities(html);
  return decodeEntities(once.replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ').replace(/<[^>]+>/g, ' '))
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, MAX_TEXT);
}

function text(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string' || typeof v === 'number') return String(v);
  if (Array.isArray(v)) return text(v[0]);
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if ('#text' in o) return text(o['#text']);
  }
  return '';
}

function atomLink(links: unknown): string | null {
  const list = (Array.isArray(links) ? links : [links]).filter(Boolean) as (Record<string, unknown> | string)[];
  const pick = list.find((l) => typeof l === 'object' && (!l['@rel'] || l['@rel'] === 'alternate')) ?? list[0];
  if (!pick) return null;
  return typeof pick === 'string' ? pick : text(pick['@href']) || text(pick) || null;
}

/** An offset or zone name at the end of a date: without one, the publisher meant Beijing time. */
const HAS_ZONE = /(z|[+-]\d{2}:?\d{2}|\b(gmt|ut|utc|[ecmp][sd]t)\b)\s*$/i;

/** A publish date as an instant; a date written without zone is read in Asia/Shanghai, not in the server's zone. */
export function isoDate(raw: string): string | null {
  const s = raw.trim();
  if (!s) return null;
  let t: number;
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) t = Date.parse(`${s}T00:00:00+08:00`);
  else if (/^\d{4}-\d{2}-\d{2}[t ]\d{1,2}:\d{2}/i.test(s) && !HAS_ZONE.test(s)) t = Date.parse(`${s.replace(' ', 'T')}+08:00`);
  else if (!HAS_ZONE.test(s) && /\d{1,2}:\d{2}/.test(s)) t = Date.parse(`${s} +0800`);
  else t = Date.parse(s);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

/**
 * A link as a reader may open it: relative ones resolved against the feed's address (else they
 * would point at netduty itself), and only http and https kept (javascript: and data: dropped).
 */
export function safeLink(raw: string, feedUrl?: string): string | null {
  const s = raw.trim();
  if (!s) return null;
  let u: URL;
  try {
    u = feedUrl ? new URL(s, feedUrl) : new URL(s);
  } catch {
    return null;
  }
  return u.protocol === 'http:' || u.protocol === 'https:' ? u.href.slice(0, 2000) : null;
}

/** The validator's English, said in Chinese: a feed cut off in transit is the usual case. */
function xmlProblem(xml: string, err: { line: number; msg: string }): string {
  const truncated = !/>\s*$/.test(xml) || /^Unclosed tag|is not closed|unclosed/i.test(err.msg);
  if (truncated) return `订阅内容不完整(在第 ${err.line} 行中断，可能在传输中被截断)，请稍后重试`;
  return `订阅内容不是格式正确的 XML(第 ${err.line} 行：标签、属性或字符不符合 XML 规则)`;
}

export function parseFeed(xml: string, feedUrl?: string): ParsedFeed {
  const start = xml.replace(/^\uFEFF/, '').trimStart();
  const notXml = '订阅内容不是 XML(可能是网页或其他格式)';
  // An HTML page (a portal's front page, a login or maintenance page) is not a feed, whether or not it parses as XML.
  if (!start.startsWith('<') || /^(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*<(!doctype\s+html|html[\s>/])/i.test(start)) throw new FeedError('not_xml', notXml);
  if (/<!ENTITY/i.test(xml)) throw new FeedError('hostile_xml', '订阅内容声明了 XML 实体，出于安全考虑已拒绝读取');
  const valid = XMLValidator.validate(xml, { allowBooleanAttributes: true });
  if (valid !== true) throw new FeedError('bad_xml', xmlProblem(xml, valid.err));
  let doc: Record<string, any>;
  try {
    doc = parser.parse(xml);
  } catch {
    throw new FeedError('bad_xml', '订阅内容无法解析，请确认地址是 RSS 或 Atom 订阅');
  }
  let title = '';
  let raw: { key: string; title: string; link: string | null; summary: string; date: string }[] = [];
  if (doc.rss?.channel) {
    const ch = Array.isArray(doc.rss.channel) ? doc.rss.channel[0] : doc.rss.channel;
    title = text(ch.title);
    raw = (ch.item ?? []).map((it: any) => {
      const link = text(it.link?.[0] ?? it.link) || null;
      return { key: text(it.guid), title: text(it.title), link, summary: text(it.description) || text(it.encoded), date: text(it.pubDate) || text(it.date) };
    });
  } else if (doc.feed) {
    title = text(doc.feed.title);
    raw = (doc.feed.entry ?? []).map((e: any) => ({
      key: text(e.id), title: text(e.title), link: atomLink(e.link), summary: text(e.summary) || text(e.content), date: text(e.published) || text(e.updated),
    }));
  } else if (doc.RDF) {
    title = text(doc.RDF.channel?.title);
    raw = (doc.RDF.item ?? []).map((it: any) => ({
      key: text(it['@about']), title: text(it.title), link: text(it.link?.[0] ?? it.link) || null, summary: text(it.description), date: text(it.date),
    }));
  } else {
    throw new FeedError('not_xml', '内容是 XML，但不是 RSS 或 Atom 订阅');
  }
  const items: FeedItem[] = raw.slice(0, MAX_ITEMS).map((r) => {
    const t = plainText(r.title).slice(0, 500);
    const link = r.link ? safeLink(decodeEntities(r.link), feedUrl) : null;
    const publishedAt = isoDate(decodeEntities(r.date));
    return {
      key: (decodeEntities(r.key).trim() || link || `${t}|${publishedAt ?? ''}`).slice(0, 500),
      title: t,
      link,
      summary: plainText(r.summary),
      publishedAt,
    };
  });
  return { title: plainText(title).slice(0, 200), items: items.filter((i) => i.title || i.summary) };
}
