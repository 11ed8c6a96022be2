// Rules about `optionalClaims` (idToken, accessToken, saml2Token): known names, token types,
// dependencies and additional properties.
import type * as l10n from '@vscode/l10n';
import type { Localizer } from '../../text/localizer';
import type { Node as JsonNode } from 'jsonc-parser';
import { BackedNode } from '../backedNode';
import type { Rule, RuleContext } from '../types';
import {
  ALL_FORMATS,
  child,
  defineRule,
  editDistance,
  elements,
  hasPlaceholder,
  lazyFix,
  report,
  rootObject,
  str,
  type Segment,
  short,
  findings,
} from './util';
import { replaceNode, setEdits } from './edits';
import {
  ADDITIONAL,
  edovWithoutEmailText,
  notEmittedText,
  OPTIONAL_CLAIMS,
  TOKEN_TYPES,
  type TokenType,
} from './claimTables';

const CLAIMS_DOCS = 'https://learn.microsoft.com/entra/identity-platform/optional-claims-reference';

interface Claim {
  readonly token: TokenType;
  readonly node: JsonNode;
  readonly path: Segment[];
  readonly nameNode: JsonNode;
  readonly name: string;
  /** Directory/extension attribute claims (`source` set, `extension_…`) are not in the built-in list. */
  readonly custom: boolean;
  /** Whether the claim has an additionalProperties key. */
  readonly hasAdditional: boolean;
}

/** A claim read from the strict-JSON tree's plain value; its nodes are made when a rule reads them. */
class PlainClaim implements Claim {
  constructor(
    readonly token: TokenType,
    private readonly list: JsonNode,
    private readonly index: number,
    readonly name: string,
    readonly custom: boolean,
    readonly hasAdditional: boolean,
    /** The claim's plain object. */
    readonly plain: Readonly<Record<string, unknown>>,
  ) {}

  get node(): JsonNode {
    return this.list.children![this.index]!;
  }

  get nameNode(): JsonNode {
    return child(this.node, 'name')!;
  }

  get path(): Segment[] {
    return ['optionalClaims', this.token, this.index];
  }
}

function isCustom(name: string, source: unknown): boolean {
  return (typeof source === 'string' && source !== '') || name.toLowerCase().startsWith('extension_');
}

/** Every named optional claim (read once per lint run and shared by the rules below). */
function claims(ctx: RuleContext): Claim[] {
  return ctx.memo<Claim[]>('optionalClaims', () => {
    const oc = child(rootObject(ctx), 'optionalClaims');
    const out: Claim[] = [];
    for (const token of TOKEN_TYPES) {
      const list = child(oc, token);
      if (list instanceof BackedNode && list.type === 'array') {
        // The strict-JSON tree: read the plain items, make nodes only for what a rule reports.
        const plain = list.plainValue() as unknown[];
        for (let i = 0; i < plain.length; i++) {
          const item = plain[i];
          if (item === null || typeof item !== 'object' || Array.isArray(item)) continue;
          const o = item as Record<string, unknown>;
          const name = Object.hasOwn(o, 'name') ? o.name : undefined;
          if (typeof name !== 'string' || name === '' || hasPlaceholder(name)) continue;
          out.push(
            new PlainClaim(
              token,
              list,
              i,
              name,
              isCustom(name, Object.hasOwn(o, 'source') ? o.source : undefined),
              Object.hasOwn(o, 'additionalProperties'),
              o,
            ),
          );
        }
        continue;
      }
      const items = elements(list);
      for (let i = 0; i < items.length; i++) {
        const n = items[i]!;
        const nameNode = child(n, 'name');
        const name = str(nameNode);
        if (!nameNode || name === undefined || name === '' || hasPlaceholder(name)) continue;
        out.push({
          token,
          node: n,
          path: ['optionalClaims', token, i],
          nameNode,
          name,
          custom: isCustom(name, str(child(n, 'source'))),
          hasAdditional: child(n, 'additionalProperties') !== undefined,
        });
      }
    }
    return out;
  });
}

export const optionalClaimUnknown = defineRule({
  id: 'optional-claim-unknown',
  severity: 'warning',
  title: (l10n) => l10n.t('Unknown optional claims'),
  description: (l10n) =>
    l10n.t('Optional claim names come from the documented list (extension attributes need a source).'),
  docs: CLAIMS_DOCS,
  formats: ALL_FORMATS,
  check(ctx, self) {
    const l10n: Localizer<l10n.L10nReplacement> = ctx.l10n;
    const out = findings(ctx, self);
    const names = Object.keys(OPTIONAL_CLAIMS);
    const distance = editDistance();
    // The nearest known name of each unknown name, found once (a list may repeat one name).
    const nearest = new Map<string, string | undefined>();
    for (const c of claims(ctx)) {
      if (c.custom || Object.hasOwn(OPTIONAL_CLAIMS, c.name) || out.tally(c.nameNode)) continue;
      const lower = c.name.toLowerCase();
      let best: string | undefined;
      if (nearest.has(lower)) best = nearest.get(lower);
      else {
        let bestD = 3;
        for (const n of names) {
          const d = distance(lower, n, 2);
          if (d < bestD) {
            bestD = d;
            best = n;
          }
        }
        nearest.set(lower, best);
      }
      const msg = best
        ? l10n.t("'{0}' is not a known optional claim. Did you mean '{1}'?", short(c.name), best)
        : l10n.t(
            "'{0}' is not a known optional claim. Check the name, or set source for an extension attribute.",
            short(c.name),
          );
      out.add(c.nameNode, (subject) =>
        report(self, subject, [...c.path, 'name'], msg, {
          fixes: best
            ? [lazyFix(l10n.t("Change to '{0}'", best), () => [replaceNode(c.nameNode, best)], true)]
            : undefined,
        }),
      );
    }
    return out.list;
  },
});

export const optionalClaimTokenType = defineRule({
  id: 'optional-claim-token-type',
  severity: 'warning',
  title: (l10n) => l10n.t('Optional claims for token types that cannot carry them'),
  description: (l10n) =>
    l10n.t(
      'Each optional claim is configured only for token types that can carry it (e.g. idtyp only in access tokens).',
    ),
  docs: CLAIMS_DOCS,
  formats: ALL_FORMATS,
  check(ctx, self) {
    const l10n: Localizer<l10n.L10nReplacement> = ctx.l10n;
    const out = findings(ctx, self);
    for (const c of claims(ctx)) {
      const allowed = Object.hasOwn(OPTIONAL_CLAIMS, c.name) ? OPTIONAL_CLAIMS[c.name] : undefined;
      if (c.custom || !allowed || allowed.includes(c.token) || out.tally(c.nameNode)) continue;
      out.add(c.nameNode, (subject) =>
        report(self, subject, [...c.path, 'name'], notEmittedText(l10n, short(c.name), c.token, allowed)),
      );
    }
    return out.list;
  },
});

export const optionalClaimGroups = defineRule({
  id: 'optional-claim-groups-membership',
  severity: 'warning',
  title: (l10n) => l10n.t('The groups claim without group membership claims'),
  description: (l10n) => l10n.t('The groups optional claim needs groupMembershipClaims to be set.'),
  docs: CLAIMS_DOCS,
  formats: ALL_FORMATS,
  check(ctx, self) {
    const l10n: Localizer<l10n.L10nReplacement> = ctx.l10n;
    const gmc = child(rootObject(ctx), 'groupMembershipClaims');
    // A partial object (an update body, an optional claims file) leaves the setting as it is.
    if (!gmc && ctx.format === 'partial') return [];
    const v = str(gmc);
    if (v !== undefined && v !== '' && v !== 'None') return [];
    if (gmc && gmc.type !== 'string' && gmc.type !== 'null') return [];
    const first = claims(ctx).find((c) => c.name === 'groups');
    if (!first) return [];
    const title = l10n.t('Set {0} to {1}', 'groupMembershipClaims', '"SecurityGroup"');
    const fix = gmc
      ? lazyFix(title, () => [replaceNode(gmc, 'SecurityGroup')])
      : lazyFix(title, () => setEdits(ctx.text, ['groupMembershipClaims'], 'SecurityGroup'));
    return [
      report(
        self,
        first.nameNode,
        [...first.path, 'name'],
        l10n.t(
          'The groups claim is only emitted when groupMembershipClaims is set. Set it to "SecurityGroup", "DirectoryRole", "ApplicationGroup" or "All".',
        ),
        {
          fixes: [fix],
        },
      ),
    ];
  },
});

export const optionalClaimEdovEmail = defineRule({
  id: 'optional-claim-edov-email',
  severity: 'warning',
  title: (l10n) => l10n.t('The xms_edov claim without the email claim'),
  description: (l10n) => l10n.t('xms_edov needs the email optional claim in the same token.'),
  docs: CLAIMS_DOCS,
  formats: ALL_FORMATS,
  check(ctx, self) {
    const l10n: Localizer<l10n.L10nReplacement> = ctx.l10n;
    const all = claims(ctx);
    const out = findings(ctx, self);
    // The token types that have the email claim (one pass, not one per xms_edov).
    const withEmail = new Set<TokenType>();
    for (const c of all) if (c.name === 'email') withEmail.add(c.token);
    for (const c of all) {
      if (c.name !== 'xms_edov') continue;
      if (withEmail.has(c.token)) continue;
      out.add(c.nameNode, (subject) => report(self, subject, [...c.path, 'name'], edovWithoutEmailText(l10n, c.token)));
    }
    return out.list;
  },
});

export const optionalClaimAdditionalProperties = defineRule({
  id: 'optional-claim-additional-properties',
  severity: 'warning',
  title: (l10n) => l10n.t('Optional claim properties the claim does not understand'),
  description: (l10n) =>
    l10n.t(
      'additionalProperties values are ones the claim understands (e.g. groups: sam_account_name, emit_as_roles).',
    ),
  docs: CLAIMS_DOCS,
  formats: ALL_FORMATS,
  check(ctx, self) {
    const l10n: Localizer<l10n.L10nReplacement> = ctx.l10n;
    const out = findings(ctx, self);
    for (const c of claims(ctx)) {
      const known = Object.hasOwn(ADDITIONAL, c.name) ? ADDITIONAL[c.name] : undefined;
      if (!known || c.custom || !c.hasAdditional) continue;
      // A claim read from the plain value makes its nodes only when one of its values is reported.
      if (c instanceof PlainClaim && !someUnknown(c.plain.additionalProperties, known)) continue;
      elements(child(c.node, 'additionalProperties')).forEach((n, i) => {
        const v = str(n);
        if (v === undefined || hasPlaceholder(v) || known.includes(v)) return;
        out.add(n, (subject) =>
          report(
            self,
            subject,
            [...c.path, 'additionalProperties', i],
            l10n.t("'{0}' is not an additional property of {1}. Use one of: {2}.", short(v), c.name, known.join(', ')),
          ),
        );
      });
    }
    return out.list;
  },
});

export const optionalClaimSource = defineRule({
  id: 'optional-claim-source',
  severity: 'warning',
  title: (l10n) => l10n.t('Optional claims with an invalid source'),
  description: (l10n) =>
    l10n.t(
      'An optional claim\'s source is null (a built-in claim) or "user" (an extension attribute of the user object).',
    ),
  docs: 'https://learn.microsoft.com/graph/api/resources/optionalclaim',
  formats: ALL_FORMATS,
  check(ctx, self) {
    const l10n: Localizer<l10n.L10nReplacement> = ctx.l10n;
    const out = findings(ctx, self);
    const oc = child(rootObject(ctx), 'optionalClaims');
    for (const token of TOKEN_TYPES) {
      const list = child(oc, token);
      // The strict-JSON tree: the plain items say which have a source to report (nodes made for those only).
      const plain = list instanceof BackedNode && list.type === 'array' ? (list.plainValue() as unknown[]) : undefined;
      elements(plain ? undefined : list).forEach(checkItem);
      if (plain) for (let i = 0; i < plain.length; i++) if (badSource(plain[i])) checkItem(list!.children![i]!, i);
      function checkItem(item: JsonNode, i: number): void {
        const node = child(item, 'source');
        const source = str(node);
        if (!node || source === undefined || source === '' || source === 'user' || hasPlaceholder(source)) return;
        const name = str(child(item, 'name'));
        const builtIn = name !== undefined && Object.hasOwn(OPTIONAL_CLAIMS, name);
        out.add(node, (subject) =>
          report(
            self,
            subject,
            ['optionalClaims', token, i, 'source'],
            source.toLowerCase() === 'user'
              ? l10n.t('source is case-sensitive: write "user".')
              : builtIn
                ? l10n.t(
                    '\'{0}\' is not a claim source: Entra knows null (a built-in claim) and "user" (an extension attribute of the user), so this claim is not emitted. For the built-in {1} claim set source to null.',
                    short(source),
                    name,
                  )
                : l10n.t(
                    '\'{0}\' is not a claim source: Entra knows null (a built-in claim) and "user" (an extension attribute of the user), so this claim is not emitted.',
                    short(source),
                  ),
            builtIn
              ? { fixes: [lazyFix(l10n.t('Set source to null'), () => [replaceNode(node, null)], true)] }
              : undefined,
          ),
        );
      }
    }
    return out.list;
  },
});

/** Whether a plain additionalProperties value has a string the claim does not know (what the rule reports). */
function someUnknown(values: unknown, known: readonly string[]): boolean {
  if (!Array.isArray(values)) return false;
  for (const v of values) if (typeof v === 'string' && !hasPlaceholder(v) && !known.includes(v)) return true;
  return false;
}

/** Whether a plain claim item has a source the source rule reports. */
function badSource(item: unknown): boolean {
  if (item === null || typeof item !== 'object' || Array.isArray(item) || !Object.hasOwn(item, 'source')) return false;
  const source = (item as Record<string, unknown>).source;
  return typeof source === 'string' && source !== '' && source !== 'user' && !hasPlaceholder(source);
}

export const optionalClaimRules: readonly Rule[] = [
  optionalClaimUnknown,
  optionalClaimTokenType,
  optionalClaimGroups,
  optionalClaimEdovEmail,
  optionalClaimAdditionalProperties,
  optionalClaimSource,
];
