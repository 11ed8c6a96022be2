// Rules about client credentials: `passwordCredentials` and `keyCredentials` (graph `endDateTime`,
// legacy `endDate`), judged against the injectable clock `ctx.now`.
import type * as l10n from '@vscode/l10n';
import type { Localizer } from '../../text/localizer';
import type { Node as JsonNode } from 'jsonc-parser';
import type { Rule, RuleContext } from '../types';
import {
  ALL_FORMATS,
  audienceOf,
  bool,
  child,
  defineRule,
  elementCount,
  elements,
  hasPlaceholder,
  keyNode,
  lazyFix,
  report,
  rootObject,
  str,
  type Segment,
  findings,
} from './util';
import { replaceNode } from './edits';
import { hasRedirectPlatform } from './redirectUriModel';
import { BackedNode } from '../backedNode';
import { formatCount } from '../../text/count';

const PASSWORD_DOCS = 'https://learn.microsoft.com/graph/api/resources/passwordcredential';
const BEST_DOCS = 'https://learn.microsoft.com/entra/identity-platform/security-best-practices-for-app-registration';
const ACCOUNTS_DOCS = 'https://learn.microsoft.com/entra/identity-platform/supported-accounts-validation';

const DAY = 86_400_000;

interface DateField {
  readonly node: JsonNode;
  readonly path: Segment[];
  readonly time: number;
}

/**
 * A credential object. On a tree made from a plain value its fields are read from that value, and
 * its node and path are made when first read (a list of thousands costs no node each until one is
 * reported).
 */
class Credential {
  /** The end and start dates, read on first use (null: none). */
  end?: DateField | null;
  start?: DateField | null;
  private madePath: Segment[] | undefined;

  constructor(
    readonly kind: 'password' | 'key',
    private readonly key: string,
    private readonly list: JsonNode,
    private readonly index: number,
    private madeNode: JsonNode | undefined,
    private readonly plain: Record<string, unknown> | undefined,
  ) {}

  get node(): JsonNode {
    return (this.madeNode ??= (this.list as BackedNode).element(this.index)!);
  }

  get path(): Segment[] {
    return (this.madePath ??= [this.key, this.index]);
  }

  /** The string value of the member `name` and its node (the last of repeated keys), when it is a string. */
  field(name: string): { readonly node: JsonNode; readonly value: string } | undefined {
    const plain = this.plain;
    if (plain !== undefined) {
      const v = Object.hasOwn(plain, name) ? plain[name] : undefined;
      return typeof v === 'string' ? { node: child(this.node, name)!, value: v } : undefined;
    }
    const node = child(this.node, name);
    const value = str(node);
    return node && value !== undefined ? { node, value } : undefined;
  }
}

interface Credentials {
  readonly list: Credential[];
  /** Date.parse and day() per distinct value: thousands of credentials often share a few dates. */
  readonly times: Map<string, number>;
  readonly days: Map<number, string>;
}

/** The credential objects, read once per lint run and shared by the rules below. */
function credentialsOf(ctx: RuleContext): Credentials {
  return ctx.memo<Credentials>('credentials', () => {
    const root = rootObject(ctx);
    const list: Credential[] = [];
    for (const [key, kind] of [
      ['passwordCredentials', 'password'],
      ['keyCredentials', 'key'],
    ] as const) {
      const array = child(root, key);
      if (array instanceof BackedNode && array.type === 'array') {
        // The plain items: a node is made only for a credential a rule reports.
        const items = array.plainValue() as unknown[];
        for (let i = 0; i < items.length; i++) {
          const o = items[i];
          if (o !== null && typeof o === 'object' && !Array.isArray(o))
            list.push(new Credential(kind, key, array, i, undefined, o as Record<string, unknown>));
        }
        continue;
      }
      const items = elements(array);
      for (let i = 0; i < items.length; i++) {
        const n = items[i]!;
        if (n.type === 'object') list.push(new Credential(kind, key, array!, i, n, undefined));
      }
    }
    return { list, times: new Map(), days: new Map() };
  });
}

function credentials(ctx: RuleContext): Credential[] {
  return credentialsOf(ctx).list;
}

function dateField(all: Credentials, c: Credential, graphName: string, legacyName: string): DateField | undefined {
  return dateNamed(all, c, graphName) ?? dateNamed(all, c, legacyName);
}

function dateNamed(all: Credentials, c: Credential, name: string): DateField | undefined {
  const f = c.field(name);
  if (f === undefined || hasPlaceholder(f.value)) return undefined;
  let time = all.times.get(f.value);
  if (time === undefined) all.times.set(f.value, (time = Date.parse(f.value)));
  return Number.isNaN(time) ? undefined : { node: f.node, path: [...c.path, name], time };
}

function endOf(all: Credentials, c: Credential): DateField | undefined {
  if (c.end === undefined) c.end = dateField(all, c, 'endDateTime', 'endDate') ?? null;
  return c.end ?? undefined;
}

function startOf(all: Credentials, c: Credential): DateField | undefined {
  if (c.start === undefined) c.start = dateField(all, c, 'startDateTime', 'startDate') ?? null;
  return c.start ?? undefined;
}

/** "This client secret expires in 3 days (2026-01-04)…", with the credential's kind and the count's plural. */
function expiresIn(l10n: Localizer<l10n.L10nReplacement>, c: Credential, days: number, date: string): string {
  if (c.kind === 'password')
    return days === 1
      ? l10n.t('This client secret expires in {0} day ({1}). Add a new one and roll it out before then.', days, date)
      : l10n.t('This client secret expires in {0} days ({1}). Add a new one and roll it out before then.', days, date);
  return days === 1
    ? l10n.t('This certificate/key expires in {0} day ({1}). Add a new one and roll it out before then.', days, date)
    : l10n.t('This certificate/key expires in {0} days ({1}). Add a new one and roll it out before then.', days, date);
}

function day(all: Credentials, t: number): string {
  let d = all.days.get(t);
  if (d === undefined) all.days.set(t, (d = new Date(t).toISOString().slice(0, 10)));
  return d;
}

export const credentialExpiry = defineRule({
  id: 'credential-expiry',
  severity: 'warning',
  title: (l10n) => l10n.t('Expired and expiring credentials'),
  description: (l10n) => l10n.t('Flags expired credentials (warning) and credentials expiring within 30 days (info).'),
  docs: BEST_DOCS,
  formats: ALL_FORMATS,
  check(ctx, self) {
    const l10n: Localizer<l10n.L10nReplacement> = ctx.l10n;
    const now = ctx.now.getTime();
    const out = findings(ctx, self);
    const all = credentialsOf(ctx);
    for (const c of all.list) {
      const end = endOf(all, c);
      if (!end) continue;
      if (end.time <= now) {
        out.add(end.node, (subject) =>
          report(
            self,
            subject,
            end.path,
            c.kind === 'password'
              ? l10n.t(
                  'This client secret expired on {0}. Remove it and add a new one if the app still needs it.',
                  day(all, end.time),
                )
              : l10n.t(
                  'This certificate/key expired on {0}. Remove it and add a new one if the app still needs it.',
                  day(all, end.time),
                ),
          ),
        );
      } else if (end.time - now <= 30 * DAY) {
        const days = Math.ceil((end.time - now) / DAY);
        out.add(
          end.node,
          (subject) =>
            report(self, subject, end.path, expiresIn(l10n, c, days, day(all, end.time)), { severity: 'info' }),
          'info',
        );
      }
    }
    return out.list;
  },
});

export const credentialLongLived = defineRule({
  id: 'credential-long-lived',
  severity: 'warning',
  title: (l10n) => l10n.t('Long-lived client secrets'),
  description: (l10n) => l10n.t('Client secrets valid for more than 2 years are long-lived secrets.'),
  docs: BEST_DOCS,
  formats: ALL_FORMATS,
  check(ctx, self) {
    const l10n: Localizer<l10n.L10nReplacement> = ctx.l10n;
    const out = findings(ctx, self);
    const all = credentialsOf(ctx);
    // Start time -> start + 24 months, once per distinct start.
    const limits = new Map<number, number>();
    for (const c of all.list) {
      if (c.kind !== 'password') continue;
      const end = endOf(all, c);
      if (!end) continue;
      const start = startOf(all, c)?.time ?? ctx.now.getTime();
      let limit = limits.get(start);
      if (limit === undefined) {
        const d = new Date(start);
        d.setUTCMonth(d.getUTCMonth() + 24);
        limits.set(start, (limit = d.getTime()));
      }
      if (end.time > limit + DAY) {
        const months = Math.round((end.time - start) / (30.44 * DAY));
        out.add(end.node, (subject) =>
          report(
            self,
            subject,
            end.path,
            l10n.t(
              'This client secret is valid for about {0} months. Use at most 24 months (ideally a certificate or a federated credential) and rotate it.',
              months,
            ),
          ),
        );
      }
    }
    return out.list;
  },
});

/** Where a secret's value is written (Graph, key credentials' `key`, legacy). */
const SECRET_FIELDS = ['secretText', 'key', 'value'];

export const credentialSecretInFile = defineRule({
  id: 'credential-secret-in-file',
  severity: 'error',
  title: (l10n) => l10n.t('Secret values in the manifest file'),
  description: (l10n) => l10n.t('Secret values (secretText, key, legacy value) never belong in a manifest file.'),
  docs: PASSWORD_DOCS,
  formats: ALL_FORMATS,
  check(ctx, self) {
    const l10n: Localizer<l10n.L10nReplacement> = ctx.l10n;
    const out = findings(ctx, self);
    for (const c of credentials(ctx)) {
      if (c.kind !== 'password') continue;
      for (const name of SECRET_FIELDS) {
        const f = c.field(name);
        if (f === undefined || f.value.trim() === '' || hasPlaceholder(f.value)) continue;
        const node = f.node;
        out.add(node, (subject) =>
          report(
            self,
            subject,
            [...c.path, name],
            l10n.t(
              'A client secret value is stored in this file. Never commit secrets: remove it, rotate the secret, and keep it in a secret store.',
            ),
            {
              fixes: [lazyFix(l10n.t('Remove the secret value'), () => [replaceNode(node, null)], true)],
            },
          ),
        );
      }
    }
    return out.list;
  },
});

export const credentialCountPersonal = defineRule({
  id: 'credential-count-personal',
  severity: 'error',
  title: (l10n) => l10n.t('Too many client secrets for personal accounts'),
  description: (l10n) => l10n.t('Apps that allow personal Microsoft accounts have at most 2 client secrets.'),
  docs: ACCOUNTS_DOCS,
  formats: ALL_FORMATS,
  check(ctx, self) {
    const l10n: Localizer<l10n.L10nReplacement> = ctx.l10n;
    if (audienceOf(ctx) !== 'personal') return [];
    const root = rootObject(ctx);
    const n = elementCount(child(root, 'passwordCredentials'));
    const key = keyNode(root, 'passwordCredentials');
    if (n <= 2 || !key) return [];
    return [
      report(
        self,
        key,
        ['passwordCredentials'],
        l10n.t(
          '{0} client secrets; apps that allow personal accounts may have at most 2. Remove {1}.',
          formatCount(n),
          formatCount(n - 2),
        ),
      ),
    ];
  },
});

/** True when the app is only a public client: public platform or fallback on, no Web platform, no API. */
function isPublicOnly(ctx: RuleContext): boolean {
  const root = rootObject(ctx);
  const fallback =
    bool(child(root, 'isFallbackPublicClient')) === true || bool(child(root, 'allowPublicClient')) === true;
  if (!fallback && !hasRedirectPlatform(ctx, 'public')) return false;
  if (hasRedirectPlatform(ctx, 'web') || hasRedirectPlatform(ctx, 'unknown')) return false;
  return elements(child(root, 'identifierUris')).length === 0;
}

export const credentialPublicClient = defineRule({
  id: 'credential-public-client',
  severity: 'warning',
  title: (l10n) => l10n.t('Credentials on public-client-only apps'),
  description: (l10n) => l10n.t('A public-client-only app cannot keep credentials secret; it should have none.'),
  docs: BEST_DOCS,
  formats: ALL_FORMATS,
  check(ctx, self) {
    const l10n: Localizer<l10n.L10nReplacement> = ctx.l10n;
    if (!isPublicOnly(ctx)) return [];
    const root = rootObject(ctx);
    const out = findings(ctx, self);
    for (const name of ['passwordCredentials', 'keyCredentials']) {
      const n = elements(child(root, name)).length;
      const key = keyNode(root, name);
      if (n > 0 && key) {
        out.add(key, (subject) =>
          report(
            self,
            subject,
            [name],
            name === 'passwordCredentials'
              ? l10n.t(
                  'This is a public client (desktop/mobile), which cannot keep credentials secret. Remove the secrets, or register a separate confidential app.',
                )
              : l10n.t(
                  'This is a public client (desktop/mobile), which cannot keep credentials secret. Remove the keys, or register a separate confidential app.',
                ),
          ),
        );
      }
    }
    return out.list;
  },
});

export const credentialRules: readonly Rule[] = [
  credentialExpiry,
  credentialLongLived,
  credentialSecretInFile,
  credentialCountPersonal,
  credentialPublicClient,
];
