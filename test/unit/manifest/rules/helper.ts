// Builds a RuleContext from text with jsonc-parser, so rule tests stand alone (no engine needed).
import assert from 'node:assert/strict';
import { findNodeAtLocation, getNodeValue, parseTree, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import { applyEdits } from 'jsonc-parser';
import type {
  ManifestFormat,
  PermissionCatalog,
  PermissionInfo,
  Problem,
  ResourceInfo,
  Rule,
  RuleContext,
} from '../../../../src/core/manifest/types';
import { rules } from '../../../../src/core/manifest/rules';
import { english, type Localizer } from '../../../../src/core/text/localizer';

const LEGACY_KEYS = [
  'replyUrlsWithType',
  'oauth2Permissions',
  'accessTokenAcceptedVersion',
  'availableToOtherTenants',
  'oauth2AllowImplicitFlow',
];

export interface CtxOptions {
  format?: ManifestFormat;
  now?: Date;
  catalog?: PermissionCatalog;
  original?: unknown;
  l10n?: Localizer;
}

export function guessFormat(value: unknown, text: string): ManifestFormat {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return 'not-manifest';
  if (/\{\{/.test(text)) return 'teams-template';
  const keys = Object.keys(value);
  if (keys.some((k) => LEGACY_KEYS.includes(k))) return 'legacy';
  return 'graph';
}

export function makeCtx(text: string, opts: CtxOptions = {}): RuleContext {
  const errors: ParseError[] = [];
  const memo = new Map<string, unknown>();
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  const value: unknown = root ? getNodeValue(root) : undefined;
  let signInAudience: string | undefined;
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const v = value as Record<string, unknown>;
    if (typeof v.signInAudience === 'string') signInAudience = v.signInAudience;
    else if (typeof v.availableToOtherTenants === 'boolean')
      signInAudience = v.availableToOtherTenants ? 'AzureADMultipleOrgs' : 'AzureADMyOrg';
  }
  return {
    text,
    root,
    value,
    format: opts.format ?? guessFormat(value, text),
    signInAudience,
    now: opts.now ?? new Date('2026-01-15T00:00:00Z'),
    catalog: opts.catalog,
    original: opts.original,
    l10n: opts.l10n ?? english,
    nodeAt: (path) => (root ? findNodeAtLocation(root, [...path]) : undefined),
    memo: <T>(key: string, compute: () => T): T => {
      if (!memo.has(key)) memo.set(key, compute());
      return memo.get(key) as T;
    },
  };
}

export function ruleById(id: string): Rule {
  const r = rules.find((x) => x.id === id);
  assert.ok(r, `rule ${id} is registered`);
  return r;
}

/** Runs one rule over a JSON value (stringified with 2-space indent) or text. */
export function run(id: string, input: unknown, opts: CtxOptions = {}): Problem[] {
  const text = typeof input === 'string' ? input : JSON.stringify(input, null, 2);
  const ctx = makeCtx(text, opts);
  const rule = ruleById(id);
  if (!rule.formats.includes(ctx.format)) return [];
  return rule.check(ctx);
}

/** Runs every registered rule whose formats include the verdict. */
export function runAll(text: string, opts: CtxOptions = {}): Problem[] {
  const ctx = makeCtx(text, opts);
  return rules.filter((r) => r.formats.includes(ctx.format)).flatMap((r) => r.check(ctx));
}

/** The text a problem points at. */
export function flagged(text: string, p: Problem): string {
  return text.slice(p.offset, p.offset + p.length);
}

/** Asserts that a problem is anchored exactly on the node at `path`. */
export function assertAt(text: string, p: Problem | undefined, path: (string | number)[]): void {
  assert.ok(p, 'a problem was reported');
  const root = parseTree(text);
  const node: JsonNode | undefined = root ? findNodeAtLocation(root, path) : undefined;
  assert.ok(node, `node at ${path.join('/')} exists`);
  assert.equal(p.offset, node.offset, 'offset');
  assert.equal(p.length, node.length, 'length');
  assert.equal(p.path, '/' + path.map((s) => String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('/'));
}

/** Applies the first fix of a problem and parses the result. */
export function applyFix(text: string, p: Problem, index = 0): { text: string; value: unknown } {
  const fix = p.fixes?.[index];
  assert.ok(fix, 'the problem offers a fix');
  const out = applyEdits(text, [...fix.edits]);
  const errors: ParseError[] = [];
  const root = parseTree(out, errors, { allowTrailingComma: true });
  assert.equal(errors.length, 0, `fixed text parses: ${out}`);
  return { text: out, value: root ? (JSON.parse(JSON.stringify(getNodeValue(root))) as unknown) : undefined };
}

/** The offset and length of the `occurrence`-th match of `needle` in `text` (asserts it is there). */
export function at(text: string, needle: string, occurrence = 0): { offset: number; length: number } {
  let offset = -1;
  for (let i = 0; i <= occurrence; i++) {
    offset = text.indexOf(needle, offset + 1);
    assert.ok(offset >= 0, `${JSON.stringify(needle)} #${i} not found`);
  }
  return { offset, length: needle.length };
}

export const APP_ID = '11111111-2222-3333-4444-555555555555';
export const guid = (n: number): string => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

/** A small catalogue for tests: one complete resource (Microsoft Graph subset) and one incomplete. */
export function testCatalog(): PermissionCatalog {
  const p = (id: string, value: string, type: 'Scope' | 'Role'): PermissionInfo => ({ id, value, type });
  const graph: ResourceInfo & { complete: boolean } = {
    appId: '00000003-0000-0000-c000-000000000000',
    displayName: 'Microsoft Graph',
    scopes: [
      p('e1fe6dd8-ba31-4d61-89e7-88639da4683d', 'User.Read', 'Scope'),
      p('a154be20-db9c-4678-8ab7-66f6cc099a59', 'User.Read.All', 'Scope'),
    ],
    roles: [
      p('df021288-bdef-4463-88db-98f22de89214', 'User.Read.All', 'Role'),
      p('19dbc75e-c2e2-444c-a770-ec69d8559fc7', 'Directory.ReadWrite.All', 'Role'),
      p('9492366f-7969-46a4-8d15-ed1a20078fff', 'Sites.ReadWrite.All', 'Role'),
    ],
    complete: true,
  };
  const partial: ResourceInfo & { complete: boolean } = {
    appId: guid(77),
    displayName: 'Partial API',
    scopes: [],
    roles: [],
    complete: false,
  };
  const all = [graph, partial];
  return {
    getResource(k: string) {
      const key = k.toLowerCase();
      return all.find((r) => r.appId === key || r.displayName.toLowerCase() === key);
    },
    resources: () => all,
  };
}
