import type { FastifyInstance, LightMyRequestResponse } from 'fastify';

export interface Res<T = any> {
  status: number;
  body: T;
  headers: LightMyRequestResponse['headers'];
  raw: LightMyRequestResponse;
}

function wrap(r: LightMyRequestResponse): Res {
  let body: any = r.body;
  if ((r.headers['content-type'] ?? '').toString().includes('application/json') && r.body) body = JSON.parse(r.body);
  return { status: r.statusCode, body, headers: r.headers, raw: r };
}

/** A signed-in user for app.inject calls: carries the session cookie and the CSRF header. */
export class Agent {
  constructor(
    readonly app: FastifyInstance,
    public cookie: string,
    public csrf: string,
    readonly account: { id: string; username: string; unitId: string; role: string },
  ) {}

  private headers(extra: Record<string, string> = {}) {
    return { cookie: this.cookie, 'x-csrf-token': this.csrf, ...extra };
  }

  async get(url: string) {
    return wrap(await this.app.inject({ method: 'GET', url, headers: this.headers() }));
  }
  async post(url: string, payload?: unknown, headers: Record<string, string> = {}) {
    return wrap(await this.app.inject({ method: 'POST', url, payload: (payload ?? {}) as any, headers: this.headers(headers) }));
  }
  async put(url: string, payload?: unknown) {
    return wrap(await this.app.inject({ method: 'PUT', url, payload: (payload ?? {}) as any, headers: this.headers() }));
  }
  async request(method: string, url: string, payload?: unknown, headers: Record<string, string> = {}) {
    return wrap(await this.app.inject({ method: method as any, url, payload: payload as any, headers: this.headers(headers) }));
  }
  /** multipart/form-data upload: fields first, then the file part. */
  async upload(url: string, fields: Record<string, string>, file: { name: string; content: Buffer; type?: string }) {
    const boundary = `----netduty${Math.random().toString(16).slice(2)}`;
    const parts: Buffer[] = [];
    for (const [k, v] of Object.entries(fields)) {
      parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
    }
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name.replace(/"/g, "%22")}"\r\nContent-Type: ${file.type ?? 'application/octet-stream'}\r\n\r\n`,
      ),
    );
    parts.push(file.content, Buffer.from(`\r\n--${boundary}--\r\n`));
    return wrap(
      await this.app.inject({
        method: 'POST', url, payload: Buffer.concat(parts),
        headers: this.headers({ 'content-type': `multipart/form-data; boundary=${boundary}` }),
      }),
    );
  }
}

function cookiesOf(r: LightMyRequestResponse): string {
  return r.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
}

let ipSeq = 0;
/**
 * Each sign-in and anonymous call comes from its own address, so a test file's many logins do
 * not run into the per-address login rate limit (session.test.ts tests that limit on purpose).
 */
export function nextIp(): string {
  ipSeq++;
  return `10.${(ipSeq >> 16) & 255}.${(ipSeq >> 8) & 255}.${ipSeq & 255}`;
}

export async function login(app: FastifyInstance, username: string, password: string): Promise<Agent> {
  const r = await app.inject({ method: 'POST', url: '/api/session/login', payload: { username, password }, remoteAddress: nextIp() });
  if (r.statusCode !== 200) throw new Error(`login ${username} failed: ${r.statusCode} ${r.body}`);
  const body = r.json();
  return new Agent(app, cookiesOf(r), body.csrfToken, body.account);
}

export async function anonymous(app: FastifyInstance, method: string, url: string, payload?: unknown, remoteAddress = nextIp()) {
  return wrap(await app.inject({ method: method as any, url, payload: payload as any, remoteAddress }));
}
