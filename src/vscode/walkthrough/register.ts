/**
 * The "Get started with Entra app configuration" walkthrough (contributes.walkthroughs): the
 * commands behind its step buttons, the context keys that tick steps off, and opening it once
 * after install (globalState flag; never while tests run or when ENTRA_WORKBENCH_WALKTHROUGH=off).
 */
import * as vscode from 'vscode';
import { lintManifest } from '../../core/manifest/lint';
import { analyzeToken } from '../../core/token/analyze';
import { compareTokensMarkdown } from '../../core/token/compare';
import { decodeToken } from '../../core/token/decode';
import { CommandId } from '../commandIds';
import { registerCommandTable } from '../commandTable';
import type { ExplorerApi } from '../explorer/register';
import type { RevealResult } from '../explorer/linking';

export const WALKTHROUGH_ID = 'entra.getStarted';
/** globalState key: set once the walkthrough was opened after install. */
export const FIRST_RUN_KEY = 'entra.walkthrough.shown';
const DOC_SCHEME = 'entra-walkthrough';

/** Context keys the steps' completion events wait for (`onContext:`). */
export const WalkthroughContext = {
  authorizedClients: 'entra.walkthrough.authorizedClientsShown',
  consent: 'entra.walkthrough.consentShown',
  tokens: 'entra.walkthrough.tokensCompared',
  manifestFixed: 'entra.walkthrough.manifestFixed',
  effective: 'entra.walkthrough.effectiveShown',
} as const;

/** The sample tenant's apps the steps show (`npm run sandbox`, the tenant emulator). */
export const SampleApps = {
  crmApi: 'c1000000-0000-4000-8000-000000000001',
  crmWeb: 'c1000000-0000-4000-8000-000000000002',
  serverApp: 'c1000000-0000-4000-8000-000000000003',
  inventoryDaemon: 'c1000000-0000-4000-8000-000000000007',
} as const;

export type FirstRunOutcome = 'opened' | 'shown-before' | 'suppressed';

export interface WalkthroughApi {
  /** Context keys the walkthrough commands have set to true in this session. */
  contexts(): ReadonlySet<string>;
  /**
   * Opens the walkthrough unless it was opened before (globalState flag). `ignoreEnvironment`
   * skips the test/sandbox suppression (for the in-host test of this very behaviour).
   */
  openOnFirstRun(options?: { ignoreEnvironment?: boolean }): Promise<FirstRunOutcome>;
  /** Clears the flag (tests). */
  resetFirstRun(): Promise<void>;
}

export interface StepResult {
  readonly ok: boolean;
  readonly message?: string;
  readonly revealed?: readonly RevealResult[];
  readonly uri?: string;
  readonly fixTitle?: string;
}

function suppressedByEnvironment(): boolean {
  if (process.env.VSCODE_RUNNING_TESTS === '1' || process.env.ENTRA_WORKBENCH_WALKTHROUGH === 'off') return true;
  // VS Code's own switch for walkthroughs opening on install.
  return (
    vscode.workspace.getConfiguration('workbench.welcomePage').get<boolean>('walkthroughs.openOnInstall', true) ===
    false
  );
}

export function register(context: vscode.ExtensionContext, explorer: ExplorerApi): WalkthroughApi {
  const done = new Set<string>();
  const docs = new Map<string, string>();
  const docChanged = new vscode.EventEmitter<vscode.Uri>();
  context.subscriptions.push(
    docChanged,
    vscode.workspace.registerTextDocumentContentProvider(DOC_SCHEME, {
      onDidChange: docChanged.event,
      provideTextDocumentContent: (uri) => docs.get(uri.path) ?? '',
    }),
  );

  const tick = async (key: string): Promise<void> => {
    done.add(key);
    await vscode.commands.executeCommand('setContext', key, true);
  };
  const media = (...parts: string[]): vscode.Uri =>
    vscode.Uri.joinPath(context.extensionUri, 'media', 'walkthrough', ...parts);
  const readText = async (uri: vscode.Uri): Promise<string> =>
    new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)).trim();

  /** Signs in when needed (the configured method; the sandbox signs in to the sample tenant). */
  const ensureSignedIn = async (): Promise<boolean> => {
    if (explorer.signInState() === 'signedIn') return true;
    await vscode.commands.executeCommand(CommandId.signIn);
    return explorer.signInState() === 'signedIn';
  };

  /** Reveals apps of the sample tenant at a section; a tenant without them gets a hint. */
  const revealSample = async (targets: ReadonlyArray<readonly [string, string]>, hint: string): Promise<StepResult> => {
    await vscode.commands.executeCommand('entra.tenants.focus');
    if (!(await ensureSignedIn())) {
      return {
        ok: false,
        message: vscode.l10n.t('Sign in to a tenant first (Entra: Sign In), then press the button again.'),
      };
    }
    const revealed: RevealResult[] = [];
    for (const [appId, section] of targets) {
      const r = await vscode.commands.executeCommand<RevealResult | undefined>(
        CommandId.revealApp,
        appId,
        undefined,
        section,
      );
      if (r) revealed.push(r);
    }
    if (revealed.length === 0) {
      void vscode.window.showInformationMessage(hint);
      return { ok: false, message: hint, revealed };
    }
    return { ok: true, revealed };
  };

  const openWalkthrough = async (): Promise<void> => {
    await vscode.commands.executeCommand(
      'workbench.action.openWalkthrough',
      `${context.extension.id}#${WALKTHROUGH_ID}`,
      false,
    );
  };

  const walkthroughShowTenants = async (): Promise<StepResult> => {
    await vscode.commands.executeCommand('entra.tenants.focus');
    return { ok: true };
  };
  const walkthroughShowAuthorizedClients = async (): Promise<StepResult> => {
    const r = await revealSample(
      [
        [SampleApps.crmApi, 'api'],
        [SampleApps.serverApp, 'api'],
      ],
      vscode.l10n.t(
        'The sample apps (CRM API, ServerApp) are not in this tenant. Expand an API of yours and open "Expose an API": authorized client applications are listed there.',
      ),
    );
    if (r.ok) await tick(WalkthroughContext.authorizedClients);
    return r;
  };
  const walkthroughShowConsent = async (): Promise<StepResult> => {
    const r = await revealSample(
      [
        [SampleApps.crmWeb, 'permissions'],
        [SampleApps.inventoryDaemon, 'permissions'],
      ],
      vscode.l10n.t(
        'The sample apps (CRM Web, Inventory Sync Daemon) are not in this tenant. Expand an app of yours and open "API permissions" to see each permission\'s consent status.',
      ),
    );
    if (r.ok) await tick(WalkthroughContext.consent);
    return r;
  };
  const walkthroughCompareTokens = async (): Promise<StepResult & { flows?: string[] }> => {
    const samples = [
      [vscode.l10n.t('Delegated (CRM Web for Megan)'), 'delegated.jwt'],
      [vscode.l10n.t('App-only (Inventory Sync Daemon)'), 'app-only.jwt'],
    ] as const;
    const tokens = [];
    for (const [label, file] of samples) {
      const d = decodeToken(await readText(media('tokens', file)));
      if (!d.ok) return { ok: false, message: d.error.message };
      tokens.push({ label, analysis: analyzeToken(d.token, { l10n: vscode.l10n }) });
    }
    const path = '/tokens-side-by-side.md';
    docs.set(
      path,
      compareTokensMarkdown(tokens, vscode.l10n.t('A delegated and an app-only token side by side'), vscode.l10n),
    );
    const uri = vscode.Uri.from({ scheme: DOC_SCHEME, path });
    docChanged.fire(uri);
    try {
      await vscode.commands.executeCommand('markdown.showPreview', uri);
    } catch {
      await vscode.window.showTextDocument(uri, { preview: true });
    }
    await tick(WalkthroughContext.tokens);
    return { ok: true, uri: uri.toString(), flows: tokens.map((t) => t.analysis.summary.flow) };
  };
  const walkthroughFixManifest = async (): Promise<StepResult> => {
    const doc = await vscode.workspace.openTextDocument({
      language: 'json',
      content: await readText(media('naming.manifest.json')),
    });
    await vscode.window.showTextDocument(doc, { preview: false });
    const findings = await diagnosticsOf(doc.uri, (d) => d.some((x) => codeOf(x) === 'permission-value-charset'));
    const target = findings.find((x) => codeOf(x) === 'permission-value-charset');
    if (!target)
      return {
        ok: false,
        message: vscode.l10n.t('No finding to fix (is entra.manifest.detectByContent off?).'),
        uri: doc.uri.toString(),
      };
    const actions =
      (await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider',
        doc.uri,
        target.range,
        vscode.CodeActionKind.QuickFix.value,
      )) ?? [];
    // The rule's own finding: its fix titles, in the display language, name the quick fix to pick.
    const problem = lintManifest(doc.getText(), { l10n: vscode.l10n }).problems.find(
      (p) => p.ruleId === 'permission-value-charset' && p.fixes?.length,
    );
    const titles = new Set((problem?.fixes ?? []).map((f) => f.title));
    let fix =
      actions.find((a) => a.edit && a.diagnostics?.some((x) => codeOf(x) === 'permission-value-charset')) ??
      actions.find((a) => a.edit && titles.has(a.title));
    if (!fix?.edit) {
      // The same quick fix, from the rule itself (the provider answers for the text it last linted).
      const coreFix = problem?.fixes?.[0];
      if (coreFix) {
        fix = new vscode.CodeAction(coreFix.title, vscode.CodeActionKind.QuickFix);
        fix.edit = new vscode.WorkspaceEdit();
        for (const e of coreFix.edits)
          fix.edit.replace(
            doc.uri,
            new vscode.Range(doc.positionAt(e.offset), doc.positionAt(e.offset + e.length)),
            e.content,
          );
      }
    }
    if (!fix?.edit)
      return { ok: false, message: vscode.l10n.t('The finding has no quick fix.'), uri: doc.uri.toString() };
    await vscode.workspace.applyEdit(fix.edit);
    const editor = vscode.window.visibleTextEditors.find((e) => e.document === doc);
    if (editor) editor.selection = new vscode.Selection(target.range.start, target.range.start);
    await tick(WalkthroughContext.manifestFixed);
    return { ok: true, uri: doc.uri.toString(), fixTitle: fix.title };
  };
  const walkthroughShowEffectivePermissions = async (): Promise<StepResult> => {
    const [mapping] = await vscode.workspace.findFiles('**/.entra/permissions.json', '**/node_modules/**', 1);
    if (mapping) {
      await vscode.window.showTextDocument(mapping, { preview: true, viewColumn: vscode.ViewColumn.One });
    } else {
      const sample = await vscode.workspace.openTextDocument({
        language: 'jsonc',
        content: await readText(media('permissions.sample.jsonc')),
      });
      await vscode.window.showTextDocument(sample, { preview: false, viewColumn: vscode.ViewColumn.One });
    }
    await vscode.commands.executeCommand(CommandId.decodeToken, await readText(media('tokens', 'delegated.jwt')));
    await tick(WalkthroughContext.effective);
    return { ok: true, ...(mapping ? { uri: mapping.toString() } : {}) };
  };
  registerCommandTable(context, 'walkthrough', {
    [CommandId.openWalkthrough]: openWalkthrough,
    [CommandId.walkthroughShowTenants]: walkthroughShowTenants,
    [CommandId.walkthroughShowAuthorizedClients]: walkthroughShowAuthorizedClients,
    [CommandId.walkthroughShowConsent]: walkthroughShowConsent,
    [CommandId.walkthroughCompareTokens]: walkthroughCompareTokens,
    [CommandId.walkthroughFixManifest]: walkthroughFixManifest,
    [CommandId.walkthroughShowEffectivePermissions]: walkthroughShowEffectivePermissions,
  });

  const openOnFirstRun = async (options: { ignoreEnvironment?: boolean } = {}): Promise<FirstRunOutcome> => {
    if (!options.ignoreEnvironment && suppressedByEnvironment()) return 'suppressed';
    if (context.globalState.get<boolean>(FIRST_RUN_KEY)) return 'shown-before';
    await context.globalState.update(FIRST_RUN_KEY, true);
    await openWalkthrough();
    return 'opened';
  };
  void openOnFirstRun().catch(() => undefined);

  return {
    contexts: () => done,
    openOnFirstRun,
    resetFirstRun: async () => context.globalState.update(FIRST_RUN_KEY, undefined),
  };
}

function codeOf(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code ?? '');
}

/** The document's Entra diagnostics once `ready` holds (event-driven; gives up after 10 s with what there is). */
function diagnosticsOf(uri: vscode.Uri, ready: (d: vscode.Diagnostic[]) => boolean): Promise<vscode.Diagnostic[]> {
  const current = (): vscode.Diagnostic[] => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Entra');
  return new Promise((resolve) => {
    if (ready(current())) return resolve(current());
    const timer = setTimeout(() => {
      sub.dispose();
      resolve(current());
    }, 10_000);
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (!e.uris.some((u) => u.toString() === uri.toString()) || !ready(current())) return;
      clearTimeout(timer);
      sub.dispose();
      resolve(current());
    });
  });
}
