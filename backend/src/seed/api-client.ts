import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type Koa from 'koa';

/** Who sends a request: a bearer token and the client IP the app sees (through the trusted-proxy header). */
export interface Caller {
  token: string;
  ip: string;
}

export interface CallOptions {
  body?: unknown;
  /** raw bytes sent as they are (an image upload), with this Content-Type */
  bytes?: { data: Buffer; contentType: string };
  headers?: Record<string, string>;
}

export class ApiError extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly code: string | undefined,
    message: string,
  ) {
    super(`${method} ${path} → ${status} ${code ?? ''} ${message}`.trim());
  }
}

/**
 * The mall's own HTTP API, in process: the app listens on an ephemeral loopback port for as long as the seed
 * runs and requests go through global fetch, so every write passes the router (auth, roles, rate limits,
 * zod) exactly as a browser's would.
 */
export class ApiClient {
  private constructor(
    private readonly server: http.Server,
    private readonly base: string,
  ) {}

  static async start(app: Koa): Promise<ApiClient> {
    const server = http.createServer(app.callback());
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    return new ApiClient(server, `http://127.0.0.1:${port}`);
  }

  /** Sends one request and answers `data` of the envelope; any status other than 2xx throws `ApiError`. */
  async call<T>(
    caller: Caller | { ip: string },
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    path: string,
    opts: CallOptions = {},
  ): Promise<T> {
    const headers: Record<string, string> = { 'X-Forwarded-For': caller.ip, ...opts.headers };
    if ('token' in caller) headers.Authorization = `Bearer ${caller.token}`;
    let body: RequestInit['body'];
    if (opts.bytes) {
      headers['Content-Type'] = opts.bytes.contentType;
      body = new Uint8Array(opts.bytes.data);
    } else if (opts.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(opts.body);
    }
    const res = await fetch(`${this.base}${path}`, { method, headers, body });
    const text = await res.text();
    const json = text ? (JSON.parse(text) as { data?: T; error?: { code: string; message: string } }) : {};
    if (!res.ok) {
      throw new ApiError(
        method,
        path,
        res.status,
        json.error?.code,
        json.error?.message ?? text.slice(0, 200),
      );
    }
    return json.data as T;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeIdleConnections();
    });
  }
}
