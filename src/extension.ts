// Entry point: wiring only. Each feature registers itself and owns its disposables.
import * as vscode from 'vscode';
import * as about from './vscode/about/register';
import * as audit from './vscode/audit/register';
import * as doctor from './vscode/doctor/register';
import * as explorer from './vscode/explorer/register';
import { configureSharedStrings } from './vscode/l10n';
import * as manifest from './vscode/manifest/register';
import * as token from './vscode/token/register';
import * as write from './vscode/write/register';
import * as walkthrough from './vscode/walkthrough/register';

const loadedAt = performance.now();

/**
 * The features' handles, returned by activate() only when the extension runs under the in-host
 * test runner (ExtensionMode.Test): the product exports no API to other extensions.
 */
export interface EntraWorkbenchApi {
  /** Milliseconds from loading the bundle to the end of activate(). */
  readonly activationMs: number;
  /** The token decoder (panel HTML for tests, tenant linking for the explorer). */
  readonly token: token.TokenFeatureApi;
  /** The tenant explorer (tree provider, sign-in state, manifest originals). */
  readonly explorer: explorer.ExplorerApi;
  /** The manifest language service (catalogue and original hooks, lint events). */
  readonly manifest: manifest.ManifestFeatureApi;
  /** The sign-in error doctor (last rendered page for tests). */
  readonly doctor: doctor.DoctorApi;
  /** Changing the tenant: plan view, prompts (replaceable for tests), drift. */
  readonly write: write.WriteFeatureApi;
  /** The getting-started walkthrough (step contexts, first-run opening). */
  readonly walkthrough: walkthrough.WalkthroughApi;
  /** The tenant audit (Audit view, progress, cancellation). */
  readonly audit: audit.AuditApi;
}

export function activate(context: vscode.ExtensionContext): EntraWorkbenchApi | undefined {
  configureSharedStrings();
  about.register(context);
  const tokenApi = token.register(context);
  const explorerApi = explorer.register(context);
  const manifestApi = manifest.register(context);
  const writeApi = write.register(context, explorerApi.writeHost);
  const doctorApi = doctor.register(context, explorerApi, writeApi.writer);
  const walkthroughApi = walkthrough.register(context, explorerApi);
  const auditApi = audit.register(context, explorerApi, writeApi.writer);
  // Manifests opened from the tenant explorer, and local copies of them (same appId), are compared
  // with the object read from Graph.
  manifestApi.setOriginalProvider(
    (uri, appId) => explorerApi.getOriginal(uri) ?? (appId ? explorerApi.getOriginalByAppId(appId) : undefined),
  );
  // While signed in, decoded tokens are linked to app registrations, and manifests get the tenant's permission names.
  const linkTokens = (): void =>
    tokenApi.setTenantLinker(explorerApi.signInState() === 'signedIn' ? explorerApi.tokenLinker : undefined);
  linkTokens();
  const tenantCatalog = (uri: vscode.Uri): ReturnType<typeof explorerApi.catalogFor> => explorerApi.catalogFor(uri);
  manifestApi.setCatalogProvider(tenantCatalog);
  context.subscriptions.push(
    explorerApi.onDidChangeSignIn(linkTokens),
    explorerApi.onDidChangeCatalog(() => manifestApi.setCatalogProvider(tenantCatalog)),
  );
  if (context.extensionMode !== vscode.ExtensionMode.Test) return undefined;
  return {
    activationMs: performance.now() - loadedAt,
    token: tokenApi,
    explorer: explorerApi,
    manifest: manifestApi,
    doctor: doctorApi,
    write: writeApi,
    walkthrough: walkthroughApi,
    audit: auditApi,
  };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
