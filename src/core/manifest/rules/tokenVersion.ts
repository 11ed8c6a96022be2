// Rules about the access token version (`api.requestedAccessTokenVersion`, legacy
// `accessTokenAcceptedVersion`) where App ID URIs or the audience require v2 tokens.
import type * as l10n from '@vscode/l10n';
import type { Localizer } from '../../text/localizer';
import type { Node as JsonNode } from 'jsonc-parser';
import type { Fix, Rule, RuleContext } from '../types';
import { identifierUris, isDefaultUri, tokenVersion, versionUnknown } from './identifierUris';
import { canSet, replaceNode, setEdits } from './edits';
import {
  ALL_FORMATS,
  audienceOf,
  child,
  defineRule,
  hasPlaceholder,
  keyNode,
  lazyFix,
  ownAppId,
  report,
  rootObject,
  short,
  type Segment,
} from './util';

const BEST_DOCS = 'https://learn.microsoft.com/entra/identity-platform/security-best-practices-for-app-registration';
const API_DOCS = 'https://learn.microsoft.com/graph/api/resources/apiapplication';

function versionFix(ctx: RuleContext, tv: ReturnType<typeof tokenVersion>, name: string, preferred: boolean): Fix[] {
  const l10n: Localizer<l10n.L10nReplacement> = ctx.l10n;
  const title = l10n.t('Set {0} to 2', name);
  const node = tv.node;
  if (node) return [lazyFix(title, () => [replaceNode(node, 2)], preferred)];
  return canSet(ctx.root, tv.path) ? [lazyFix(title, () => setEdits(ctx.text, tv.path, 2), preferred)] : [];
}

export const tokenVersionPersonal = defineRule({
  id: 'token-version-personal',
  severity: 'error',
  title: (l10n) => l10n.t('Version 1 access tokens on apps for personal accounts'),
  description: (l10n) => l10n.t('Apps that allow personal Microsoft accounts must request v2 access tokens.'),
  docs: API_DOCS,
  formats: ALL_FORMATS,
  check(ctx, self) {
    const l10n: Localizer<l10n.L10nReplacement> = ctx.l10n;
    if (audienceOf(ctx) !== 'personal') return [];
    const tv = tokenVersion(ctx);
    if (tv.value === 2 || (typeof tv.value === 'string' && hasPlaceholder(tv.value))) return [];
    if (versionUnknown(ctx, tv.node)) return [];
    const root = rootObject(ctx);
    if (!root) return [];
    const api = tv.legacy ? undefined : keyNode(root, 'api');
    const aud = child(root, 'signInAudience');
    const [anchor, path]: [JsonNode, Segment[]] = tv.node
      ? [tv.node, tv.path]
      : api
        ? [api, ['api']]
        : aud
          ? [aud, ['signInAudience']]
          : [root, []];
    const name = tv.legacy ? 'accessTokenAcceptedVersion' : 'api.requestedAccessTokenVersion';
    return [
      report(
        self,
        anchor,
        path,
        l10n.t('{0} requires {1} = 2 (null or 1 means v1 tokens). Set it to 2.', String(ctx.signInAudience), name),
        {
          fixes: versionFix(ctx, tv, name, true),
        },
      ),
    ];
  },
});

export const tokenVersionV1CustomUri = defineRule({
  id: 'token-version-v1-custom-uri',
  severity: 'info',
  title: (l10n) => l10n.t('Version 1 access tokens with custom App ID URIs'),
  description: (l10n) => l10n.t('Apps with App ID URIs other than api://{appId} should use v2 access tokens.'),
  docs: BEST_DOCS,
  formats: ALL_FORMATS,
  check(ctx, self) {
    const l10n: Localizer<l10n.L10nReplacement> = ctx.l10n;
    if (audienceOf(ctx) === 'personal') return []; // token-version-personal reports it
    const tv = tokenVersion(ctx);
    if (tv.value === 2 || typeof tv.value === 'string' || versionUnknown(ctx, tv.node)) return [];
    const own = ownAppId(ctx);
    // The first custom URI is the one named (no need to judge the rest).
    const custom = identifierUris(ctx).find((u) => !hasPlaceholder(u.value) && !isDefaultUri(u.value, own));
    if (custom === undefined) return [];
    const root = rootObject(ctx);
    const anchor = tv.node ?? keyNode(root, 'identifierUris');
    if (!anchor) return [];
    const name = tv.legacy ? 'accessTokenAcceptedVersion' : 'api.requestedAccessTokenVersion';
    return [
      report(
        self,
        anchor,
        tv.node ? tv.path : ['identifierUris'],
        l10n.t(
          'This app issues v1 tokens and has non-default App ID URIs ({0}). Set {1} to 2 and validate aud against the appId.',
          short(custom.value),
          name,
        ),
        {
          fixes: versionFix(ctx, tv, name, false),
        },
      ),
    ];
  },
});

export const tokenVersionRules: readonly Rule[] = [tokenVersionPersonal, tokenVersionV1CustomUri];
