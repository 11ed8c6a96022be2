// `entra-workbench audit`: the tenant audit for CI and scheduled jobs (text, JSON, SARIF, CSV,
// HTML), with a baseline diff. Credentials come from @azure/identity's DefaultAzureCredential.
import * as l10n from '@vscode/l10n';
import { readFile } from 'node:fs/promises';
import { DefaultAzureCredential, type DefaultAzureCredentialOptions } from '@azure/identity';
import {
  diffBaseline,
  findingKey,
  parseFindings,
  ruleMeta,
  summarize,
  toCsv,
  toHtml,
  type BaselineDiff,
} from '../core/audit/report';
import { auditRules } from '../core/audit/rules';
import type { AuditFinding } from '../core/audit/types';
import { GraphAccess } from '../io/graph/client';
import { getCloud, graphDefaultScope, isCloudName, type Cloud } from '../core/entra/clouds';
import { auditTenant } from '../io/graph/audit';
import { loadCatalogFromMicrosoftInfo } from '../io/catalogFiles';
import { auditManifestRules } from '../core/audit/engine';
import type { PermissionCatalog, Severity } from '../core/manifest/types';
import { productName } from '../core/version';
import { errorText, graphErrorText } from '../core/graph/errors';
import { sarifLog } from './sarif';
import { parseOptions } from './args';
import type { CliCommand, CliIo } from './types';
import { ENTRA_URI_SCHEME } from '../core/entra/uris';
import { messageLanguage } from './l10n';
import { withoutTrailingSlashes } from '../core/text/trailing';

function usage(): string {
  return l10n.t(
    `Usage: {0} audit [--tenant T] [--format text|json|sarif|csv|html] [--rules a,b]
       [--fail-on error|warning] [--baseline previous.json] [options]

Checks every app registration of a tenant: the tenant rules (credentials, owners, granted
high-privilege permissions, consent for all users, publisher, redirect hosts, assignment) and the
manifest rules that apply to live apps. Signs in with DefaultAzureCredential (environment
variables AZURE_CLIENT_ID / AZURE_CLIENT_SECRET / AZURE_TENANT_ID, workload or managed identity,
Azure CLI...). Needs Application.Read.All and Directory.Read.All (grants).

  --tenant T            tenant id or domain (default AZURE_TENANT_ID)
  --format F            text (default), json, sarif (2.1.0), csv or html
  --rules a,b           only these rule ids
  --fail-on S           exit 1 when a finding has this severity or worse: error (default) or warning;
                        with --baseline only new findings count
  --baseline FILE       an earlier --format json output: report new, fixed and unchanged findings
  --expiring-days N     "expiring soon" window (default 30)
  --max-secret-days N   longest allowed client secret lifetime (default 180)
  --max-cert-days N     longest allowed certificate lifetime (default 365)
  --now ISO             evaluate dates at this instant
  --catalog DIR         a microsoft-info folder naming every Microsoft Graph permission
  --cloud C             AzureCloud (default), AzureUSGovernment, AzureUSGovernmentDoD, AzureChinaCloud, Custom
  --authority-host URL  sign-in host (Custom cloud; also AZURE_AUTHORITY_HOST)
  --graph-base-url URL  Microsoft Graph base URL (Custom cloud)

Exit codes: 0 nothing at or above --fail-on; 1 findings at or above it; 2 bad usage, sign-in or Graph failure.`,
    productName,
  );
}

type Format = 'text' | 'json' | 'sarif' | 'csv' | 'html';
const FORMATS: readonly Format[] = ['text', 'json', 'sarif', 'csv', 'html'];

interface Options {
  tenant: string | undefined;
  format: Format;
  rules: string[] | undefined;
  failOn: 'error' | 'warning';
  baseline: string | undefined;
  expiringDays: number | undefined;
  maxSecretDays: number | undefined;
  maxCertDays: number | undefined;
  now: Date | undefined;
  catalogDir: string | undefined;
  cloud: Cloud;
}

function positiveInt(name: string, v: string | undefined): number | undefined | string {
  if (v === undefined) return undefined;
  return /^\d{1,5}$/.test(v) ? Number(v) : l10n.t('{0} needs a whole number of days, got {1}', name, JSON.stringify(v));
}

function parse(args: string[]): Options | string {
  const parsed = parseOptions(
    args,
    {
      tenant: { type: 'string' },
      format: { type: 'string' },
      rules: { type: 'string' },
      'fail-on': { type: 'string' },
      baseline: { type: 'string' },
      'expiring-days': { type: 'string' },
      'max-secret-days': { type: 'string' },
      'max-cert-days': { type: 'string' },
      now: { type: 'string' },
      catalog: { type: 'string' },
      cloud: { type: 'string' },
      'authority-host': { type: 'string' },
      'graph-base-url': { type: 'string' },
    },
    false,
  );
  if (typeof parsed === 'string') return parsed;
  const values: Record<string, string | undefined> = parsed.values;
  const format = (values.format ?? 'text') as Format;
  if (!FORMATS.includes(format))
    return l10n.t('{0} must be one of {1}, got {2}', '--format', FORMATS.join(', '), JSON.stringify(values.format));
  const failOn = values['fail-on'] ?? 'error';
  if (failOn !== 'error' && failOn !== 'warning')
    return l10n.t('{0} must be {1} or {2}, got {3}', '--fail-on', 'error', 'warning', JSON.stringify(failOn));
  const rules = values.rules
    ?.split(',')
    .map((r) => r.trim())
    .filter(Boolean);
  if (rules) {
    const known = new Set([...auditRules.map((r) => r.id), ...auditManifestRules.map((r) => r.id)]);
    const unknown = rules.filter((r) => !known.has(r));
    if (unknown.length) return l10n.t('unknown rule {0}', unknown.join(', '));
  }
  const numbers = [
    positiveInt('--expiring-days', values['expiring-days']),
    positiveInt('--max-secret-days', values['max-secret-days']),
    positiveInt('--max-cert-days', values['max-cert-days']),
  ];
  const bad = numbers.find((n) => typeof n === 'string');
  if (typeof bad === 'string') return bad;
  let now: Date | undefined;
  if (values.now !== undefined) {
    const t = Date.parse(values.now);
    if (Number.isNaN(t)) return l10n.t('{0} needs an ISO 8601 date, got {1}', '--now', JSON.stringify(values.now));
    now = new Date(t);
  }
  const authorityHost = values['authority-host'] ?? process.env.AZURE_AUTHORITY_HOST;
  const cloudName = values.cloud ?? (values['graph-base-url'] ? 'Custom' : 'AzureCloud');
  if (!isCloudName(cloudName))
    return l10n.t(
      '{0} must be {1} or {2}',
      '--cloud',
      'AzureCloud, AzureUSGovernment, AzureUSGovernmentDoD, AzureChinaCloud',
      'Custom',
    );
  let cloud: Cloud;
  try {
    cloud = getCloud(
      cloudName,
      cloudName === 'Custom'
        ? { authorityHost: authorityHost ?? '', graphBaseUrl: values['graph-base-url'] ?? '' }
        : undefined,
      l10n,
    );
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
  if (authorityHost && cloudName !== 'Custom')
    cloud = { ...cloud, authorityHost: withoutTrailingSlashes(authorityHost) };
  return {
    tenant: values.tenant ?? process.env.AZURE_TENANT_ID,
    format,
    rules,
    failOn,
    baseline: values.baseline,
    expiringDays: numbers[0] as number | undefined,
    maxSecretDays: numbers[1] as number | undefined,
    maxCertDays: numbers[2] as number | undefined,
    now,
    catalogDir: values.catalog,
    cloud,
  };
}

/** `entra://{tenant}/applications/{objectId}#{pointer}`: where a finding lives. */
export function findingUri(tenant: string, f: Pick<AuditFinding, 'objectId' | 'path'>): string {
  return `${ENTRA_URI_SCHEME}://${encodeURIComponent(tenant)}/applications/${encodeURIComponent(f.objectId)}#${encodeURI(f.path || '/')}`;
}

/** SARIF 2.1.0: one result per finding, located at the app's manifest property. */
export function auditSarif(findings: readonly AuditFinding[], tenant: string, diff?: BaselineDiff): object {
  const ids = [...new Set([...auditRules.map((r) => r.id), ...findings.map((f) => f.ruleId)])];
  const newKeys = diff ? new Set(diff.new.map(findingKey)) : undefined;
  return sarifLog({
    rules: ids.map((id) => {
      const m = ruleMeta(id, l10n);
      return {
        id,
        description: m.description,
        helpUri: m.docs,
        severity: m.severity,
        ...(m.peers.length
          ? { properties: { peers: m.peers.map((p) => `${p.tool} ${p.id}${p.related ? ' (related)' : ''}`) } }
          : {}),
      };
    }),
    executionSuccessful: true,
    results: findings.map((f) => ({
      ruleId: f.ruleId,
      severity: f.severity,
      rest: {
        message: { text: `${f.displayName}: ${f.message}` },
        ...(newKeys ? { baselineState: newKeys.has(findingKey(f)) ? 'new' : 'unchanged' } : {}),
        partialFingerprints: { findingKey: findingKey(f) },
        locations: [
          {
            physicalLocation: { artifactLocation: { uri: findingUri(tenant, f) } },
            logicalLocations: [
              { name: f.displayName, fullyQualifiedName: `${f.appId}${f.path || '/'}`, kind: 'member' },
            ],
          },
        ],
      },
    })),
  });
}

const rank: Record<Severity, number> = { error: 0, warning: 1, info: 2, hint: 3 };

async function run(args: string[], io: CliIo): Promise<number> {
  const o = parse(args);
  if (typeof o === 'string') {
    io.stderr(`${productName} audit: ${o}\n${usage()}\n`);
    return 2;
  }
  if (!o.tenant) {
    io.stderr(`${productName} audit: ${l10n.t('give {0} or set {1}', '--tenant', 'AZURE_TENANT_ID')}\n`);
    return 2;
  }
  let catalog: PermissionCatalog | undefined;
  let previous: AuditFinding[] | undefined;
  try {
    if (o.catalogDir) catalog = loadCatalogFromMicrosoftInfo(o.catalogDir);
    if (o.baseline) previous = parseFindings(JSON.parse(await readFile(o.baseline, 'utf8')) as unknown);
  } catch (err) {
    io.stderr(
      `${productName} audit: ${o.catalogDir && !catalog ? l10n.t('cannot load the catalogue from {0}', o.catalogDir) : l10n.t('cannot read the baseline {0}', String(o.baseline))}: ${errorText(err, l10n)}\n`,
    );
    return 2;
  }
  const options: DefaultAzureCredentialOptions & { disableInstanceDiscovery?: boolean } = {
    tenantId: o.tenant,
    authorityHost: o.cloud.authorityHost,
    ...(o.cloud.custom ? { disableInstanceDiscovery: true } : {}),
  };
  const credential = new DefaultAzureCredential(options);
  const graph = new GraphAccess({
    credential,
    cloud: o.cloud,
    scopes: [graphDefaultScope(o.cloud)],
    permissionType: 'application',
  });
  let findings: AuditFinding[];
  try {
    const read = await auditTenant(graph, {
      tenantId: o.tenant,
      l10n,
      onReadProgress: (p) =>
        io.stderr(
          `\r${
            p.total !== undefined
              ? l10n.t('Read {0} of {1} apps', p.apps.toLocaleString('en-US'), p.total.toLocaleString('en-US'))
              : l10n.t('Read {0} apps', p.apps.toLocaleString('en-US'))
          }`,
        ),
      onReadDone: () => io.stderr('\n'),
      now: o.now,
      rules: o.rules,
      catalog,
      expiringDays: o.expiringDays,
      maxSecretLifetimeDays: o.maxSecretDays,
      maxCertificateLifetimeDays: o.maxCertDays,
    });
    for (const w of read.warnings)
      io.stderr(
        `${productName} audit: ${l10n.t('{0} not read ({1}); their rules were skipped', w.part, graphErrorText(w.error, l10n))}\n`,
      );
    findings = read.findings;
  } catch (err) {
    io.stderr(`${productName} audit: ${errorText(err, l10n)}\n`);
    return 2;
  }
  const diff = previous ? diffBaseline(findings, previous) : undefined;
  const newKeys = diff ? new Set(diff.new.map(findingKey)) : undefined;
  switch (o.format) {
    case 'json':
      io.stdout(
        JSON.stringify(
          diff ? { findings, new: diff.new, fixed: diff.fixed, unchanged: diff.unchanged.length } : findings,
          null,
          2,
        ) + '\n',
      );
      break;
    case 'sarif':
      io.stdout(JSON.stringify(auditSarif(findings, o.tenant, diff), null, 2) + '\n');
      break;
    case 'csv':
      io.stdout(toCsv(findings, newKeys ? (f) => (newKeys.has(findingKey(f)) ? 'new' : 'unchanged') : undefined));
      break;
    case 'html':
      io.stdout(
        toHtml(
          findings,
          { tenant: o.tenant, generated: (o.now ?? new Date()).toISOString(), diff, language: messageLanguage() },
          l10n,
        ),
      );
      break;
    default: {
      for (const f of diff ? diff.new : findings)
        io.stdout(`${f.severity} ${f.ruleId} ${f.displayName} (${f.appId}) ${f.path || '/'}: ${f.message}\n`);
      if (diff)
        for (const f of diff.fixed) io.stdout(`fixed ${f.ruleId} ${f.displayName} (${f.appId}) ${f.path || '/'}\n`);
      const parts = summarize(findings).map((s) => `${s.ruleId} ${s.count}`);
      io.stderr(
        `${findings.length === 1 ? l10n.t('1 finding') : l10n.t('{0} findings', findings.length)}${diff ? ` (${l10n.t('{0} new, {1} fixed, {2} unchanged', diff.new.length, diff.fixed.length, diff.unchanged.length)})` : ''}${parts.length ? `: ${parts.join(', ')}` : ''}\n`,
      );
    }
  }
  const counted = diff ? diff.new : findings;
  return counted.some((f) => rank[f.severity] <= rank[o.failOn]) ? 1 : 0;
}

export const auditCommand: CliCommand = {
  name: 'audit',
  get summary() {
    return l10n.t(
      'check every app registration of a tenant (credentials, owners, granted permissions, redirect hosts…)',
    );
  },
  get usage() {
    return usage();
  },
  run,
};
