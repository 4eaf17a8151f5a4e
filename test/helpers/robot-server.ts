/**
 * A local stand-in for the three group-robot platforms, on 127.0.0.1 (nothing reaches the
 * internet). It checks what each platform checks, the way its documentation describes it,
 * and answers with HTTP 200 and the platform's own error codes, as the real services do:
 *
 * - 钉钉 POST /robot/send?access_token=T[&timestamp=&sign=]: `sign` must equal
 *   base64(HmacSHA256(secret, timestamp + "\n" + secret)) (URL-encoded in the query) and the
 *   timestamp be within an hour → else 310000 "sign not match"; a keyword group needs the
 *   keyword in the text → 310000 "keywords not in content"; over 20 a minute → 130101; text over
 *   20,000 bytes → 460101.
 * - 企业微信 POST /cgi-bin/webhook/send?key=K: unknown key → 93000; over 20 a minute → 45009;
 *   content over 2,048 bytes → 40058.
 * - 飞书 POST /open-apis/bot/v2/hook/T: body `timestamp` and `sign` = base64(HmacSHA256(key =
 *   timestamp + "\n" + secret, msg = "")) → else 19021; keyword → 19024; over 100 a minute or 5 a
 *   second → 11232; body over 20 KB → 9499.
 */
import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface MockRobot {
  provider: 'dingtalk' | 'wecom' | 'feishu';
  secret?: string;
  keyword?: string;
  /** Answer every request with this code (a platform outage or refusal). */
  force?: { code: number; msg: string } | null;
}

export interface Received {
  provider: string;
  token: string;
  text: string;
  ok: boolean;
  code: number;
  at: number;
}

export class RobotServer {
  private robots = new Map<string, MockRobot>();
  readonly received: Received[] = [];
  private server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const answer = (body: object) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      try {
        if (url.pathname === '/robot/send') return answer(this.dingtalk(url, raw));
        if (url.pathname === '/cgi-bin/webhook/send') return answer(this.wecom(url, raw));
        const m = url.pathname.match(/^\/open-apis\/bot\/v2\/hook\/([^/]+)$/);
        if (m) return answer(this.feishu(m[1], raw));
        res.writeHead(404);
        res.end();
      } catch {
        answer({ errcode: 400, errmsg: 'bad request' });
      }
    });
  });
  base = '';

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.server.unref();
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** Registers a robot; returns its webhook address. */
  add(token: string, robot: MockRobot): string {
    this.robots.set(token, robot);
    if (robot.provider === 'dingtalk') return `${this.base}/robot/send?access_token=${token}`;
    if (robot.provider === 'wecom') return `${this.base}/cgi-bin/webhook/send?key=${token}`;
    return `${this.base}/open-apis/bot/v2/hook/${token}`;
  }

  set(token: string, patch: Partial<MockRobot>) {
    this.robots.set(token, { ...this.robots.get(token)!, ...patch });
  }

  of(token: string) {
    return this.received.filter((r) => r.token === token);
  }

  private record(provider: string, token: string, text: string, code: number) {
    this.received.push({ provider, token, text, ok: code === 0, code, at: Date.now() });
  }

  private recentOk(token: string, ms: number) {
    const since = Date.now() - ms;
    return this.received.filter((r) => r.token === token && r.ok && r.at > since).length;
  }

  private dingtalk(url: URL, raw: Buffer) {
    const token = url.searchParams.get('access_token') ?? '';
    const robot = this.robots.get(token);
    const body = JSON.parse(raw.toString('utf8'));
    const text: string = body?.text?.content ?? '';
    const done = (errcode: number, errmsg: string) => {
      this.record('dingtalk', token, text, errcode);
      return { errcode, errmsg };
    };
    if (!robot || robot.provider !== 'dingtalk') return done(300001, 'token is not exist');
    if (robot.force) return done(robot.force.code, robot.force.msg);
    if (robot.secret) {
      const ts = Number(url.searchParams.get('timestamp'));
      const sign = url.searchParams.get('sign') ?? '';
      const expected = createHmac('sha256', robot.secret).update(`${ts}\n${robot.secret}`).digest('base64');
      if (!ts || Math.abs(Date.now() - ts) > 3600_000 || sign !== expected) return done(310000, 'sign not match, more: [https://ding-doc.dingtalk.com/doc#/serverapi2/qf2nxq]');
    }
    if (robot.keyword && !text.includes(robot.keyword)) return done(310000, 'keywords not in content, more: [https://ding-doc.dingtalk.com/doc#/serverapi2/qf2nxq]');
    if (Buffer.byteLength(text, 'utf8') > 20000) return done(460101, 'message too long, exceed 20000 bytes');
    if (this.recentOk(token, 60_000) >= 20) return done(130101, 'send too fast, exceed 20 times per minute');
    return done(0, 'ok');
  }

  private wecom(url: URL, raw: Buffer) {
    const token = url.searchParams.get('key') ?? '';
    const robot = this.robots.get(token);
    const body = JSON.parse(raw.toString('utf8'));
    const text: string = body?.text?.content ?? '';
    const done = (errcode: number, errmsg: string) => {
      this.record('wecom', token, text, errcode);
      return { errcode, errmsg };
    };
    if (!robot || robot.provider !== 'wecom') return done(93000, 'invalid webhook url, hint: [1700000000_1_abc], from ip: 127.0.0.1');
    if (robot.force) return done(robot.force.code, robot.force.msg);
    if (Buffer.byteLength(text, 'utf8') > 2048) return done(40058, 'content exceed max length 2048');
    if (this.recentOk(token, 60_000) >= 20) return done(45009, 'api freq out of limit');
    return done(0, 'ok');
  }

  private feishu(token: string, raw: Buffer) {
    const robot = this.robots.get(token);
    const text = (() => {
      try {
        return JSON.parse(raw.toString('utf8'))?.content?.text ?? '';
      } catch {
        return '';
      }
    })();
    const done = (code: number, msg: string) => {
      this.record('feishu', token, text, code);
      return { code, msg, data: {} };
    };
    if (raw.length > 20 * 1024) return done(9499, 'Bad Request');
    const body = JSON.parse(raw.toString('utf8'));
    if (!robot || robot.provider !== 'feishu') return done(19001, 'param invalid: incoming webhook access token invalid');
    if (robot.force) return done(robot.force.code, robot.force.msg);
    if (robot.secret) {
      const ts = Number(body.timestamp);
      const expected = createHmac('sha256', `${ts}\n${robot.secret}`).update('').digest('base64');
      if (!ts || Math.abs(Date.now() / 1000 - ts) > 3600 || body.sign !== expected) return done(19021, 'sign match fail or timestamp is not within one hour from current time');
    }
    if (robot.keyword && !text.includes(robot.keyword)) return done(19024, 'Key Words Not Found');
    if (this.recentOk(token, 60_000) >= 100 || this.recentOk(token, 1000) >= 5) return done(11232, 'frequency limited psm[lark.oapi.app_platform_runtime]appID[1]');
    return done(0, 'success');
  }

  close() {
    this.server.closeAllConnections();
    this.server.close();
  }
}
