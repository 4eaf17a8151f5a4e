/**
 * How each platform wants a text message: signing exactly as its documentation says, the size
 * limit of the text, the rate limit, and success read from the returned code (the platforms
 * answer HTTP 200 with an error code when they refuse a message).
 *
 * - 钉钉 (DingTalk) custom robot: 加签 `sign = urlEncode(base64(HmacSHA256(key = secret,
 *   msg = timestamp + "\n" + secret)))`, timestamp in milliseconds, both as query parameters;
 *   20 messages a minute per robot (errcode 130101 when exceeded); text up to 20,000 bytes.
 * - 飞书 (Feishu) custom bot: `sign = base64(HmacSHA256(key = timestamp + "\n" + secret,
 *   msg = ""))`, timestamp in seconds, both in the JSON body; 100 a minute and 5 a second
 *   (code 11232); request body up to 20 KB.
 * - 企业微信 (WeCom) group robot: the key is part of the webhook URL, no signature; 20 a minute
 *   (errcode 45009); text content up to 2,048 bytes.
 */
import { createHmac } from 'node:crypto';
import type { RobotProvider } from '../../../common/robots';

export interface ProviderSpec {
  perMinute: number;
  perSecond: number | null;
  /** Bytes of UTF-8 text a message may carry. */
  maxBytes: number;
  /** Codes that mean "too many messages": retried after the backoff like any failure, never counted as delivered. */
  rateLimitedCodes: number[];
}

export const PROVIDERS: Record<RobotProvider, ProviderSpec> = {
  dingtalk: { perMinute: 20, perSecond: null, maxBytes: 20000, rateLimitedCodes: [130101] },
  wecom: { perMinute: 20, perSecond: null, maxBytes: 2048, rateLimitedCodes: [45009] },
  feishu: { perMinute: 100, perSecond: 5, maxBytes: 18000, rateLimitedCodes: [11232] },
};

export function dingtalkSign(secret: string, timestampMs: number): string {
  return createHmac('sha256', secret).update(`${timestampMs}\n${secret}`, 'utf8').digest('base64');
}

export function feishuSign(secret: string, timestampSec: number): string {
  return createHmac('sha256', `${timestampSec}\n${secret}`).update('', 'utf8').digest('base64');
}

/** The secret shapes the platforms issue: DingTalk `SEC` + 64 hex digits; Feishu 16–64 letters and digits; WeCom has none. */
export function secretProblem(provider: RobotProvider, secret: string | null): string | null {
  if (!secret) return null;
  if (provider === 'wecom') return '企业微信机器人没有签名密钥(密钥是 Webhook 地址中的 key)';
  if (provider === 'dingtalk' && !/^SEC[0-9a-f]{64}$/.test(secret)) return '钉钉的加签密钥应以 SEC 开头，后接 64 位十六进制字符';
  if (provider === 'feishu' && !/^[A-Za-z0-9]{16,64}$/.test(secret)) return '飞书的签名校验密钥应为 16 到 64 位字母或数字';
  return null;
}

/** The webhook's shape for the platform (query parameter or path the platform puts its credential in). */
export function webhookProblem(provider: RobotProvider, url: URL): string | null {
  if (provider === 'dingtalk' && !url.searchParams.get('access_token')) return '钉钉的 Webhook 地址应包含 access_token 参数';
  if (provider === 'wecom' && !url.searchParams.get('key')) return '企业微信的 Webhook 地址应包含 key 参数';
  if (provider === 'feishu' && !/\/open-apis\/bot\/v2\/hook\/[^/]+$/.test(url.pathname)) return '飞书的 Webhook 地址应形如 …/open-apis/bot/v2/hook/…';
  return null;
}

/** Cuts text to at most `maxBytes` of UTF-8 without splitting a character. */
export function cutBytes(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text, 'utf8') <= maxBytes) return text;
  let out = '';
  let bytes = 0;
  for (const ch of text) {
    const b = Buffer.byteLength(ch, 'utf8');
    if (bytes + b > maxBytes - 3) break;
    out += ch;
    bytes += b;
  }
  return `${out}…`;
}

export interface SendResult {
  httpStatus: number | null;
  errcode: number | null;
  errmsg: string | null;
  ok: boolean;
}

/** Sends one text message; never throws (a network failure is a failed delivery with its message). */
export async function sendText(provider: RobotProvider, webhook: string, secret: string | null, text: string, now = Date.now(), timeoutMs = 10_000): Promise<SendResult> {
  const url = new URL(webhook);
  let body: unknown;
  if (provider === 'dingtalk') {
    if (secret) {
      url.searchParams.set('timestamp', String(now));
      url.searchParams.set('sign', dingtalkSign(secret, now));
    }
    body = { msgtype: 'text', text: { content: text } };
  } else if (provider === 'wecom') {
    body = { msgtype: 'text', text: { content: text } };
  } else {
    const ts = Math.floor(now / 1000);
    body = { ...(secret ? { timestamp: String(ts), sign: feishuSign(secret, ts) } : {}), msg_type: 'text', content: { text } };
  }
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(body), redirect: 'manual', signal: controller.signal });
    const raw = await res.text();
    let parsed: Record<string, unknown> = {};
    try {
      parsed = JSON.parse(raw);
    } catch {
      return { httpStatus: res.status, errcode: null, errmsg: `返回内容不是 JSON：${raw.slice(0, 200)}`, ok: false };
    }
    // DingTalk and WeCom: errcode/errmsg; Feishu: code/msg (older: StatusCode/StatusMessage).
    const code = [parsed.errcode, parsed.code, parsed.StatusCode].find((v) => typeof v === 'number') as number | undefined;
    const msg = [parsed.errmsg, parsed.msg, parsed.StatusMessage].find((v) => typeof v === 'string') as string | undefined;
    return { httpStatus: res.status, errcode: code ?? null, errmsg: msg ?? null, ok: code === 0 };
  } catch (err) {
    return { httpStatus: null, errcode: null, errmsg: controller.signal.aborted ? `${timeoutMs / 1000} 秒内无响应` : `无法连接：${err instanceof Error ? err.message : String(err)}`.slice(0, 500), ok: false };
  } finally {
    clearTimeout(timer);
  }
}
