// The audit engine: runs the tenant rules and the manifest rules that apply to live apps over a
// tenant snapshot, app by app, with progress and cancellation. Pure (no vscode, node:* or network).
import type * as l10n from '@vscode/l10n';
import { builtInCatalog } from '../manifest/catalog';
import { lintValue } from '../manifest/lint';
import { rules as manifestRegistry } from '../manifest/rules';
import type { Severity } from '../manifest/types';
import { english, type Localizer } from '../text/localizer';
import { MICROSOFT_GRAPH_APP_ID } from './highPrivilege';
import { auditRules } from './rules';
import type {
  AuditApp,
  AuditAssignment,
  AuditContext,
  AuditFinding,
  AuditGrant,
  AuditOptions,
  AuditServicePrincipal,
  AuditSnapshot,
} from './types';

/**
 * Manifest rules that do not apply to an app read from the tenant: they judge the file (syntax,
 * comments, format verdict, secrets written in a file, edits against the tenant) or are replaced by
 * a tenant rule with a policy option (credential dates).
 */
export const MANIFEST_RULES_SKIPPED: ReadonlySet<string> = new Set([
  'json-syntax',
  'json-comment',
  'json-trailing-comma',
  'json-too-deep',
  'json-duplicate-key',
  'not-a-manifest',
  'legacy-format',
  'lint-limits',
  'file-unreadable',
  'disable-first',
  'credential-secret-in-file',
  'credential-expiry',
  'credential-long-lived',
  // Graph listings hold Microsoft Graph properties only: a legacy key cannot be there.
  'legacy-key-in-graph',
]);

/** The manifest rules the audit runs on each app (the registry minus the skipped ones). */
export const auditManifestRules = manifestRegistry.filter((r) => !MANIFEST_RULES_SKIPPED.has(r.id));

const severityRank: Record<Severity, number> = { error: 0, warning: 1, info: 2, hint: 3 };

/** Apps checked between two progress reports (and cancellation checks, and yields to the event loop). */
const CHUNK = 250;

export class AuditCancelled extends Error {
  constructor() {
    super('The audit was cancelled.');
    this.name = 'AbortError';
  }
}

function group<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

export function createContext(snapshot: AuditSnapshot, options: AuditOptions = {}): AuditContext {
  const spByAppId = new Map<string, AuditServicePrincipal>();
  for (const sp of snapshot.servicePrincipals) spByAppId.set(sp.appId.toLowerCase(), sp);
  const appByAppId = new Map<string, AuditApp>();
  for (const app of snapshot.applications) appByAppId.set(app.appId.toLowerCase(), app);
  return {
    now: (options.now ?? new Date()).getTime(),
    expiringDays: options.expiringDays ?? 30,
    maxSecretLifetimeDays: options.maxSecretLifetimeDays ?? 180,
    maxCertificateLifetimeDays: options.maxCertificateLifetimeDays ?? 365,
    catalog: options.catalog ?? builtInCatalog(),
    snapshot,
    spByAppId,
    appByAppId,
    assignmentsByPrincipal: group<AuditAssignment>(snapshot.assignments, (a) => a.principalId),
    grantsByClient: snapshot.grants ? group<AuditGrant>(snapshot.grants, (g) => g.clientId) : undefined,
    assignmentsReadFor: new Set(snapshot.assignmentsReadFor),
    graphSpId: spByAppId.get(MICROSOFT_GRAPH_APP_ID)?.id,
    l10n: options.l10n ?? english,
  };
}

/**
 * The manifest-rule findings of one app. They need nothing but the app (no tenant context), so
 * they can run while the rest of the tenant is still being read (see `precomputed`).
 */
export function manifestFindings(
  app: Pick<AuditApp, 'id' | 'appId' | 'displayName' | 'json'>,
  options: Pick<AuditOptions, 'now' | 'catalog' | 'rules' | 'l10n'> = {},
  catalog = options.catalog ?? builtInCatalog(),
): AuditFinding[] {
  const wanted = options.rules ? new Set(options.rules) : undefined;
  const out: AuditFinding[] = [];
  // The object as Graph returned it: no re-serialising and re-parsing, and no schema check (the
  // service validated it); findings are located by their JSON pointer.
  const result = lintValue(app.json, {
    now: options.now ?? new Date(),
    catalog,
    schema: false,
    rules: wanted ? auditManifestRules.filter((r) => wanted.has(r.id)) : auditManifestRules,
    ...(options.l10n ? { l10n: options.l10n } : {}),
  });
  for (const p of result.problems) {
    if (MANIFEST_RULES_SKIPPED.has(p.ruleId) || (wanted && !wanted.has(p.ruleId))) continue;
    out.push({
      ruleId: p.ruleId,
      severity: p.severity,
      appId: app.appId,
      objectId: app.id,
      displayName: app.displayName,
      path: p.path,
      message: p.message,
    });
  }
  return out;
}

/** Checks one app: tenant rules, then the manifest rules (or their findings computed beforehand). */
export function auditApp(app: AuditApp, ctx: AuditContext, options: AuditOptions = {}): AuditFinding[] {
  const wanted = options.rules ? new Set(options.rules) : undefined;
  const out: AuditFinding[] = [];
  const base = { appId: app.appId, objectId: app.id, displayName: app.displayName };
  const l10n: Localizer<l10n.L10nReplacement> = ctx.l10n;
  for (const rule of auditRules) {
    if (wanted && !wanted.has(rule.id)) continue;
    try {
      rule.check(app, ctx, (path, message) =>
        out.push({ ruleId: rule.id, severity: rule.severity, ...base, path, message }),
      );
    } catch (err) {
      out.push({
        ruleId: 'internal-error',
        severity: 'error',
        ...base,
        path: '',
        message: l10n.t(
          'The check "{0}" failed on this app ({1}). Please report it.',
          rule.id,
          err instanceof Error ? err.message.slice(0, 200) : l10n.t('unknown error'),
        ),
      });
    }
  }
  if (options.manifestRules !== false) {
    const done = options.precomputed?.get(app.id);
    for (const f of done ??
      manifestFindings(app, { now: new Date(ctx.now), rules: options.rules, l10n: ctx.l10n }, ctx.catalog))
      out.push(f);
  }
  return out;
}

/** Sorts findings: severity, rule, app name, path. */
export function compareFindings(a: AuditFinding, b: AuditFinding): number {
  return (
    severityRank[a.severity] - severityRank[b.severity] ||
    (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0) ||
    a.displayName.localeCompare(b.displayName) ||
    (a.objectId < b.objectId ? -1 : a.objectId > b.objectId ? 1 : 0) ||
    (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)
  );
}

/**
 * Audits every app of the snapshot. Yields to the event loop every few hundred apps (progress,
 * cancellation through `options.signal`, which rejects with {@link AuditCancelled}).
 */
export async function runAudit(snapshot: AuditSnapshot, options: AuditOptions = {}): Promise<AuditFinding[]> {
  const ctx = createContext(snapshot, options);
  const apps = snapshot.applications;
  const out: AuditFinding[] = [];
  for (let i = 0; i < apps.length; i++) {
    if (i % CHUNK === 0) {
      if (options.signal?.aborted) throw new AuditCancelled();
      options.onProgress?.(i, apps.length);
      if (i > 0) await new Promise<void>((resolve) => setTimeout(resolve, 0));
      if (options.signal?.aborted) throw new AuditCancelled();
    }
    for (const f of auditApp(apps[i]!, ctx, options)) out.push(f);
  }
  options.onProgress?.(apps.length, apps.length);
  return out.sort(compareFindings);
}
