// In-process API of the local Entra tenant emulator: an HTTPS server on 127.0.0.1 serving the
// identity endpoints and a Microsoft Graph v1.0 subset for one scenario tenant.
//
//   const emu = await startEmulator({ scenario: 'sample' });
//   new ClientSecretCredential(emu.config.tenantId, emu.config.clientId, emu.config.clientSecret,
//     { authorityHost: emu.config.authorityHost, disableInstanceDiscovery: true });
//   ...
//   await emu.close();
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { join, resolve } from 'node:path';
import { ensureServerFiles } from './ca.js';
import { FaultRegistry, faultResponse, RequestLog, sleep, type FaultRuleJson, type LoggedRequest } from './faults.js';
import { GraphService } from './graph.js';
import { json, type EmuRequest, type EmuResponse } from './http.js';
import { IdentityService, type IssueTokenOptions } from './identity.js';
import { loadScenario } from './scenario.js';
import { KeyRing, loadSigningKey } from './tokens.js';
import type { TenantStore } from './types.js';

export type { Fault, FaultRule, LoggedRequest, RequestFilter } from './faults.js';
export type { IssueTokenOptions } from './identity.js';
export type { TenantStore } from './types.js';

/** What `npm run tenant` prints as its first line, and what `emulator.config` holds. */
export interface EmulatorConfig {
  /** e.g. `https://127.0.0.1:53123` (no trailing slash) */
  authorityHost: string;
  /** e.g. `https://127.0.0.1:53123/v1.0` */
  graphBaseUrl: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  caCertPath: string;
}

export interface StartOptions {
  /** `sample`, `large:N`, another file in scenarios/, or a path to a scenario JSON file. */
  scenario: string;
  /** 0 or absent: pick a free port. */
  port?: number;
  /** Delay added to every Graph request. */
  latencyMs?: number;
  /** Where the test CA lives (default: $ENTRA_EMULATOR_CA_DIR, else test-results/emulator-ca). */
  caDir?: string;
  /** Device code polls answered with authorization_pending before approval (default 0). */
  deviceCodePendingPolls?: number;
}

export interface Emulator {
  config: EmulatorConfig;
  /** Origin of the server, e.g. `https://127.0.0.1:53123`. */
  origin: string;
  faults: FaultRegistry;
  requests: RequestLog;
  tenant: TenantStore;
  /** Issues an access token directly (tests): app-only or delegated, v1/v2, any audience, expired, other key. */
  issueToken(opts?: IssueTokenOptions): Promise<string>;
  /** Key rollover: the published next key starts signing; a new next key is published. */
  rotateKeys(): void;
  /**
   * Outage: stops listening on the origin's port and drops open connections, so clients get
   * ECONNREFUSED (connection refused) until {@link endOutage}. The control API stays reachable
   * at the returned origin (another port) meanwhile.
   */
  startOutage(): Promise<{ controlOrigin: string }>;
  /** Listens on the origin's port again. */
  endOutage(): Promise<void>;
  close(): Promise<void>;
}

const repoRoot = resolve(__dirname, '../..');
export const defaultCaDir = () => process.env.ENTRA_EMULATOR_CA_DIR ?? join(repoRoot, 'test-results', 'emulator-ca');

export async function startEmulator(options: StartOptions): Promise<Emulator> {
  const files = ensureServerFiles(options.caDir ?? defaultCaDir());
  const keys = new KeyRing(files.signing.map((s) => loadSigningKey(s.keyPath, s.certPath)));
  const tenant = loadScenario(options.scenario);
  const faults = new FaultRegistry();
  const requests = new RequestLog();
  let origin = '';
  const getOrigin = () => origin;
  const identity = new IdentityService({
    origin: getOrigin,
    tenant,
    keys,
    deviceCodePendingPolls: options.deviceCodePendingPolls ?? 0,
  });
  const graph = new GraphService({
    origin: getOrigin,
    tenant,
    keys,
    takeFault: (m, p) => faults.take(m, p),
    log: (e) => requests.push(e),
  });

  /** Work to do once a control response has been written (e.g. closing the listener it came through). */
  let afterResponse: (() => void) | undefined;
  const control = async (req: EmuRequest): Promise<EmuResponse | undefined> => {
    const path = req.url.pathname;
    if (path === '/_emulator/outage' && req.method === 'POST') {
      if (outage) return json(409, { error: 'outage_on', controlOrigin: outage.origin });
      const ctl = await openControlServer();
      outage = ctl;
      afterResponse = () => void stopListening();
      return json(200, { controlOrigin: ctl.origin });
    }
    if (path === '/_emulator/outage' && req.method === 'DELETE') {
      const ctl = await reopen();
      // The answer may travel through the control server: close it once the answer is out.
      if (ctl) afterResponse = () => closeControl(ctl);
      return { status: 204, headers: {} };
    }
    if (path === '/_emulator/faults' && req.method === 'POST') {
      let body: FaultRuleJson | FaultRuleJson[];
      try {
        body = JSON.parse(req.body.toString('utf8')) as FaultRuleJson | FaultRuleJson[];
      } catch {
        return json(400, {
          error: 'invalid_fault',
          error_description: 'The body must be a fault rule or an array of rules (JSON).',
        });
      }
      for (const rule of Array.isArray(body) ? body : [body]) {
        if (!rule || typeof rule !== 'object' || !rule.fault || rule.path === undefined)
          return json(400, { error: 'invalid_fault', error_description: 'Each rule needs "path" and "fault".' });
        faults.add(rule);
      }
      return json(201, { faults: faults.size });
    }
    if (path === '/_emulator/faults' && req.method === 'DELETE') {
      faults.clear();
      return { status: 204, headers: {} };
    }
    if (path === '/_emulator/requests' && req.method === 'GET') return json(200, { value: requests.list() });
    if (path === '/_emulator/requests' && req.method === 'DELETE') {
      requests.clear();
      return { status: 204, headers: {} };
    }
    if (path === '/_emulator/rotate-keys' && req.method === 'POST') {
      keys.rotate();
      return json(200, { kid: keys.current.kid, next: keys.next.kid });
    }
    if (path === '/_emulator/config' && req.method === 'GET') return json(200, config);
    return undefined;
  };

  const route = async (
    req: EmuRequest,
  ): Promise<{ res: EmuResponse; kind: LoggedRequest['kind']; fault?: LoggedRequest['fault'] }> => {
    const isGraph = req.url.pathname === '/v1.0' || req.url.pathname.startsWith('/v1.0/');
    const kind: LoggedRequest['kind'] = isGraph
      ? req.url.pathname === '/v1.0/$batch'
        ? 'batch'
        : 'graph'
      : 'identity';
    const fault = faults.take(req.method, req.url.pathname + req.url.search);
    if (isGraph && options.latencyMs) await sleep(options.latencyMs);
    if (fault?.kind === 'latency') await sleep(fault.ms);
    const faulted = fault ? faultResponse(fault, req) : undefined;
    if (faulted) return { res: faulted, kind, fault: fault?.kind };
    if (isGraph) return { res: await graph.handle(req), kind, ...(fault ? { fault: fault.kind } : {}) };
    const res = await identity.handle(req);
    if (res)
      return {
        res: { ...res, headers: { ...res.headers, 'x-ms-request-id': req.requestId } },
        kind,
        ...(fault ? { fault: fault.kind } : {}),
      };
    return {
      res: json(404, { error: 'not_found', error_description: `The emulator does not serve ${req.url.pathname}.` }),
      kind: 'other',
    };
  };

  const sockets = new Set<Socket>();
  const tls = { key: readFileSync(files.serverKeyPath), cert: readFileSync(files.serverCertPath) };
  const handle = (incoming: IncomingMessage, outgoing: ServerResponse): void => {
    const chunks: Buffer[] = [];
    incoming.on('data', (c: Buffer) => chunks.push(c));
    incoming.on('end', () => {
      const started = Date.now();
      const url = new URL(incoming.url ?? '/', origin);
      const headers: Record<string, string | undefined> = {};
      for (const [k, v] of Object.entries(incoming.headers)) headers[k] = Array.isArray(v) ? v.join(', ') : v;
      const requestId = randomUUID();
      const req: EmuRequest = {
        method: (incoming.method ?? 'GET').toUpperCase(),
        url,
        headers,
        body: Buffer.concat(chunks),
        requestId,
        clientRequestId: headers['client-request-id'] ?? requestId,
      };
      const isControl = url.pathname.startsWith('/_emulator/');
      const work = isControl
        ? (async () => ({
            res: (await control(req)) ?? json(404, { error: 'unknown control endpoint' }),
            kind: 'other' as const,
            fault: undefined,
          }))()
        : route(req);
      work
        .catch((err: unknown) => ({
          res: json(500, {
            error: 'emulator_error',
            error_description: err instanceof Error ? err.message : String(err),
          }),
          kind: 'other' as const,
          fault: undefined,
        }))
        .then(({ res, kind, fault }) => {
          if (!isControl) {
            requests.push({
              method: req.method,
              path: url.pathname + url.search,
              status: res.reset ? 0 : res.status,
              time: new Date(started).toISOString(),
              durationMs: Date.now() - started,
              kind,
              ...(fault ? { fault } : {}),
            });
          }
          if (res.reset) {
            incoming.socket.destroy();
            return;
          }
          outgoing.writeHead(res.status, {
            'request-id': requestId,
            'client-request-id': req.clientRequestId,
            ...res.headers,
          });
          const then = isControl ? afterResponse : undefined;
          if (then) afterResponse = undefined;
          outgoing.end(res.body, then);
        })
        .catch(() => incoming.socket.destroy());
    });
  };
  const server: Server = createServer(tls, handle);
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  const listen = (port: number) =>
    new Promise<void>((resolveListen, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolveListen();
      });
    });
  await listen(options.port ?? 0);
  const port = (server.address() as AddressInfo).port;

  // Outage (connection refused): the main listener closes; a second server on another port keeps
  // the control API reachable until the outage ends.
  let outage: { origin: string; server: Server } | undefined;
  let stopped: Promise<void> | undefined;
  const stopListening = (): Promise<void> => {
    // New connections are refused at once; open ones close as soon as they are idle (the one
    // that asked for the outage right after its answer).
    stopped = new Promise<void>((resolveClose) => server.close(() => resolveClose()));
    server.closeIdleConnections();
    return stopped;
  };
  const openControlServer = async (): Promise<{ origin: string; server: Server }> => {
    const ctl = createServer(tls, (incoming, outgoing) => {
      if (!(incoming.url ?? '').startsWith('/_emulator/')) {
        incoming.resume();
        outgoing.writeHead(404, { 'content-type': 'application/json; charset=utf-8' }).end(
          JSON.stringify({
            error: 'control_only',
            error_description: 'During an outage this port serves the control API only.',
          }),
        );
        return;
      }
      handle(incoming, outgoing);
    });
    await new Promise<void>((resolveListen) => ctl.listen(0, '127.0.0.1', () => resolveListen()));
    return { origin: `https://127.0.0.1:${(ctl.address() as AddressInfo).port}`, server: ctl };
  };
  const closeControl = (ctl: { server: Server }): void => {
    ctl.server.close();
    ctl.server.closeAllConnections();
  };
  /** Listens on the main port again; returns the control server to close. */
  const reopen = async (): Promise<{ server: Server } | undefined> => {
    const current = outage;
    if (!current) return undefined;
    outage = undefined;
    await stopped;
    stopped = undefined;
    await listen(port);
    return current;
  };
  const endOutage = async (): Promise<void> => {
    const ctl = await reopen();
    if (ctl) closeControl(ctl);
  };
  origin = `https://127.0.0.1:${port}`;
  const config: EmulatorConfig = {
    authorityHost: origin,
    graphBaseUrl: `${origin}/v1.0`,
    tenantId: tenant.tenantId,
    clientId: tenant.testClient.appId,
    clientSecret: tenant.testClient.secret,
    caCertPath: files.caCertPath,
  };
  return {
    config,
    origin,
    faults,
    requests,
    tenant,
    issueToken: (opts = {}) => identity.issue(opts),
    rotateKeys: () => keys.rotate(),
    startOutage: async () => {
      if (!outage) {
        outage = await openControlServer();
        await stopListening();
      }
      return { controlOrigin: outage.origin };
    },
    endOutage,
    close: async () => {
      if (outage) {
        closeControl(outage);
        outage = undefined;
      }
      if (stopped) {
        await stopped;
        return;
      }
      await new Promise<void>((resolveClose) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolveClose());
      });
    },
  };
}
