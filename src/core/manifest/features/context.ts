// What the editor features share: their options and results, and the parse of the document.
import { type Node as JsonNode } from 'jsonc-parser';
import type { Localizer } from '../../text/localizer';
import type { SchemaNode } from '../schemaModel';
import { detectFormat, type FormatVerdict, type SchemaFlavor } from '../format';
import { asApplicationFragment } from '../fragment';
import { nodeAtPath, parseDocument, type ParsedDocument } from '../json';
import type { PermissionCatalog } from '../types';

export interface FeatureContext {
  /** Permission names; defaults to the built-in catalogue. */
  readonly catalog?: PermissionCatalog;
  /**
   * Whether to answer from the schema too (property descriptions, property names, enum values).
   * Editors that already validate the file with the same schema pass false to avoid duplicates.
   */
  readonly schemaItems?: boolean;
  /** The parse of the last text, shared by hover, completion and lenses on the same version. */
  readonly parses?: FeatureParses;
  /** Translates hover texts and completion details; English by default (values stay as written). */
  readonly l10n?: Localizer;
}

export interface HoverResult {
  readonly offset: number;
  readonly length: number;
  /** Markdown; every string taken from the document or a catalogue is escaped. */
  readonly markdown: string;
}

export type CompletionKind = 'permission' | 'resource' | 'value' | 'property';

export interface CompletionResult {
  readonly label: string;
  readonly kind: CompletionKind;
  /** Text to insert; a snippet (`$1`, `${1|a,b|}`) when `snippet` is true. */
  readonly insertText: string;
  readonly snippet: boolean;
  /** The range the insertion replaces. */
  readonly offset: number;
  readonly length: number;
  readonly detail?: string;
  readonly documentation?: string;
  /** What the editor matches the typed text against (e.g. the GUID's name and the GUID). */
  readonly filterText?: string;
  readonly sortText?: string;
  /** Shown struck through and listed last (a retired API). */
  readonly deprecated?: boolean;
}

export interface GuidLens {
  readonly offset: number;
  readonly length: number;
  readonly title: string;
}

interface Analysed {
  readonly doc: ParsedDocument;
  readonly verdict: FormatVerdict;
}

function parse(text: string): Analysed {
  const doc = asApplicationFragment(parseDocument(text));
  return { doc, verdict: detectFormat(doc.root, text) };
}

/** Keeps the parse of the last text asked for: the editor creates one for its feature providers. */
export class FeatureParses {
  private last: { text: string; analysed: Analysed } | undefined;

  get(text: string): Analysed {
    if (this.last?.text === text) return this.last.analysed;
    const analysed = parse(text);
    this.last = { text, analysed };
    return analysed;
  }
}

/**
 * A schema node's description in the Localizer's language. The key is the English description itself:
 * scripts/l10n.mjs adds every description of the two application schemas to l10n/bundle.l10n.json (the
 * extractor only sees literals), and a schema edit without a regenerated bundle fails its drift check.
 * Called without arguments, neither runtime fills in `{…}` in the text (`api://{appId}` stays as written).
 */
export function schemaDescription(schema: SchemaNode | undefined, l10n: Localizer): string | undefined {
  return schema?.description === undefined ? undefined : l10n.t(schema.description);
}

/** The document parsed, once per text when the context brings its parses. */
export function analyse(text: string, ctx: FeatureContext): Analysed {
  return ctx.parses ? ctx.parses.get(text) : parse(text);
}

export function flavorOf(verdict: FormatVerdict): SchemaFlavor {
  return verdict.flavor;
}

/** The resourceAppId (and resource) that owns a `requiredResourceAccess[i]` entry. */
export function resourceForEntry(
  root: JsonNode,
  index: number | string,
  catalog: PermissionCatalog,
): { appId: string; resource: ReturnType<PermissionCatalog['getResource']> } | undefined {
  const appIdNode = nodeAtPath(root, ['requiredResourceAccess', index, 'resourceAppId']);
  if (appIdNode?.type !== 'string') return undefined;
  const appId = String(appIdNode.value);
  return { appId, resource: catalog.getResource(appId) };
}

export function isValueNode(node: JsonNode): boolean {
  return !(node.parent?.type === 'property' && node.parent.children?.[0] === node);
}

export function isClientAppIdPath(path: readonly (string | number)[]): boolean {
  return (
    (path[0] === 'api' && path[1] === 'preAuthorizedApplications' && path[3] === 'appId') ||
    (path[0] === 'preAuthorizedApplications' && path[2] === 'appId') ||
    (path[0] === 'api' && path[1] === 'knownClientApplications' && path.length === 3) ||
    (path[0] === 'knownClientApplications' && path.length === 2)
  );
}

export function localScope(root: JsonNode, id: string, flavor: SchemaFlavor): string | undefined {
  const scopes = nodeAtPath(root, flavor === 'graph' ? ['api', 'oauth2PermissionScopes'] : ['oauth2Permissions']);
  for (const s of scopes?.children ?? []) {
    const idNode = nodeAtPath(s, ['id']);
    if (typeof idNode?.value === 'string' && idNode.value.toLowerCase() === id.toLowerCase()) {
      const v = nodeAtPath(s, ['value'])?.value;
      return typeof v === 'string' ? v : undefined;
    }
  }
  return undefined;
}
