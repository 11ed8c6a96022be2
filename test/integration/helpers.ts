// Shared setup of the in-host suite: the extension and its API, the tenant emulator (config from
// $ENTRA_TEST_EMULATOR, HTTPS with its test CA, tokens, fault control, request log), settings that
// are put back afterwards, sign-in, and event-driven waits on diagnostics. Each *.test.ts is
// bundled on its own, so this module is inlined into every test file that imports it.
import * as vscode from 'vscode';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { request } from 'node:https';

export const extensionId = 'entra-workbench.entra-workbench';

/** What the outer runner tells the host about the tenant emulator it started (its JSON line). */
export type { EmulatorConfig } from '../emulator/index';
import type { EmulatorConfig } from '../emulator/index';
import type { EntraWorkbenchApi } from '../../src/extension';

/** The emulator of this run, or undefined when the checkout has none (tests that need it skip). */
export const emulator: EmulatorConfig | undefined = process.env.ENTRA_TEST_EMULATOR
  ? (JSON.parse(process.env.ENTRA_TEST_EMULATOR) as EmulatorConfig)
  : undefined;

/** The installed extension (asserted present). */
export function extension<Api = unknown>(): vscode.Extension<Api> {
  const ext = vscode.extensions.getExtension<Api>(extensionId);
  assert.ok(ext, `${extensionId} is installed`);
  return ext;
}

/** Activates the extension and resolves to what activate() returned. */
export async function activateApi<Api>(): Promise<Api> {
  return extension<Api>().activate();
}

/** Activates the extension and resolves to its features' handles (returned under the test runner only; asserted). */
export async function productApi(): Promise<EntraWorkbenchApi> {
  const api = await activateApi<EntraWorkbenchApi | undefined>();
  assert.ok(api, 'activate() returns the handles under the test runner (ExtensionMode.Test)');
  for (const feature of ['token', 'explorer', 'manifest', 'doctor', 'write', 'walkthrough', 'audit'] as const) {
    assert.ok(api[feature], `activate() returns the ${feature} handles`);
  }
  return api;
}

// ---- The emulator over HTTPS ----------------------------------------------------------------------

/** HTTPS with the emulator's test CA (VS Code replaces the host's certificate store, so node:https needs it passed). */
export function httpsCall(
  method: string,
  url: string,
  headers: Record<string, string>,
  body?: string,
): Promise<{ status: number; text: string }> {
  const ca = process.env.NODE_EXTRA_CA_CERTS ? [readFileSync(process.env.NODE_EXTRA_CA_CERTS, 'utf8')] : undefined;
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers, ...(ca ? { ca } : {}) }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

function required(cfg: EmulatorConfig | undefined): EmulatorConfig {
  assert.ok(cfg, 'the tenant emulator runs ($ENTRA_TEST_EMULATOR)');
  return cfg;
}

/** An access token from the emulator's v2.0 token endpoint for the given form (any grant). */
export async function emulatorToken(form: Record<string, string>, cfg = emulator): Promise<string> {
  const e = required(cfg);
  const res = await httpsCall(
    'POST',
    `${e.authorityHost}/${e.tenantId}/oauth2/v2.0/token`,
    { 'content-type': 'application/x-www-form-urlencoded' },
    new URLSearchParams(form).toString(),
  );
  const answer = JSON.parse(res.text) as { access_token?: string; error_description?: string };
  assert.ok(answer.access_token, `the emulator issued no token: ${answer.error_description ?? res.status}`);
  return answer.access_token;
}

/** An app-only token for `resource` with the run's own client (client credentials). */
export function clientCredentialsToken(resource: string, cfg = emulator): Promise<string> {
  const e = required(cfg);
  return emulatorToken(
    {
      grant_type: 'client_credentials',
      client_id: e.clientId,
      client_secret: e.clientSecret,
      scope: `${resource}/.default`,
    },
    e,
  );
}

/** One fault rule for the emulator's next matching requests (POST /_emulator/faults). */
export interface FaultRule {
  method?: string;
  path: string;
  times?: number;
  fault: Record<string, unknown>;
}

export async function addFault(rule: FaultRule): Promise<void> {
  const res = await fetch(`${required(emulator).authorityHost}/_emulator/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(rule),
  });
  assert.equal(res.status, 201);
}

export async function clearFaults(): Promise<void> {
  await fetch(`${required(emulator).authorityHost}/_emulator/faults`, { method: 'DELETE' });
}

/**
 * Starts an outage: the emulator stops listening on its port (clients get connection refused)
 * and keeps its control API on another port, whose origin is returned for {@link endOutage}.
 */
export async function startOutage(): Promise<string> {
  const res = await httpsCall('POST', `${required(emulator).authorityHost}/_emulator/outage`, {});
  assert.equal(res.status, 200, res.text);
  return (JSON.parse(res.text) as { controlOrigin: string }).controlOrigin;
}

/** Ends an outage: the emulator listens on its port again. */
export async function endOutage(controlOrigin: string): Promise<void> {
  const res = await httpsCall('DELETE', `${controlOrigin}/_emulator/outage`, {});
  assert.equal(res.status, 204, res.text);
}

/**
 * Resolves once the emulator's request log holds an entry matching `match` (polls the log; the
 * timeout only bounds a failure). E.g. a request the client gave up on is logged when the
 * emulator finishes it, so later request counts are not off by one.
 */
export async function waitForLogged(
  match: (entry: { method: string; path: string; status: number; fault?: string }) => boolean,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await httpsCall('GET', `${required(emulator).authorityHost}/_emulator/requests`, {});
    if (
      (
        JSON.parse(res.text) as { value: { method: string; path: string; status: number; fault?: string }[] }
      ).value.some(match)
    ) {
      return;
    }
    assert.ok(Date.now() < deadline, 'the emulator logged the request in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** One entry of the emulator's request log (`batch-item` entries are the sub-requests of a `$batch`). */
export interface LoggedRequest {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly kind: string;
  readonly time: string;
  readonly batchItemId?: string;
  readonly fault?: string;
}

/** The emulator's request log so far, oldest first. */
export async function emulatorRequests(): Promise<LoggedRequest[]> {
  const res = await fetch(`${required(emulator).authorityHost}/_emulator/requests`);
  return ((await res.json()) as { value: LoggedRequest[] }).value;
}

// ---- Settings and sign-in ---------------------------------------------------------------------------

/** Puts a user setting back as it was. */
export type Restore = () => Promise<void>;

/** Sets user (global) settings of one section; the returned function puts the previous values back. */
export async function updateSettings(section: string, values: Record<string, unknown>): Promise<Restore> {
  const config = vscode.workspace.getConfiguration(section);
  const before = Object.keys(values).map((key) => [key, config.inspect(key)?.globalValue] as const);
  for (const [key, value] of Object.entries(values)) {
    await config.update(key, value, vscode.ConfigurationTarget.Global);
  }
  return async () => {
    for (const [key, value] of before) {
      await config.update(key, value, vscode.ConfigurationTarget.Global);
    }
  };
}

/**
 * Points the extension at the emulator: a Custom cloud, client-secret sign-in with the run's client,
 * the emulator's tenant. VS Code's network patch adds the system certificates to every connection,
 * which drops NODE_EXTRA_CA_CERTS (the emulator's test CA): http.systemCertificates is turned off.
 * The returned function restores every setting it changed.
 */
export async function useEmulatorSettings(cfg = emulator): Promise<Restore> {
  const e = required(cfg);
  const restoreHttp = await updateSettings('http', { systemCertificates: false });
  const restoreEntra = await updateSettings('entra', {
    cloud: 'Custom',
    'customCloud.authorityHost': e.authorityHost,
    'customCloud.graphBaseUrl': e.graphBaseUrl,
    'signIn.method': 'clientSecret',
    'signIn.clientId': e.clientId,
    tenants: [e.tenantId],
  });
  return async () => {
    await restoreEntra();
    await restoreHttp();
  };
}

/**
 * Signs in to the emulator's tenant the documented test-only way: `entra.signIn` invoked with
 * `{ clientSecret }` stores the secret in SecretStorage and signs in.
 */
export async function signIn(explorer: { signInState(): string }, cfg = emulator): Promise<void> {
  const e = required(cfg);
  const tenants = await vscode.commands.executeCommand<string[]>('entra.signIn', { clientSecret: e.clientSecret });
  assert.deepEqual(tenants, [e.tenantId]);
  assert.equal(explorer.signInState(), 'signedIn');
}

// ---- Workspace, diagnostics, hovers ------------------------------------------------------------------

/** A file of the test workspace (test/fixtures/workspace). */
export function workspaceUri(...segments: string[]): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test workspace is open');
  return vscode.Uri.joinPath(folder.uri, ...segments);
}

export function entraDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Entra');
}

export function ruleOf(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}

/** Resolves once the Entra diagnostics of `uri` satisfy `ready` (event-driven; the timeout only bounds a failure). */
export function waitForDiagnostics(
  uri: vscode.Uri,
  ready: (d: vscode.Diagnostic[]) => boolean,
  timeoutMs = 20_000,
): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const check = (): void => {
      const d = entraDiagnostics(uri);
      if (ready(d)) {
        subscription.dispose();
        clearTimeout(timer);
        resolve(d);
      }
    };
    const subscription = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString())) check();
    });
    const timer = setTimeout(() => {
      subscription.dispose();
      reject(
        new Error(`diagnostics of ${uri.toString()} not ready: ${JSON.stringify(entraDiagnostics(uri).map(ruleOf))}`),
      );
    }, timeoutMs);
    check();
  });
}

/** The text of hovers, markdown and plain strings alike. */
export function hoverText(hovers: readonly vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))
    .join('\n');
}

/** The hover text a few characters into the first occurrence of `needle`. */
export async function hoverAt(document: vscode.TextDocument, needle: string, into = 4): Promise<string> {
  const offset = document.getText().indexOf(needle);
  assert.ok(offset >= 0, `${needle} in ${document.uri.toString()}`);
  return hoverText(
    await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      document.uri,
      document.positionAt(offset + into),
    ),
  );
}

/** Tree nodes as the tests see them, and a way to walk the Tenants view by labels. */
export interface TreeNode {
  readonly label: string;
}

export interface TreeAccess<N extends TreeNode = TreeNode> {
  getChildren(node?: N): Promise<N[]>;
  getTreeItem(node: N): vscode.TreeItem;
}

export function treeWalker<N extends TreeNode>(
  provider: () => TreeAccess<N>,
): {
  labelOf(node: N): string;
  find(parent: N | undefined, label: string): Promise<N>;
  path(...labels: string[]): Promise<N>;
} {
  const labelOf = (node: N): string => String(provider().getTreeItem(node).label);
  const find = async (parent: N | undefined, label: string): Promise<N> => {
    const kids = await provider().getChildren(parent);
    const hit = kids.find((k) => labelOf(k) === label);
    assert.ok(hit, `"${label}" under "${parent ? labelOf(parent) : 'root'}"; have: ${kids.map(labelOf).join(' | ')}`);
    return hit;
  };
  const path = async (...labels: string[]): Promise<N> => {
    let node: N | undefined;
    for (const label of labels) {
      node = await find(node, label);
    }
    assert.ok(node, 'a path of at least one label');
    return node;
  };
  return { labelOf, find, path };
}

/** The token panel's HTML without its inlined script and style, so assertions see only the content. */
export function panelContent(html: string | undefined): string {
  return (html ?? '').replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1>/g, '');
}
