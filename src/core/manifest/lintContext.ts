// The context the rules of one lint run read (RuleContext): the parsed document, its format and
// audience, the catalogue, the run's memo and what the engine tells the rules about their findings.
import type { Node as JsonNode } from 'jsonc-parser';
import type * as l10n from '@vscode/l10n';
import type { Localizer } from '../text/localizer';
import { builtInCatalog } from './catalog';
import { MAX_FINDINGS_PER_RULE } from './findings';
import type { FormatVerdict } from './format';
import { nodeAtPath, type KeyIndex, type ParsedDocument } from './json';
import type { LintOptions } from './lint';
import type { ManifestFormat, PermissionCatalog, RuleContext, SchemaCoverage } from './types';

export function audienceOf(value: unknown, verdict: FormatVerdict): string | undefined {
  const obj =
    value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  let audience = typeof obj.signInAudience === 'string' ? obj.signInAudience : undefined;
  if (audience === undefined && verdict.flavor === 'legacy' && typeof obj.availableToOtherTenants === 'boolean') {
    audience = obj.availableToOtherTenants ? 'AzureADMultipleOrgs' : 'AzureADMyOrg';
  }
  return audience;
}

export function createContext(
  doc: ParsedDocument,
  verdict: FormatVerdict,
  value: unknown,
  options: LintOptions,
  keyIndex: KeyIndex,
  l10n: Localizer<l10n.L10nReplacement>,
  schemaCoverage: SchemaCoverage,
): RuleContext {
  return new LintContext(
    keyIndex,
    doc.text,
    doc.root,
    value,
    verdict.format,
    audienceOf(value, verdict),
    options.now ?? new Date(),
    options.catalog === null ? undefined : (options.catalog ?? builtInCatalog()),
    options.original ?? options.originalFor?.(value),
    l10n,
    // capPerRule lists this many findings of a rule: rules need not build the rest.
    MAX_FINDINGS_PER_RULE,
    // What the schema's findings (all made by now) cover: the rules count the rest past the limit.
    schemaCoverage,
    doc.duplicateObjects,
  );
}

/** The context of one lint run; its memo lives and dies with the run. */
export class LintContext implements RuleContext {
  private readonly cache = new Map<string, unknown>();
  constructor(
    private readonly keyIndex: KeyIndex,
    readonly text: string,
    readonly root: JsonNode | undefined,
    readonly value: unknown,
    readonly format: ManifestFormat,
    readonly signInAudience: string | undefined,
    readonly now: Date,
    readonly catalog: PermissionCatalog | undefined,
    readonly original: unknown,
    readonly l10n: Localizer<l10n.L10nReplacement>,
    readonly findingLimit?: number,
    readonly schemaCoverage?: SchemaCoverage,
    readonly duplicateObjects?: readonly number[],
  ) {}

  memo<T>(key: string, compute: () => T): T {
    if (this.cache.has(key)) return this.cache.get(key) as T;
    const value = compute();
    this.cache.set(key, value);
    return value;
  }

  nodeAt(path: readonly (string | number)[]): JsonNode | undefined {
    return nodeAtPath(this.root, path, this.keyIndex);
  }
}
