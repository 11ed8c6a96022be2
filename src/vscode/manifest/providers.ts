// Hovers, completions, GUID lenses and code actions: thin shells over the core features; every
// position comes from `document.positionAt` on a core offset.
import * as vscode from 'vscode';
import {
  completionsAt,
  guidLenses,
  hoverAt,
  type CompletionKind,
  type FeatureParses,
} from '../../core/manifest/features';
import type { Fix, PermissionCatalog, Problem } from '../../core/manifest/types';
import { toRange, type ManifestDiagnostics } from './diagnostics';
import type { ManifestDocuments } from './documents';

export type CatalogLookup = (uri: vscode.Uri) => PermissionCatalog | undefined;

export class ManifestHoverProvider implements vscode.HoverProvider {
  constructor(
    private readonly documents: ManifestDocuments,
    private readonly catalog: CatalogLookup,
    private readonly parses: FeatureParses,
  ) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    if (!this.documents.isManifest(document)) return undefined;
    const result = hoverAt(document.getText(), document.offsetAt(position), {
      catalog: this.catalog(document.uri),
      schemaItems: !this.documents.coveredByJsonValidation(document),
      parses: this.parses,
      l10n: vscode.l10n,
    });
    if (!result) return undefined;
    const markdown = new vscode.MarkdownString(result.markdown);
    markdown.isTrusted = false;
    markdown.supportHtml = false;
    return new vscode.Hover(markdown, toRange(document, result.offset, result.length));
  }
}

const kinds: Record<CompletionKind, vscode.CompletionItemKind> = {
  permission: vscode.CompletionItemKind.Value,
  resource: vscode.CompletionItemKind.Module,
  value: vscode.CompletionItemKind.EnumMember,
  property: vscode.CompletionItemKind.Property,
};

export class ManifestCompletionProvider implements vscode.CompletionItemProvider {
  constructor(
    private readonly documents: ManifestDocuments,
    private readonly catalog: CatalogLookup,
    private readonly parses: FeatureParses,
  ) {}

  provideCompletionItems(document: vscode.TextDocument, position: vscode.Position): vscode.CompletionItem[] {
    if (!this.documents.isManifest(document)) return [];
    const items = completionsAt(document.getText(), document.offsetAt(position), {
      catalog: this.catalog(document.uri),
      schemaItems: !this.documents.coveredByJsonValidation(document),
      parses: this.parses,
      l10n: vscode.l10n,
    });
    return items.map((c) => {
      const item = new vscode.CompletionItem(c.label, kinds[c.kind]);
      item.insertText = c.snippet ? new vscode.SnippetString(c.insertText) : c.insertText;
      item.range = toRange(document, c.offset, c.length);
      if (c.detail) item.detail = c.detail;
      if (c.documentation) item.documentation = c.documentation;
      if (c.filterText) item.filterText = c.filterText;
      if (c.sortText) item.sortText = c.sortText;
      if (c.deprecated) item.tags = [vscode.CompletionItemTag.Deprecated];
      return item;
    });
  }
}

export class GuidLensProvider implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(
    private readonly documents: ManifestDocuments,
    private readonly catalog: CatalogLookup,
    private readonly parses: FeatureParses,
  ) {}

  refresh(): void {
    this.changed.fire();
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (!this.documents.current.codeLens || !this.documents.isManifest(document)) return [];
    return guidLenses(document.getText(), {
      catalog: this.catalog(document.uri),
      parses: this.parses,
      l10n: vscode.l10n,
    }).map(
      // An empty command id renders the lens as a plain label.
      (l) => new vscode.CodeLens(toRange(document, l.offset, l.length), { title: l.title, command: '' }),
    );
  }

  dispose(): void {
    this.changed.dispose();
  }
}

export const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append('entra');

export class ManifestCodeActionProvider implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = {
    providedCodeActionKinds: [vscode.CodeActionKind.QuickFix, FIX_ALL_KIND],
  };

  constructor(private readonly diagnostics: ManifestDiagnostics) {}

  provideCodeActions(
    document: vscode.TextDocument,
    range: vscode.Range | vscode.Selection,
    context: vscode.CodeActionContext,
  ): vscode.CodeAction[] {
    // A pending (debounced) lint would leave the actions one version behind: lint now instead.
    const state = this.diagnostics.stateOf(document) ?? this.diagnostics.lintNow(document);
    if (!state) return [];
    // A file sniffed as a manifest by content that the engine found not to be one is silent: it
    // has problems (the "not a manifest" notice) but no published diagnostics, and gets no actions.
    if (state.diagnostics.length < state.result.problems.length) return [];
    const problems = state.result.problems;
    const actions: vscode.CodeAction[] = [];
    if (context.only && FIX_ALL_KIND.contains(context.only)) {
      const all = this.combined(document, problems, FIX_ALL_KIND, vscode.l10n.t('Fix all Entra manifest problems'));
      return all ? [all] : [];
    }
    const wanted = context.diagnostics.filter((d) => d.source === 'Entra');
    const seenRules = new Set<string>();
    problems.forEach((p, i) => {
      const published = state.diagnostics[i];
      if (!published) return;
      const matching = wanted.find(
        (d) => codeOf(d) === p.ruleId && d.range.isEqual(published.range) && d.message === p.message,
      );
      if (!matching && !published.range.intersection(range)) return;
      const diagnostic = matching ?? published;
      for (const fix of p.fixes ?? []) {
        actions.push(this.action(document, fix, [diagnostic]));
      }
      seenRules.add(p.ruleId);
    });
    // "Fix all" of a kind, when more than one problem of the rule has a preferred fix.
    for (const ruleId of seenRules) {
      const same = problems.filter((p) => p.ruleId === ruleId && p.fixes?.some((f) => f.preferred));
      if (same.length < 2) continue;
      const all = this.combined(
        document,
        same,
        vscode.CodeActionKind.QuickFix,
        vscode.l10n.t('Fix all {0} "{1}" problems', same.length, ruleId),
      );
      if (all) actions.push(all);
    }
    return actions;
  }

  private action(document: vscode.TextDocument, fix: Fix, diagnostics: vscode.Diagnostic[]): vscode.CodeAction {
    const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
    action.diagnostics = diagnostics;
    action.isPreferred = fix.preferred === true;
    action.edit = new vscode.WorkspaceEdit();
    for (const e of fix.edits) action.edit.replace(document.uri, toRange(document, e.offset, e.length), e.content);
    return action;
  }

  /** One action applying every preferred fix whose edits do not overlap an earlier one. */
  private combined(
    document: vscode.TextDocument,
    problems: readonly Problem[],
    kind: vscode.CodeActionKind,
    title: string,
  ): vscode.CodeAction | undefined {
    const taken: { start: number; end: number }[] = [];
    const edit = new vscode.WorkspaceEdit();
    let count = 0;
    for (const p of problems) {
      const fix = p.fixes?.find((f) => f.preferred);
      if (!fix) continue;
      const spans = fix.edits.map((e) => ({ start: e.offset, end: e.offset + e.length }));
      if (
        spans.some((s) =>
          taken.some((t) => (s.start < t.end && t.start < s.end) || (s.start === t.start && s.end === t.end)),
        )
      )
        continue;
      taken.push(...spans);
      for (const e of fix.edits) edit.replace(document.uri, toRange(document, e.offset, e.length), e.content);
      count++;
    }
    if (count === 0) return undefined;
    const action = new vscode.CodeAction(title, kind);
    action.edit = edit;
    return action;
  }
}

function codeOf(d: vscode.Diagnostic): string | undefined {
  const code = d.code;
  if (code === undefined) return undefined;
  return typeof code === 'object' ? String(code.value) : String(code);
}
