/**
 * HTTPS fixture server for end-to-end tests.
 *
 * One server on 127.0.0.1:<ephemeral port> impersonates every AI tool host.
 * The browser is pointed at it with:
 *   - Chromium: `--host-resolver-rules=<hostResolverRules(port)>` (see below), plus
 *     `--ignore-certificate-errors` (the cert is self-signed).
 *   - Firefox: an HTTP CONNECT proxy from `startConnectProxy(port)` configured via
 *     prefs network.proxy.type=1, network.proxy.ssl=127.0.0.1,
 *     network.proxy.ssl_port=<proxy port> (and network.proxy.no_proxies_on="" /
 *     network.proxy.allow_hijacking_localhost=true if needed), with cert errors
 *     accepted (`acceptInsecureCerts` / ignoreHTTPSErrors).
 *
 * Requests are routed by the Host header (port stripped) to that host's fixture page,
 * for ANY path (SPA fallback). `/__fixture/engine.js` serves the shared engine.
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as selfsigned from 'selfsigned';

const here = path.dirname(fileURLToPath(import.meta.url));
export const SITES_DIR = path.resolve(here, '../fixtures/sites');

/** host → fixture file (without .html) */
export const HOST_FIXTURES: Readonly<Record<string, string>> = {
  'chatgpt.com': 'chatgpt',
  'chat.openai.com': 'chatgpt',
  'claude.ai': 'claude',
  'gemini.google.com': 'gemini',
  'copilot.microsoft.com': 'copilot',
  'www.perplexity.ai': 'perplexity',
  'perplexity.ai': 'perplexity',
  'chat.deepseek.com': 'deepseek',
  'chat.mistral.ai': 'mistral',
  'poe.com': 'poe',
  /** a "custom tool" host an admin could add by policy */
  'intranet-llm.example.com': 'custom',
  /** a non-AI site: the extension must record nothing here */
  'unrelated.example.org': 'unrelated',
};

export const FIXTURE_HOSTS: readonly string[] = Object.keys(HOST_FIXTURES);

export interface FixtureServer {
  port: number;
  /** URL for the browser to open: `https://<host><path>`, no port (see the implementation). */
  url(host: string, path?: string): string;
  hosts: string[];
  close(): Promise<void>;
  /** host → html; takes precedence over the built-in fixtures. Register before navigating. */
  extraFixtures: Map<string, string>;
}

function readFixture(name: string): string {
  // Read on every request so edits to fixtures apply without restarting.
  return readFileSync(path.join(SITES_DIR, `${name}.html`), 'utf8');
}

async function makeCertificate(hosts: readonly string[]): Promise<{ key: string; cert: string }> {
  // selfsigned v5: generate() is async (WebCrypto based).
  const pems = await selfsigned.generate([{ name: 'commonName', value: 'leadline-fixtures' }], {
    keySize: 2048,
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          ...hosts.map((h) => ({ type: 2 as const, value: h })),
          { type: 2 as const, value: 'localhost' },
          { type: 7 as const, ip: '127.0.0.1' },
        ],
      },
    ],
  });
  return { key: pems.private, cert: pems.cert };
}

export async function startFixtureServer(): Promise<FixtureServer> {
  const hosts = [...FIXTURE_HOSTS];
  const { key, cert } = await makeCertificate(hosts);
  const extraFixtures = new Map<string, string>();

  const server = https.createServer({ key, cert }, (req, res) => {
    const hostHeader = (req.headers.host ?? '').toLowerCase();
    const host = hostHeader.replace(/:\d+$/, '');
    const pathname = new URL(req.url ?? '/', 'https://fixture.invalid').pathname;
    const common = { 'cache-control': 'no-store', 'x-fixture-host': host };

    if (pathname === '/__fixture/engine.js') {
      res.writeHead(200, { ...common, 'content-type': 'text/javascript; charset=utf-8' });
      res.end(readFileSync(path.join(SITES_DIR, 'engine.js'), 'utf8'));
      return;
    }
    if (pathname === '/favicon.ico' || pathname.startsWith('/__fixture/')) {
      res.writeHead(404, { ...common, 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    let html = extraFixtures.get(host);
    if (html === undefined && HOST_FIXTURES[host]) html = readFixture(HOST_FIXTURES[host]);
    if (html === undefined) {
      res.writeHead(404, { ...common, 'content-type': 'text/plain' });
      res.end(`no fixture for host ${host}`);
      return;
    }
    res.writeHead(200, { ...common, 'content-type': 'text/html; charset=utf-8' });
    res.end(req.method === 'HEAD' ? undefined : html);
  });

  const sockets = new Set<net.Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  return {
    port,
    hosts,
    extraFixtures,
    /**
     * The URL a test should navigate to. With host-resolver-rules (Chromium) or the
     * CONNECT proxy (Firefox), the browser uses the real default port 443, so the URL
     * carries no port: `https://chatgpt.com/c/...` — exactly what the extension sees
     * on the real site.
     */
    url(host: string, p = '/') {
      return `https://${host}${p.startsWith('/') ? p : `/${p}`}`;
    },
    close() {
      return new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      });
    },
  };
}

/**
 * Value for Chromium's `--host-resolver-rules` flag.
 *
 * `MAP <host> 127.0.0.1:<port>` rewrites both the address AND the port of the
 * connection, so `https://chatgpt.com/` (implicit :443) lands on 127.0.0.1:<port>
 * while the page origin, Host header, SNI and `location` stay `https://chatgpt.com`.
 * Verified against real Chromium 156 (tests/e2e/fixtures.smoke.test.ts checks the
 * page's location.origin and that requests reached this server). A final
 * `MAP * ~NOTFOUND` makes any other host fail fast, so tests never hit the network;
 * `EXCLUDE localhost` keeps the DevTools/CDP plumbing untouched.
 */
export function hostResolverRules(port: number, hosts: readonly string[] = FIXTURE_HOSTS): string {
  return [
    ...hosts.map((h) => `MAP ${h} 127.0.0.1:${port}`),
    'MAP * ~NOTFOUND',
    'EXCLUDE localhost',
    'EXCLUDE 127.0.0.1',
  ].join(', ');
}

/**
 * A tiny HTTP CONNECT proxy for Firefox. Every CONNECT (whatever host:port it asks
 * for) is tunnelled to 127.0.0.1:<targetPort>, the fixture server; TLS stays
 * end-to-end between Firefox and the fixture server, so the Host header/SNI still
 * name the real host. Plain-HTTP proxy requests get 502.
 *
 * Firefox prefs: network.proxy.type=1, network.proxy.ssl="127.0.0.1",
 * network.proxy.ssl_port=<port>, network.proxy.http="127.0.0.1",
 * network.proxy.http_port=<port> (optional), network.proxy.no_proxies_on="",
 * network.proxy.allow_hijacking_localhost=true.
 * Verified with real Firefox (/usr/bin/firefox, driven by puppeteer-core over
 * WebDriver BiDi with acceptInsecureCerts: true): https://claude.ai/chat/abc loaded
 * the claude fixture with status 200 and location.href unchanged.
 */
export async function startConnectProxy(
  targetPort: number,
): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const track = (s: net.Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  };
  const server = http.createServer((_req, res) => {
    res.writeHead(502, { 'content-type': 'text/plain' });
    res.end('fixture proxy only supports CONNECT');
  });
  server.on('connection', track);
  server.on('connect', (_req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    const upstream = net.connect(targetPort, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head && head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    track(upstream);
    const destroy = () => {
      upstream.destroy();
      client.destroy();
    };
    upstream.on('error', destroy);
    client.on('error', destroy);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    close() {
      return new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      });
    },
  };
}
