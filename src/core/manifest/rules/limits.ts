// Size limits of the manifest as a whole and of its free-text fields.
import type * as l10n from '@vscode/l10n';
import type { Localizer } from '../../text/localizer';
import type { Rule, RuleContext } from '../types';
import {
  ALL_FORMATS,
  audienceOf,
  child,
  defineRule,
  elements,
  elementCount,
  hasPlaceholder,
  report,
  rootObject,
  str,
  stringItems,
  short,
  findings,
} from './util';
import { redirectUris } from './redirectUris';
import { BackedNode } from '../backedNode';
import { MANIFEST_ENTRY_LIMIT } from '../../entra/limits';
import { formatCount } from '../../text/count';

const MANIFEST_DOCS = 'https://learn.microsoft.com/entra/identity-platform/reference-microsoft-graph-app-manifest';
const APP_DOCS = 'https://learn.microsoft.com/graph/api/resources/application';
const ACCOUNTS_DOCS = 'https://learn.microsoft.com/entra/identity-platform/supported-accounts-validation';

const ROOT_COLLECTIONS = [
  'appRoles',
  'keyCredentials',
  'passwordCredentials',
  'identifierUris',
  'requiredResourceAccess',
  'knownClientApplications',
  'oauth2Permissions',
  'preAuthorizedApplications',
  'addIns',
  'tags',
];
const API_COLLECTIONS = ['oauth2PermissionScopes', 'preAuthorizedApplications', 'knownClientApplications'];

/** Entries of every collection that counts toward the manifest size limit. */
export function entryCount(ctx: RuleContext): number {
  const root = rootObject(ctx);
  const api = child(root, 'api');
  let total = redirectUris(ctx).length;
  for (const k of ROOT_COLLECTIONS) total += elementCount(child(root, k));
  for (const k of API_COLLECTIONS) total += elementCount(child(api, k));
  const rra = child(root, 'requiredResourceAccess');
  if (rra instanceof BackedNode && rra.type === 'array') {
    // The strict-JSON tree: counted from the plain value (no node per entry).
    for (const r of rra.plainValue() as unknown[]) {
      if (r === null || typeof r !== 'object' || Array.isArray(r) || !Object.hasOwn(r, 'resourceAccess')) continue;
      const access = (r as Record<string, unknown>).resourceAccess;
      if (Array.isArray(access)) total += access.length;
    }
  } else for (const r of elements(rra)) total += elements(child(r, 'resourceAccess')).length;
  return total;
}

export const manifestEntryCount = defineRule({
  id: 'manifest-entry-count',
  severity: 'error',
  title: (l10n) => l10n.t('More than 1,200 entries in all collections'),
  description: (l10n) => l10n.t('All collections together hold at most 1,200 entries.'),
  docs: MANIFEST_DOCS,
  formats: ALL_FORMATS,
  check(ctx, self) {
    const l10n: Localizer<l10n.L10nReplacement> = ctx.l10n;
    const root = rootObject(ctx);
    if (!root) return [];
    const n = entryCount(ctx);
    if (n <= MANIFEST_ENTRY_LIMIT) return [];
    const start = { ...root, length: 1 };
    return [
      report(
        self,
        start,
        [],
        l10n.t(
          'The size of the manifest has exceeded its limit: {0} entries across collections (redirect URIs, roles, scopes, permissions, credentials…); the limit is 1,200. Remove {1}.',
          formatCount(n),
          formatCount(n - MANIFEST_ENTRY_LIMIT),
        ),
      ),
    ];
  },
});

export const tagInvalid = defineRule({
  id: 'tag-invalid',
  severity: 'error',
  title: (l10n) => l10n.t('Invalid or repeated tags'),
  description: (l10n) => l10n.t('Tags are 1-256 characters, without whitespace, each once.'),
  docs: ACCOUNTS_DOCS,
  formats: ALL_FORMATS,
  check(ctx, self) {
    const l10n: Localizer<l10n.L10nReplacement> = ctx.l10n;
    const out = findings(ctx, self);
    const seen = new Set<string>();
    for (const t of stringItems(child(rootObject(ctx), 'tags'), ['tags'])) {
      if (hasPlaceholder(t.value)) continue;
      if (t.value.length === 0 || t.value.length > 256)
        out.add(t.node, (subject) =>
          report(self, subject, t.path, l10n.t('Tags are 1 to 256 characters; this one has {0}.', t.value.length)),
        );
      else if (/\s/.test(t.value))
        out.add(t.node, (subject) =>
          report(self, subject, t.path, l10n.t('Tags must not contain whitespace. Replace spaces with - or _.')),
        );
      else if (seen.has(t.value))
        out.add(t.node, (subject) =>
          report(self, subject, t.path, l10n.t("The tag '{0}' is listed twice. Remove the duplicate.", short(t.value))),
        );
      seen.add(t.value);
    }
    return out.list;
  },
});

export const descriptionLength = defineRule({
  id: 'description-length',
  severity: 'error',
  title: (l10n) => l10n.t('Descriptions over 1,024 characters'),
  description: (l10n) => l10n.t('description is at most 1,024 characters.'),
  docs: APP_DOCS,
  formats: ALL_FORMATS,
  check(ctx, self) {
    const l10n: Localizer<l10n.L10nReplacement> = ctx.l10n;
    const node = child(rootObject(ctx), 'description');
    const v = str(node);
    if (!node || v === undefined || v.length <= 1024) return [];
    return [
      report(
        self,
        node,
        ['description'],
        l10n.t('The description is {0} characters; the limit is 1,024. Shorten it.', v.length),
      ),
    ];
  },
});

export const displayNameLength = defineRule({
  id: 'display-name-length',
  severity: 'warning',
  title: (l10n) => l10n.t('Display names that are too long'),
  description: (l10n) =>
    l10n.t('displayName: over 256 characters is rejected; keep it within 120 (90 with personal accounts).'),
  docs: ACCOUNTS_DOCS,
  formats: ALL_FORMATS,
  check(ctx, self) {
    const l10n: Localizer<l10n.L10nReplacement> = ctx.l10n;
    const root = rootObject(ctx);
    const out = findings(ctx, self);
    const max = audienceOf(ctx) === 'personal' ? 90 : 120;
    for (const key of ['displayName', 'name']) {
      const node = child(root, key);
      const v = str(node);
      if (!node || v === undefined || hasPlaceholder(v)) continue;
      if (v.length > 256)
        out.add(
          node,
          (subject) =>
            report(
              self,
              subject,
              [key],
              l10n.t('The display name is {0} characters; the limit is 256. Shorten it.', v.length),
              {
                severity: 'error',
              },
            ),
          'error',
        );
      else if (v.length > max)
        out.add(node, (subject) =>
          report(
            self,
            subject,
            [key],
            l10n.t(
              'The display name is {0} characters; keep it within {1} for this audience (longer names may be rejected).',
              v.length,
              max,
            ),
          ),
        );
    }
    return out.list;
  },
});

export const limitRules: readonly Rule[] = [manifestEntryCount, tagInvalid, descriptionLength, displayNameLength];
