// Rules about client apps the API trusts: `preAuthorizedApplications` (authorized client apps)
// and `knownClientApplications` (bundled consent), in graph (`api.*`) and legacy (top-level) shape.
import type * as l10n from '@vscode/l10n';
import type { Localizer } from '../../text/localizer';
import type { Node as JsonNode } from 'jsonc-parser';
import type { Rule, RuleContext } from '../types';
import {
  ALL_FORMATS,
  audienceOf,
  child,
  defineRule,
  elementCount,
  hasPlaceholder,
  isGuid,
  keyNode,
  ownAppId,
  report,
  rootObject,
  StringList,
  short,
  type Segment,
  findings,
} from './util';
import { definitions } from './definitions';
import { preAuthList, type PreAuth } from './preAuthorized';
import { formatCount } from '../../text/count';

const PREAUTH_DOCS = 'https://learn.microsoft.com/graph/api/resources/preauthorizedapplication';
const API_DOCS = 'https://learn.microsoft.com/graph/api/resources/apiapplication';
const ACCOUNTS_DOCS = 'https://learn.microsoft.com/entra/identity-platform/supported-accounts-validation';

/** What a pre-authorized id names (see preauthorized-unknown-scope). */
type IdVerdict = 'ok' | 'other-placeholder' | 'unknown' | 'disabled';

export const preauthorizedUnknownScope = defineRule({
  id: 'preauthorized-unknown-scope',
  severity: 'error',
  title: (l10n) => l10n.t('Pre-authorized clients with unknown or disabled scopes'),
  description: (l10n) =>
    l10n.t('Pre-authorized client apps reference scope ids defined in this app; disabled scopes are flagged too.'),
  docs: PREAUTH_DOCS,
  formats: ALL_FORMATS,
  check(ctx, self) {
    const l10n: Localizer<l10n.L10nReplacement> = ctx.l10n;
    const out = findings(ctx, self);
    const scopes = new Map<string, boolean>();
    let unknownIds = false;
    // Scope ids written as placeholders, by their text: a pre-authorized id that is a placeholder
    // renders to a scope id only when it is the same placeholder.
    const placeholderIds = new Set<string>();
    let literalIds = false;
    const defs = definitions(ctx);
    for (let i = 0; i < defs.length; i++) {
      const d = defs[i]!;
      if (d.kind !== 'scope') continue;
      if (d.id !== undefined && hasPlaceholder(d.id)) placeholderIds.add(normalPlaceholder(d.id));
      else if (d.id !== undefined) literalIds = true;
      if (d.idKey === undefined) unknownIds = true;
      else scopes.set(d.idKey, d.isEnabled !== false);
    }
    // What an id names depends on its text only: read once per distinct id (a list may repeat one).
    const verdicts = new Map<string, IdVerdict>();
    const verdictOf = (id: string): IdVerdict => {
      let verdict = verdicts.get(id);
      if (verdict === undefined) verdicts.set(id, (verdict = judge(id)));
      return verdict;
    };
    const judge = (id: string): IdVerdict => {
      if (hasPlaceholder(id))
        // Only when every scope id is a placeholder can a different one be known not to match.
        return placeholderIds.size > 0 && !literalIds && !placeholderIds.has(normalPlaceholder(id))
          ? 'other-placeholder'
          : 'ok';
      const enabled = scopes.get(id.toLowerCase());
      if (enabled === undefined) return unknownIds ? 'ok' : 'unknown'; // some scope ids are placeholders: cannot tell
      return enabled ? 'ok' : 'disabled';
    };
    for (const list of preAuthList(ctx)) {
      for (const pa of list.items) {
        // Every entry is read; the closures and paths are made only for the findings kept, and an
        // entry read from a plain value whose ids all pass makes no node.
        if (pa.idValues && pa.idValues.every((v) => typeof v !== 'string' || verdictOf(v) === 'ok')) continue;
        const ids = new StringList(pa.ids);
        for (let i = 0; i < ids.length; i++) {
          const value = ids.value(i);
          if (value === undefined) continue;
          const verdict = verdictOf(value);
          if (verdict === 'ok' || out.tallyAfter(ids.start(i))) continue;
          const node = ids.node(i);
          if (out.tally(node, verdict === 'unknown' ? 'error' : 'warning')) continue;
          const path = (): Segment[] => [...pa.path, pa.idsKey, i];
          if (verdict === 'other-placeholder') {
            out.add(
              node,
              (subject) =>
                report(
                  self,
                  subject,
                  path(),
                  l10n.t(
                    "{0} is not the placeholder any scope's id is written with ({1}): once rendered it will not be the id of a scope of this app. Use the scope's own id placeholder.",
                    short(value),
                    [...placeholderIds]
                      .slice(0, 2)
                      .map((x) => short(x, 50))
                      .join(', '),
                  ),
                  { severity: 'warning' },
                ),
              'warning',
              true,
            );
          } else if (verdict === 'unknown') {
            out.add(
              node,
              (subject) =>
                report(
                  self,
                  subject,
                  path(),
                  l10n.t(
                    "No scope with id {0} is defined in api.oauth2PermissionScopes. Use the id of one of this app's scopes or remove it.",
                    short(value),
                  ),
                ),
              'error',
              true,
            );
          } else {
            out.add(
              node,
              (subject) =>
                report(
                  self,
                  subject,
                  path(),
                  l10n.t(
                    'The scope {0} is disabled; pre-authorizing it has no effect. Enable the scope or remove this id.',
                    short(value),
                  ),
                  { severity: 'warning' },
                ),
              'warning',
              true,
            );
          }
        }
      }
    }
    return out.list;
  },
});

/**
 * A placeholder's text without the spaces inside its braces (`{{ a }}` and `{{a}}` render alike).
 * The spaces before each `}}` are trimmed from the text between the `}}`s: a regular expression
 * looking for spaces followed by `}}` would read a long run of spaces again from each of its
 * characters (quadratic: 27 s for an id with 171,617 spaces).
 */
function normalPlaceholder(value: string): string {
  const parts = value.replace(/\{\{\s*/g, '{{').split('}}');
  for (let i = 0; i < parts.length - 1; i++) parts[i] = parts[i]!.trimEnd();
  return parts.join('}}');
}

export const preauthorizedAppId = defineRule({
  id: 'preauthorized-app-id',
  severity: 'error',
  title: (l10n) => l10n.t('Pre-authorized client ids that are invalid, repeated or the app itself'),
  description: (l10n) => l10n.t('Pre-authorized client appIds are GUIDs, listed once, and not the app itself.'),
  docs: PREAUTH_DOCS,
  formats: ALL_FORMATS,
  check(ctx, self) {
    const l10n: Localizer<l10n.L10nReplacement> = ctx.l10n;
    const out = findings(ctx, self);
    const own = ownAppId(ctx);
    // A finding on an entry's appId: past the listed findings only counted (by the entry's start,
    // so no node is made for it).
    const flag = (pa: PreAuth, message: () => string, severity: 'error' | 'warning' = 'error'): void => {
      if (out.tallyAfter(pa.start)) return;
      out.add(
        pa.appId!,
        (subject) =>
          report(self, subject, [...pa.path, 'appId'], message(), severity === 'error' ? undefined : { severity }),
        severity,
      );
    };
    for (const list of preAuthList(ctx)) {
      const seen = new Map<string, Segment[]>();
      for (const pa of list.items) {
        const v = pa.appIdValue;
        if (v === undefined || hasPlaceholder(v)) continue;
        if (!isGuid(v)) {
          flag(pa, () => l10n.t("'{0}' is not an application (client) id. Use the client app's appId GUID.", v));
          continue;
        }
        const key = v.toLowerCase();
        const first = seen.get(key);
        if (first)
          flag(pa, () =>
            l10n.t(
              'The client {0} is already pre-authorized at /{1}. Merge the permission ids into one entry.',
              v,
              first.join('/'),
            ),
          );
        else seen.set(key, pa.path);
        if (own !== undefined && key === own)
          flag(pa, () => l10n.t('The app pre-authorizes itself, which has no effect. Remove this entry.'), 'warning');
      }
    }
    return out.list;
  },
});

export const preauthorizedLimitsPersonal = defineRule({
  id: 'preauthorized-limits-personal',
  severity: 'error',
  title: (l10n) => l10n.t('Too many pre-authorized clients for personal accounts'),
  description: (l10n) =>
    l10n.t('Apps that allow personal accounts pre-authorize at most 100 clients, 30 scopes per client, 500 in total.'),
  docs: ACCOUNTS_DOCS,
  formats: ALL_FORMATS,
  check(ctx, self) {
    const l10n: Localizer<l10n.L10nReplacement> = ctx.l10n;
    if (audienceOf(ctx) !== 'personal') return [];
    const out = findings(ctx, self);
    for (const list of preAuthList(ctx)) {
      if (list.items.length > 100) {
        out.list.push(
          report(
            self,
            list.key ?? list.arr,
            list.path,
            l10n.t(
              '{0} pre-authorized clients; apps that allow personal accounts may have at most 100. Remove {1}.',
              formatCount(list.items.length),
              formatCount(list.items.length - 100),
            ),
          ),
        );
      }
      let total = 0;
      for (const pa of list.items) {
        const n = pa.idValues ? pa.idValues.length : elementCount(pa.ids);
        total += n;
        if (n > 30 && pa.ids) {
          out.list.push(
            report(
              self,
              keyNode(pa.node, pa.idsKey) ?? pa.ids,
              [...pa.path, pa.idsKey],
              l10n.t(
                '{0} scopes pre-authorized for one client; the limit for apps that allow personal accounts is 30.',
                formatCount(n),
              ),
            ),
          );
        }
      }
      if (total > 500) {
        out.list.push(
          report(
            self,
            list.key ?? list.arr,
            list.path,
            l10n.t(
              '{0} pre-authorized scopes in total; apps that allow personal accounts may have at most 500.',
              formatCount(total),
            ),
          ),
        );
      }
    }
    return out.list;
  },
});

function knownClients(ctx: RuleContext): { arr: JsonNode; path: Segment[] }[] {
  const root = rootObject(ctx);
  const out: { arr: JsonNode; path: Segment[] }[] = [];
  const g = child(child(root, 'api'), 'knownClientApplications');
  if (g?.type === 'array') out.push({ arr: g, path: ['api', 'knownClientApplications'] });
  const l = child(root, 'knownClientApplications');
  if (l?.type === 'array') out.push({ arr: l, path: ['knownClientApplications'] });
  return out;
}

export const knownClientInvalid = defineRule({
  id: 'known-client-invalid',
  severity: 'error',
  title: (l10n) => l10n.t('Known client applications that are not GUIDs or repeat'),
  description: (l10n) => l10n.t('knownClientApplications holds client appId GUIDs, each once.'),
  docs: API_DOCS,
  formats: ALL_FORMATS,
  check(ctx, self) {
    const l10n: Localizer<l10n.L10nReplacement> = ctx.l10n;
    const out = findings(ctx, self);
    for (const list of knownClients(ctx)) {
      const seen = new Set<string>();
      const items = new StringList(list.arr);
      // What an entry is depends on its text only: read once per distinct text ('' for a
      // placeholder, '!' for text that is not a GUID, else the GUID in lower case).
      const keys = new Map<string, string>();
      for (let i = 0; i < items.length; i++) {
        const value = items.value(i);
        if (value === undefined) continue;
        let key = keys.get(value);
        if (key === undefined)
          keys.set(value, (key = hasPlaceholder(value) ? '' : isGuid(value) ? value.toLowerCase() : '!'));
        if (key === '') continue;
        const repeated = key !== '!' && seen.has(key);
        if (key !== '!' && !repeated) {
          seen.add(key);
          continue;
        }
        // Past the listing limit, counted without making the entry's node.
        if (out.tallyAfter(items.start(i))) continue;
        const node = items.node(i);
        const path = [...list.path, i];
        if (!repeated) {
          if (!out.tally(node))
            out.add(node, (subject) =>
              report(
                self,
                subject,
                path,
                l10n.t("'{0}' is not an appId. knownClientApplications takes client app ids (GUIDs).", short(value)),
              ),
            );
        } else if (!out.tally(node, 'warning'))
          out.add(
            node,
            (subject) =>
              report(self, subject, path, l10n.t('{0} is listed twice. Remove the duplicate.', short(value)), {
                severity: 'warning',
              }),
            'warning',
          );
      }
    }
    return out.list;
  },
});

export const knownClientSelf = defineRule({
  id: 'known-client-self',
  severity: 'info',
  title: (l10n) => l10n.t('Known client applications listing the app itself'),
  description: (l10n) => l10n.t('knownClientApplications lists other (client) apps, not the app itself.'),
  docs: API_DOCS,
  formats: ALL_FORMATS,
  check(ctx, self) {
    const own = ownAppId(ctx);
    if (own === undefined) return [];
    const out = findings(ctx, self);
    for (const list of knownClients(ctx)) {
      const items = new StringList(list.arr);
      for (let i = 0; i < items.length; i++) {
        const value = items.value(i);
        // (Only a text as long as an appId can be the app's own.)
        if (value === undefined || value.length !== own.length || value.toLowerCase() !== own) continue;
        if (out.tallyAfter(items.start(i))) continue;
        const node = items.node(i);
        if (!out.tally(node))
          out.add(node, (subject) =>
            report(
              self,
              subject,
              [...list.path, i],
              "The app lists its own appId as a known client; this has no effect. List the client apps' ids instead.",
            ),
          );
      }
    }
    return out.list;
  },
});

export const clientRules: readonly Rule[] = [
  preauthorizedUnknownScope,
  preauthorizedAppId,
  preauthorizedLimitsPersonal,
  knownClientInvalid,
  knownClientSelf,
];
