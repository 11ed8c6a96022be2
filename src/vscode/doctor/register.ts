/**
 * The sign-in error doctor in VS Code: "Entra: Explain Sign-in Error" (text from the argument, the
 * selection or an input box) shows the explanation in a webview, and while signed in checks the
 * request against the app registration (one Graph request for the app, one per resource named by
 * the scopes, cached), each finding opening the tenant's manifest at the property to change.
 * "Copy Admin Consent URL" builds the tenant- and cloud-aware v2 admin consent URL of an app.
 */
import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import type { JSONPath } from 'jsonc-parser';
import {
  adminConsentScope,
  adminConsentTenant,
  adminConsentUrl,
  checkRegistration,
  consentFacts,
  diagnose,
  doctorEdit,
  scopeResources,
  type Diagnosis,
} from '../../core/doctor/index';
import { getCloud, isCloudName } from '../../core/entra/clouds';
import { graphErrorText, toGraphError } from '../../core/graph/errors';
import type { LinkedApp } from '../../core/token/linker';
import type { TenantConnection } from '../auth/session';
import { CommandId } from '../commandIds';
import { registerCommandTable } from '../commandTable';
import type { ExplorerApi } from '../explorer/register';
import { showManifestAt } from '../util/manifestAt';
import { AppNode } from '../explorer/nodes';
import { renderDoctorHtml } from './html';
import type { FixOutcome, TenantWriter } from '../write/register';

export interface DoctorApi {
  /** The HTML of the doctor page last shown (tests). */
  lastHtml(): string | undefined;
  /** What the page's "Open manifest at …" button does for the current explanation (tests). */
  openManifestAt(path: readonly (string | number)[]): Promise<void>;
  /**
   * What the page's "Fix" button of a finding (by id) does: the edit through plan, confirmation
   * and apply, then the same text explained again (tests).
   */
  fix(findingId: string): Promise<FixOutcome | undefined>;
}

/** At most this many resources named by the scopes are looked up per explanation. */
const maxResourceLookups = 5;

interface Checked {
  /** The text explained (explained again after a fix). */
  readonly text: string;
  readonly diagnosis: Diagnosis;
  readonly connection?: TenantConnection;
  readonly app?: Record<string, unknown>;
  readonly adminConsentUrl?: string;
}

function pickConnection(
  connections: readonly TenantConnection[],
  tenant: string | undefined,
): TenantConnection | undefined {
  const t = tenant?.toLowerCase();
  return (
    connections.find(
      (c) =>
        t !== undefined &&
        [c.tenant, c.model.organization?.id, c.model.organization?.defaultDomain].some((x) => x?.toLowerCase() === t),
    ) ?? connections[0]
  );
}

function consentUrlFor(connection: TenantConnection, app: Record<string, unknown>): string | undefined {
  const appId = typeof app.appId === 'string' ? app.appId : undefined;
  if (!appId) return undefined;
  const cloud = connection.graph.cloud;
  const home = connection.model.organization?.id ?? connection.tenant;
  const signInAudience = typeof app.signInAudience === 'string' ? app.signInAudience : undefined;
  const web = app.web && typeof app.web === 'object' ? (app.web as { redirectUris?: unknown }).redirectUris : undefined;
  const redirect = Array.isArray(web) && typeof web[0] === 'string' ? web[0] : undefined;
  return adminConsentUrl(
    {
      authorityHost: cloud.authorityHost,
      tenant: adminConsentTenant(signInAudience, home),
      clientId: appId,
      scope: adminConsentScope(app, cloud.graphBaseUrl),
      ...(redirect ? { redirectUri: redirect } : {}),
    },
    vscode.l10n,
  );
}

async function check(text: string, explorer: ExplorerApi): Promise<Checked> {
  return { text, ...(await checkText(text, explorer)) };
}

/** The client's grants and app role assignments (1 request: the app re-read with its service principal's). */
async function consentOf(
  model: TenantConnection['model'],
  app: Record<string, unknown>,
  resources: ReadonlyMap<string, LinkedApp | null>,
): Promise<ReturnType<typeof consentFacts> | undefined> {
  const id = typeof app.id === 'string' ? app.id : undefined;
  const appId = typeof app.appId === 'string' ? app.appId : undefined;
  if (!id || !appId) return undefined;
  const details = await model.refreshApp({ id, appId });
  // The service principal could not be read: "no service principal" would be a guess.
  if (details.errors.servicePrincipal) return undefined;
  // Resource service principals by object id: the names the model keeps for requested APIs, and
  // the APIs the scopes name.
  const resourceAppIds = new Map<string, string>();
  const appIds = new Set([
    ...details.app.requiredResourceAccess.map((r) => r.resourceAppId),
    ...[...resources.values()].filter((r): r is LinkedApp => !!r).map((r) => r.appId),
  ]);
  for (const a of appIds) {
    const spId = model.names.resource(a)?.spId;
    if (spId) resourceAppIds.set(spId.toLowerCase(), a);
  }
  return consentFacts({
    clientSpId: details.sp?.id,
    grants: details.errors.grants ? undefined : details.grants,
    assignments: details.errors.assignments ? undefined : details.assignments,
    resourceAppIds,
  });
}

async function checkText(text: string, explorer: ExplorerApi): Promise<Omit<Checked, 'text'>> {
  const base = diagnose(text, vscode.l10n);
  const clientId = base.request.clientId;
  const connections = explorer.connections();
  if (!clientId)
    return {
      diagnosis: {
        ...base,
        registrationNote: vscode.l10n.t('The text names no client_id, so the registration was not checked.'),
      },
    };
  if (connections.length === 0)
    return {
      diagnosis: {
        ...base,
        registrationNote: vscode.l10n.t(
          'Sign in to the tenant (Entra: Sign In) to check the request against the app registration.',
        ),
      },
    };
  const connection = pickConnection(connections, base.request.tenant)!;
  const model = connection.model;
  let app: Record<string, unknown> | undefined;
  try {
    app = await model.applicationByAppId(clientId);
  } catch (err) {
    return {
      diagnosis: {
        ...base,
        registrationNote: vscode.l10n.t(
          'The app could not be read from {0}: {1}',
          model.tenantName,
          graphErrorText(toGraphError(err), vscode.l10n),
        ),
      },
      connection,
    };
  }
  if (!app)
    return {
      diagnosis: {
        ...base,
        registrationNote: vscode.l10n.t(
          '{0} has no app registration with client id {1}: check the client_id, or sign in to the tenant where the app is registered.',
          model.tenantName,
          clientId,
        ),
      },
      connection,
    };
  const resources = new Map<string, LinkedApp | null>();
  for (const key of scopeResources(base.request).slice(0, maxResourceLookups)) {
    try {
      resources.set(key, (await model.links.resolveApp(key)) ?? null);
    } catch {
      // Unknown (offline, no permission): the scopes of this resource are not checked.
    }
  }
  const org = model.organization;
  let consent: ReturnType<typeof consentFacts> | undefined;
  try {
    consent = await consentOf(model, app, resources);
  } catch {
    // Grants not readable (offline, no permission): consent is checked by what the app requests only.
    consent = undefined;
  }
  const registration = checkRegistration(base.request, app, {
    resources,
    ...(consent ? { consent } : {}),
    homeTenant: {
      id: org?.id ?? connection.tenant,
      domains: [connection.tenant, ...(org?.defaultDomain ? [org.defaultDomain] : [])],
    },
    l10n: vscode.l10n,
  });
  let consentUrl: string | undefined;
  try {
    consentUrl = consentUrlFor(connection, app);
  } catch {
    consentUrl = undefined;
  }
  return {
    diagnosis: { ...base, registration },
    connection,
    app,
    ...(consentUrl ? { adminConsentUrl: consentUrl } : {}),
  };
}

/** Opens the tenant's manifest of the app and selects the property at `path` (or its nearest parent). */
async function openManifestAt(
  connection: TenantConnection,
  app: Record<string, unknown>,
  path: JSONPath,
): Promise<void> {
  const appId = String(app.appId);
  await showManifestAt(connection.tenant, appId, typeof app.displayName === 'string' ? app.displayName : appId, path);
}

export function register(context: vscode.ExtensionContext, explorer: ExplorerApi, writer: TenantWriter): DoctorApi {
  let panel: vscode.WebviewPanel | undefined;
  let current: Checked | undefined;
  let lastHtml: string | undefined;

  /** Applies a finding's edit through the plan/apply flow, then explains the same text again. */
  const fix = async (findingId: string): Promise<FixOutcome | undefined> => {
    const at = current;
    const findings = at?.diagnosis.registration?.findings ?? [];
    // A finding id, or its position on the page (the page's buttons send the position).
    const finding = /^#\d+$/.test(findingId)
      ? findings[Number(findingId.slice(1))]
      : findings.find((f) => f.id === findingId && f.edit);
    const id = typeof at?.app?.id === 'string' ? at.app.id : undefined;
    if (!at?.connection || !finding?.edit || !id) return undefined;
    const edit = finding.edit;
    const outcome = await writer.applyEdit(at.connection, { id }, edit.label, (live) => doctorEdit(edit, live));
    if (outcome.status === 'nothing')
      void vscode.window.showInformationMessage(vscode.l10n.t('The app registration already has this change.'));
    if (outcome.status === 'applied' || outcome.status === 'nothing') show(await check(at.text, explorer));
    return outcome;
  };

  const show = (checked: Checked): void => {
    current = checked;
    if (!panel) {
      panel = vscode.window.createWebviewPanel(
        'entra.doctor',
        vscode.l10n.t('Sign-in error'),
        vscode.ViewColumn.Active,
        { enableScripts: true, localResourceRoots: [] },
      );
      panel.onDidDispose(() => {
        panel = undefined;
      });
      panel.webview.onDidReceiveMessage(async (m: { type?: unknown; value?: unknown }) => {
        const at = current;
        try {
          if (m.type === 'fix' && typeof m.value === 'string') {
            await fix(m.value);
          } else if (m.type === 'openManifest' && at?.connection && at.app && typeof m.value === 'string') {
            const path = JSON.parse(m.value) as unknown;
            if (Array.isArray(path) && path.every((p) => typeof p === 'string' || typeof p === 'number'))
              await openManifestAt(at.connection, at.app, path as JSONPath);
          } else if (m.type === 'copy' && typeof m.value === 'string' && m.value === at?.adminConsentUrl) {
            await vscode.env.clipboard.writeText(m.value);
            vscode.window.setStatusBarMessage(vscode.l10n.t('Copied the admin consent URL'), 3000);
          }
        } catch (err) {
          void vscode.window.showErrorMessage(graphErrorText(toGraphError(err), vscode.l10n));
        }
      });
    }
    const title = checked.diagnosis.explanation
      ? `AADSTS${checked.diagnosis.explanation.code}`
      : vscode.l10n.t('Sign-in error');
    panel.title = title;
    lastHtml = renderDoctorHtml(checked.diagnosis, randomBytes(18).toString('base64'), {
      ...(checked.adminConsentUrl ? { adminConsentUrl: checked.adminConsentUrl } : {}),
      canFix: !!checked.connection && !!checked.app,
      language: vscode.env.language,
    });
    panel.webview.html = lastHtml;
    panel.reveal(undefined, false);
  };

  context.subscriptions.push({ dispose: () => panel?.dispose() });
  const explainSignInError = async (arg?: unknown): Promise<Diagnosis | undefined> => {
    let text: string | undefined = typeof arg === 'string' ? arg : undefined;
    if (text === undefined) {
      const editor = vscode.window.activeTextEditor;
      const selected = editor && !editor.selection.isEmpty ? editor.document.getText(editor.selection) : '';
      text = selected.trim()
        ? selected
        : await vscode.window.showInputBox({
            title: vscode.l10n.t('Explain a sign-in error'),
            prompt: vscode.l10n.t(
              'Paste the AADSTS message, the error page text, or the URL with error= or client_id=',
            ),
            ignoreFocusOut: true,
          });
    }
    if (!text?.trim()) return undefined;
    const checked = await check(text, explorer);
    show(checked);
    return checked.diagnosis;
  };
  const copyAdminConsentUrl = async (arg?: unknown): Promise<string | undefined> => {
    try {
      let url: string | undefined;
      if (arg instanceof AppNode) {
        const app = await arg.connection.model.applicationByAppId(arg.entry.appId);
        if (!app) throw new Error(vscode.l10n.t('{0} is no longer in the tenant. Refresh the list.', arg.label));
        url = consentUrlFor(arg.connection, app);
      } else {
        const given =
          typeof arg === 'string'
            ? arg
            : await vscode.window.showInputBox({
                title: vscode.l10n.t('Admin consent URL'),
                prompt: vscode.l10n.t('The application (client) id'),
                ignoreFocusOut: true,
              });
        const clientId = given?.trim();
        if (!clientId) return undefined;
        const connection = explorer.connections()[0];
        const app = connection ? await connection.model.applicationByAppId(clientId) : undefined;
        if (connection && app) url = consentUrlFor(connection, app);
        else {
          // Not in a signed-in tenant: any organization's administrator, Microsoft Graph's listed permissions.
          const name = vscode.workspace.getConfiguration('entra').get<string>('cloud', 'AzureCloud');
          const cloud = getCloud(isCloudName(name) && name !== 'Custom' ? name : 'AzureCloud');
          url = adminConsentUrl(
            {
              authorityHost: cloud.authorityHost,
              tenant: 'organizations',
              clientId,
              scope: `${cloud.graphBaseUrl}/.default`,
            },
            vscode.l10n,
          );
        }
      }
      if (!url) return undefined;
      await vscode.env.clipboard.writeText(url);
      vscode.window.setStatusBarMessage(vscode.l10n.t('Copied the admin consent URL'), 3000);
      return url;
    } catch (err) {
      void vscode.window.showErrorMessage(graphErrorText(toGraphError(err), vscode.l10n));
      return undefined;
    }
  };
  registerCommandTable(context, 'doctor', {
    [CommandId.explainSignInError]: explainSignInError,
    [CommandId.copyAdminConsentUrl]: copyAdminConsentUrl,
  });
  return {
    lastHtml: () => lastHtml,
    openManifestAt: async (path) => {
      if (!current?.connection || !current.app) throw new Error('No app registration was checked.');
      await openManifestAt(current.connection, current.app, [...path]);
    },
    fix,
  };
}
