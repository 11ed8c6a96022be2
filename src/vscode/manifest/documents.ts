// Which documents the manifest language service looks at: JSON/JSONC files whose name matches the
// configured patterns, JSON recognised by content (cheap check), and `entra:` manifests.
import * as vscode from 'vscode';
import { looksLikeManifestText } from '../../core/manifest/format';
import { ENTRA_URI_SCHEME } from '../../core/entra/uris';

export const MANIFEST_SCHEME = ENTRA_URI_SCHEME;
export const DEFAULT_PATTERNS: readonly string[] = [
  '*.manifest.json',
  'aad.manifest.json',
  'aad.template.json',
  '*.entra.json',
];

/** Documents the providers are registered for; each call still checks `isManifest`. */
export const selector: vscode.DocumentSelector = [
  { language: 'json' },
  { language: 'jsonc' },
  { scheme: MANIFEST_SCHEME },
];

/** Text larger than this is not content-sniffed (files matching a pattern are always linted). */
const SNIFF_LIMIT = 5_000_000;

export interface ManifestSettings {
  readonly patterns: readonly string[];
  readonly detectByContent: boolean;
  readonly codeLens: boolean;
}

export function readSettings(): ManifestSettings {
  const config = vscode.workspace.getConfiguration('entra.manifest');
  const patterns = config.get<string[]>('filePatterns', [...DEFAULT_PATTERNS]);
  return {
    patterns: Array.isArray(patterns)
      ? patterns.filter((p) => typeof p === 'string' && p.trim() !== '')
      : [...DEFAULT_PATTERNS],
    detectByContent: config.get<boolean>('detectByContent', true),
    codeLens: config.get<boolean>('codeLens', true),
  };
}

/** A name pattern as a glob over the whole path (`*.manifest.json` -> `**\/*.manifest.json`). */
function glob(pattern: string): string {
  return pattern.includes('/') ? pattern : `**/${pattern}`;
}

export function matchesPatterns(document: vscode.TextDocument, patterns: readonly string[]): boolean {
  return patterns.some((p) => vscode.languages.match({ pattern: glob(p) }, document) > 0);
}

/** Decides per document version and remembers the answer (content sniffing is cheap but not free). */
export class ManifestDocuments {
  private readonly cache = new WeakMap<
    vscode.TextDocument,
    { version: number; settings: ManifestSettings; result: boolean }
  >();

  constructor(private settings: ManifestSettings) {}

  get current(): ManifestSettings {
    return this.settings;
  }

  update(settings: ManifestSettings): void {
    this.settings = settings;
  }

  isManifest(document: vscode.TextDocument): boolean {
    const hit = this.cache.get(document);
    if (hit && hit.version === document.version && hit.settings === this.settings) return hit.result;
    const result = this.decide(document);
    this.cache.set(document, { version: document.version, settings: this.settings, result });
    return result;
  }

  /** Chosen by scheme or name (not only by content): such files always get a verdict, even "not a manifest". */
  isNamedManifest(document: vscode.TextDocument): boolean {
    return document.uri.scheme === MANIFEST_SCHEME || matchesPatterns(document, this.settings.patterns);
  }

  /** Whether VS Code's JSON support validates it with our contributed schema (default patterns). */
  /**
   * Whether VS Code's JSON language service reports this document's syntax errors itself (a JSON or
   * JSONC document while `json.validate.enable` is on), so that Entra does not report them again.
   */
  syntaxReportedByVsCode(document: vscode.TextDocument): boolean {
    if (document.languageId !== 'json' && document.languageId !== 'jsonc') return false;
    return vscode.workspace.getConfiguration('json', document).get<boolean>('validate.enable', true) !== false;
  }

  coveredByJsonValidation(document: vscode.TextDocument): boolean {
    return document.uri.scheme !== MANIFEST_SCHEME && matchesPatterns(document, DEFAULT_PATTERNS);
  }

  private decide(document: vscode.TextDocument): boolean {
    if (document.uri.scheme === MANIFEST_SCHEME) return true;
    if (document.languageId !== 'json' && document.languageId !== 'jsonc') return false;
    if (matchesPatterns(document, this.settings.patterns)) return true;
    if (!this.settings.detectByContent) return false;
    const text = document.getText();
    return text.length <= SNIFF_LIMIT && looksLikeManifestText(text);
  }
}
