import * as vscode from 'vscode';
import assert from 'node:assert/strict';
import { entraDiagnostics, hoverText, productApi, ruleOf, waitForDiagnostics, workspaceUri } from './helpers';

function fixture(name: string): vscode.Uri {
  return workspaceUri('manifests', name);
}

function rangeOf(document: vscode.TextDocument, needle: string, occurrence = 0): vscode.Range {
  const text = document.getText();
  let offset = -1;
  for (let i = 0; i <= occurrence; i++) offset = text.indexOf(needle, offset + 1);
  assert.ok(offset >= 0, `${needle} in ${document.uri.path}`);
  return new vscode.Range(document.positionAt(offset), document.positionAt(offset + needle.length));
}

async function openFixture(name: string): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument(fixture(name));
  await vscode.window.showTextDocument(document);
  return document;
}

async function revert(document: vscode.TextDocument): Promise<void> {
  await vscode.window.showTextDocument(document);
  await vscode.commands.executeCommand('workbench.action.files.revert');
  assert.equal(document.isDirty, false);
}

describe('manifest language service', () => {
  before(async () => {
    await productApi();
  });

  it('reports schema problems with exact ranges, rule ids, docs links and source', async () => {
    const document = await openFixture('graph-app.manifest.json');
    const diagnostics = await waitForDiagnostics(document.uri, (d) => d.some((x) => ruleOf(x) === 'schema-enum'));
    const enumCase = diagnostics.find((d) => ruleOf(d) === 'schema-enum')!;
    assert.ok(enumCase.range.isEqual(rangeOf(document, '"azureadmyorg"')), `range ${JSON.stringify(enumCase.range)}`);
    assert.equal(enumCase.severity, vscode.DiagnosticSeverity.Error);
    assert.match(enumCase.message, /"AzureADMyOrg"/);
    assert.ok(typeof enumCase.code === 'object' && enumCase.code.target.scheme === 'https', 'code carries a docs link');
    const typo = diagnostics.find((d) => ruleOf(d) === 'schema-unknown-property')!;
    assert.ok(typo.range.isEqual(rangeOf(document, '"isFallbackPublicClent"')));
    assert.equal(typo.severity, vscode.DiagnosticSeverity.Warning);
    assert.match(typo.message, /Did you mean "isFallbackPublicClient"\?/);
    const badId = diagnostics.find((d) => ruleOf(d) === 'schema-format')!;
    assert.ok(badId.range.isEqual(rangeOf(document, '""')));
  });

  it('shows the permission name on hover over a permission id', async () => {
    const document = await openFixture('graph-app.manifest.json');
    const position = rangeOf(document, 'e1fe6dd8-ba31').start.translate(0, 4);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      document.uri,
      position,
    );
    const text = hoverText(hovers);
    assert.match(text, /User\.Read/);
    assert.match(text, /Delegated permission/);
  });

  it("completes permission names inserting their ids, for the entry's type", async () => {
    const document = await openFixture('graph-app.manifest.json');
    const position = rangeOf(document, '""').start.translate(0, 1);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      document.uri,
      position,
    );
    const item = list.items.find((i) => (typeof i.label === 'string' ? i.label : i.label.label) === 'User.Read.All');
    assert.ok(item, 'User.Read.All (application permission) is offered');
    assert.equal(item.insertText, '"df021288-bdef-4463-88db-98f22de89214"');
    assert.ok(
      !list.items.some((i) => (typeof i.label === 'string' ? i.label : i.label.label) === 'User.Read'),
      'a Role entry is not offered delegated permissions',
    );
  });

  it('completion accepted with the caret before the quotes replaces the value (the JSON stays valid)', async () => {
    const document = await openFixture('graph-app.manifest.json');
    const editor = await vscode.window.showTextDocument(document);
    const empty = rangeOf(document, '""');
    const position = empty.start; // after `"id": `, outside the quotes
    const list = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      document.uri,
      position,
    );
    const item = list.items.find((i) => (typeof i.label === 'string' ? i.label : i.label.label) === 'User.Read.All');
    assert.ok(item?.range, 'User.Read.All offered with a range');
    const range = item.range instanceof vscode.Range ? item.range : item.range.replacing;
    assert.ok(range.isEqual(empty), `replaces the empty value, got ${JSON.stringify(range)}`);
    try {
      assert.ok(await editor.edit((b) => b.replace(range, String(item.insertText))));
      const line = document.lineAt(position.line).text;
      assert.match(line, /"id": "df021288-bdef-4463-88db-98f22de89214"(,|$)/, line);
    } finally {
      await revert(document);
    }
  });

  it('completes enum values in a manifest recognised by content', async () => {
    const document = await openFixture('app-registration.json');
    await waitForDiagnostics(document.uri, () => true);
    const position = rangeOf(document, '"AzureADMultipleOrgs"').start.translate(0, 1);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      document.uri,
      position,
    );
    const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    for (const value of ['"AzureADMyOrg"', '"AzureADandPersonalMicrosoftAccount"', '"PersonalMicrosoftAccount"']) {
      assert.ok(labels.includes(value), `${value} offered (got ${labels.slice(0, 10).join(', ')})`);
    }
  });

  it('offers and applies the right-case fix for "spa" in a legacy manifest', async () => {
    const document = await openFixture('legacy-app.manifest.json');
    const diagnostics = await waitForDiagnostics(document.uri, (d) => d.some((x) => ruleOf(x) === 'schema-enum'));
    const spa = diagnostics.find((d) => ruleOf(d) === 'schema-enum')!;
    assert.ok(spa.range.isEqual(rangeOf(document, '"spa"')));
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      document.uri,
      spa.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const fix = actions.find((a) => a.title === 'Change to "Spa"');
    assert.ok(fix?.edit, `fix offered (got ${actions.map((a) => a.title).join(' | ')})`);
    assert.equal(fix.isPreferred, true);
    try {
      assert.ok(await vscode.workspace.applyEdit(fix.edit));
      assert.match(document.getText(), /"type": "Spa"/);
      await waitForDiagnostics(document.uri, (d) => !d.some((x) => ruleOf(x) === 'schema-enum'));
    } finally {
      await revert(document);
    }
  });

  it('fixes all problems of a kind at once, and offers a source fix-all', async () => {
    const document = await openFixture('case-errors.manifest.json');
    const diagnostics = await waitForDiagnostics(
      document.uri,
      (d) => d.filter((x) => ruleOf(x) === 'schema-enum').length === 2,
    );
    const first = diagnostics.find((d) => ruleOf(d) === 'schema-enum')!;
    assert.ok(first.range.isEqual(rangeOf(document, '"scope"')));
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      document.uri,
      first.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const all = actions.find((a) => a.title === 'Fix all 2 "schema-enum" problems');
    assert.ok(all?.edit, `fix-all offered (got ${actions.map((a) => a.title).join(' | ')})`);
    try {
      assert.ok(await vscode.workspace.applyEdit(all.edit));
      assert.equal((document.getText().match(/"type": "Scope"/g) ?? []).length, 2);
      await waitForDiagnostics(document.uri, (d) => !d.some((x) => ruleOf(x) === 'schema-enum'));
    } finally {
      await revert(document);
    }
    await waitForDiagnostics(document.uri, (d) => d.filter((x) => ruleOf(x) === 'schema-enum').length === 2);
    const whole = new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length));
    const source = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      document.uri,
      whole,
      'source.fixAll.entra',
    );
    const fixAll = source.find((a) => a.kind?.value === 'source.fixAll.entra');
    assert.ok(fixAll?.edit, `source fix-all offered (got ${source.map((a) => a.title).join(' | ')})`);
    try {
      assert.ok(await vscode.workspace.applyEdit(fixAll.edit));
      assert.doesNotMatch(document.getText(), /"scope"/);
    } finally {
      await revert(document);
    }
  });

  it('converts a legacy manifest to the Microsoft Graph format', async () => {
    const document = await openFixture('legacy-app.manifest.json');
    await waitForDiagnostics(document.uri, (d) => d.length > 0);
    const whole = new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length));
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      document.uri,
      whole,
      vscode.CodeActionKind.QuickFix.value,
    );
    const convert = actions.find((a) => a.title === 'Convert to Microsoft Graph format');
    assert.ok(convert?.edit, `conversion offered (got ${actions.map((a) => a.title).join(' | ')})`);
    try {
      assert.ok(await vscode.workspace.applyEdit(convert.edit));
      const value = JSON.parse(document.getText()) as Record<string, unknown>;
      assert.equal(value.displayName, 'Contoso Legacy');
      assert.deepEqual(value.spa, { redirectUris: ['https://legacy.contoso.example/app'] });
      assert.deepEqual(value.api, { requestedAccessTokenVersion: 2 });
      assert.equal('replyUrlsWithType' in value, false);
    } finally {
      await revert(document);
    }
  });

  it('gives a pattern-matched non-manifest one notice, and unrelated JSON files nothing', async () => {
    const unrelated = await openFixture('build-settings.json');
    // Sniffed as maybe-a-manifest by content, but not an application object: silence.
    const fragment = await openFixture('permissions-fragment.json');
    const pwa = await openFixture('webapp.manifest.json');
    const notice = await waitForDiagnostics(pwa.uri, (d) => d.length > 0);
    assert.deepEqual(notice.map(ruleOf), ['not-a-manifest']);
    assert.equal(notice[0]!.severity, vscode.DiagnosticSeverity.Information);
    // The unrelated file was opened first and linted (or skipped) before the notice above arrived.
    assert.deepEqual(entraDiagnostics(unrelated.uri), []);
    assert.deepEqual(entraDiagnostics(fragment.uri), []);
  });

  it('offers no code actions on a JSON file sniffed as a manifest that is not one (the provider does not throw)', async () => {
    // Content sniffing says "maybe" (requiredResourceAccess), the engine says "not a manifest": the
    // lint has a problem but publishes no diagnostic. A code action request over the whole file used
    // to throw in the provider ("reading 'range'"), which VS Code only logs; test-host.mjs fails the
    // run on such log lines.
    const fragment = await openFixture('permissions-fragment.json');
    const whole = new vscode.Range(fragment.positionAt(0), fragment.positionAt(fragment.getText().length));
    for (const kind of [vscode.CodeActionKind.QuickFix.value, 'source.fixAll.entra']) {
      // VS Code's JSON language server may cancel its own request while it (re)reads the file just
      // opened; the command then rejects with "Canceled": ask again.
      let actions: vscode.CodeAction[] | undefined;
      for (let attempt = 0; actions === undefined; attempt++) {
        try {
          actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
            'vscode.executeCodeActionProvider',
            fragment.uri,
            whole,
            kind,
          );
        } catch (err) {
          if (attempt >= 4 || !/Canceled/.test(String(err))) throw err;
        }
      }
      assert.deepEqual(
        actions.filter(
          (a) => a.diagnostics?.some((d) => d.source === 'Entra') || a.kind?.value.startsWith('source.fixAll.entra'),
        ),
        [],
      );
    }
    assert.deepEqual(entraDiagnostics(fragment.uri), []);
  });

  it("gives VS Code's own JSON support the schema's descriptions and suggestions, and leaves the findings to Entra", async () => {
    const jsonDiagnostics = (uri: vscode.Uri): vscode.Diagnostic[] =>
      vscode.languages.getDiagnostics(uri).filter((d) => d.source !== 'Entra');
    const waitFor = (what: string, done: () => boolean): Promise<void> =>
      new Promise<void>((resolve, reject) => {
        if (done()) return resolve();
        const timer = setTimeout(() => {
          sub.dispose();
          reject(new Error(`timed out waiting for ${what}`));
        }, 20_000);
        const sub = vscode.languages.onDidChangeDiagnostics(() => {
          if (done()) {
            clearTimeout(timer);
            sub.dispose();
            resolve();
          }
        });
      });
    /** Repeats a key at the top of a document: VS Code's JSON server reports that whatever the schema. */
    const duplicateKey = async (document: vscode.TextDocument, member: string): Promise<void> => {
      const edit = new vscode.WorkspaceEdit();
      edit.insert(document.uri, document.positionAt(document.getText().indexOf('{') + 1), `\n  ${member},`);
      assert.ok(await vscode.workspace.applyEdit(edit));
      await waitFor(`the duplicate-key finding on ${document.uri.path}`, () =>
        jsonDiagnostics(document.uri).some((d) => /duplicate/i.test(d.message)),
      );
    };
    // 1. An app manifest with a wrong-case enum value and a misspelled key: once the JSON server's
    //    validation pass (which applies the loaded schema) shows the duplicate key, nothing else from
    //    it is there; Entra reports both mistakes, once each.
    const app = await openFixture('graph-app.manifest.json');
    await waitForDiagnostics(app.uri, (d) => d.some((x) => ruleOf(x) === 'schema-unknown-property'));
    try {
      await duplicateKey(app, '"displayName": "Contoso Orders"');
      assert.deepEqual(
        jsonDiagnostics(app.uri)
          .map((d) => d.message)
          .filter((m) => !/duplicate/i.test(m)),
        [],
        'no findings of its own next to the Entra ones',
      );
      const entra = await waitForDiagnostics(app.uri, (d) => d.some((x) => ruleOf(x) === 'json-duplicate-key'));
      assert.equal(entra.filter((x) => ruleOf(x) === 'schema-enum').length, 1);
      assert.equal(entra.filter((x) => ruleOf(x) === 'schema-unknown-property').length, 1);
      // The schema is loaded: its description shows in the hover of signInAudience (from VS Code's
      // JSON support), and its property names are suggested.
      const key = app.positionAt(app.getText().indexOf('"signInAudience"') + 3);
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', app.uri, key);
      const hoverText = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
      assert.match(hoverText, /Which accounts can sign in/, `schema description in the hover: ${hoverText}`);
      const list = await vscode.commands.executeCommand<vscode.CompletionList>(
        'vscode.executeCompletionItemProvider',
        app.uri,
        app.positionAt(app.getText().indexOf('"api"')),
      );
      const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
      assert.ok(
        labels.includes('optionalClaims'),
        `schema property names suggested: ${labels.slice(0, 20).join(', ')}`,
      );
    } finally {
      await revert(app);
    }
    // 2. A web app manifest named *.manifest.json: no app-manifest warnings (name, short_name …).
    const pwa = await openFixture('webapp.manifest.json');
    try {
      await duplicateKey(pwa, '"display": "browser"');
      assert.deepEqual(
        jsonDiagnostics(pwa.uri)
          .map((d) => d.message)
          .filter((m) => !/duplicate/i.test(m)),
        [],
        'no app-manifest schema warnings (name, short_name, start_url …) on a web app manifest',
      );
    } finally {
      await revert(pwa);
    }
  });

  it("reports a syntax error once: VS Code's JSON support has it, Entra does not repeat it", async () => {
    const document = await openFixture('graph-app.manifest.json');
    await waitForDiagnostics(document.uri, (d) => d.some((x) => ruleOf(x).startsWith('schema-')));
    const editor = await vscode.window.showTextDocument(document);
    const comma = rangeOf(document, '"Contoso Orders",');
    const at = comma.end.translate(0, -1);
    const enumValue = rangeOf(document, '"azureadmyorg"');
    try {
      // One edit removes the comma and fixes the enum value, so Entra's relint of this version shows
      // in its findings (schema-enum gone).
      assert.ok(
        await editor.edit((b) => {
          b.delete(new vscode.Range(at, comma.end));
          b.replace(enumValue, '"AzureADMyOrg"');
        }),
      );
      const fromVsCode = (): vscode.Diagnostic[] =>
        vscode.languages.getDiagnostics(document.uri).filter((d) => d.source !== 'Entra');
      const entra = await waitForDiagnostics(
        document.uri,
        (d) => !d.some((x) => ruleOf(x) === 'schema-enum') && fromVsCode().length > 0,
      );
      assert.ok(
        !entra.some((d) => ruleOf(d) === 'json-syntax'),
        `no json-syntax finding from Entra next to the JSON service's: ${entra.map(ruleOf).join(', ')}`,
      );
      const line = at.line;
      // Entra's json-recovery note (findings held back past the first syntax error) is not a second report of the mistake.
      const onLine = vscode.languages
        .getDiagnostics(document.uri)
        .filter((d) => d.range.start.line <= line + 1 && d.range.end.line >= line && ruleOf(d) !== 'json-recovery');
      assert.equal(
        onLine.length,
        1,
        `one diagnostic for the missing comma: ${onLine.map((d) => `${d.source}: ${d.message}`).join(' | ')}`,
      );
    } finally {
      await revert(document);
    }
  });

  it('re-lints after edits (debounced) and drops the findings that were fixed', async () => {
    const document = await openFixture('graph-app.manifest.json');
    await waitForDiagnostics(document.uri, (d) => d.some((x) => ruleOf(x) === 'schema-unknown-property'));
    const typo = rangeOf(document, '"isFallbackPublicClent"');
    try {
      // Two quick edits: only the final text counts.
      const first = new vscode.WorkspaceEdit();
      first.replace(document.uri, typo, '"isFallbackPublicClien"');
      assert.ok(await vscode.workspace.applyEdit(first));
      const second = new vscode.WorkspaceEdit();
      second.replace(document.uri, rangeOf(document, '"isFallbackPublicClien"'), '"isFallbackPublicClient"');
      assert.ok(await vscode.workspace.applyEdit(second));
      const after = await waitForDiagnostics(
        document.uri,
        (d) => !d.some((x) => ruleOf(x) === 'schema-unknown-property'),
      );
      assert.ok(
        after.some((x) => ruleOf(x) === 'schema-enum'),
        'other findings stay',
      );
    } finally {
      await revert(document);
    }
  });

  it('checks permissions of the APIs in the workspace catalogue (.entra/catalog.json), re-read when it changes', async () => {
    const api = 'c1000000-0000-4000-8000-00000000a001';
    const scope = 'f1000000-0000-4000-8000-00000000b001';
    const catalogUri = workspaceUri('.entra', 'catalog.json');
    const manifestUri = workspaceUri('catalog-check', 'orders-client.manifest.json');
    const encode = (v: unknown) => new TextEncoder().encode(JSON.stringify(v, null, 2));
    const catalog = (permissions: { id: string; value: string; type: string }[]) =>
      encode({
        format: 'entra-workbench-permission-catalog/1',
        resources: [{ appId: api, displayName: 'Orders API', permissions }],
      });
    const unknown = (d: vscode.Diagnostic[]) => d.some((x) => ruleOf(x) === 'rra-unknown-permission');
    const api2 = await productApi();
    // The next read of the catalogue; a read that never comes names its step instead of running
    // into the suite's timeout.
    const read = (step: string) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          s.dispose();
          reject(new Error(`the catalogue was not read again after ${step}`));
        }, 20_000);
        const s = api2.manifest.onDidReadWorkspaceCatalog(() => {
          clearTimeout(timer);
          s.dispose();
          resolve();
        });
      });
    try {
      // The catalogue knows the API but not the scope: the requested id is flagged.
      const first = read('it was created');
      await vscode.workspace.fs.writeFile(catalogUri, catalog([]));
      await first;
      await vscode.workspace.fs.writeFile(
        manifestUri,
        encode({
          displayName: 'Orders client',
          signInAudience: 'AzureADMyOrg',
          requiredResourceAccess: [{ resourceAppId: api, resourceAccess: [{ id: scope, type: 'Scope' }] }],
        }),
      );
      const document = await vscode.workspace.openTextDocument(manifestUri);
      await vscode.window.showTextDocument(document);
      const flagged = await waitForDiagnostics(manifestUri, unknown);
      assert.match(
        flagged.find((x) => ruleOf(x) === 'rra-unknown-permission')!.message,
        /Orders API has no permission/,
      );
      // The catalogue is pulled again with the scope: the finding goes, and the hover names it.
      const second = read('it was changed');
      await vscode.workspace.fs.writeFile(catalogUri, catalog([{ id: scope, value: 'Orders.Read', type: 'Scope' }]));
      await second;
      await waitForDiagnostics(manifestUri, (d) => !unknown(d));
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
        'vscode.executeHoverProvider',
        manifestUri,
        rangeOf(document, scope).start.translate(0, 4),
      );
      assert.match(hoverText(hovers), /Orders\.Read/);
      // Typed as an application permission, the same id is a type mismatch.
      const edit = new vscode.WorkspaceEdit();
      edit.replace(manifestUri, rangeOf(document, '"Scope"'), '"Role"');
      await vscode.workspace.applyEdit(edit);
      await waitForDiagnostics(manifestUri, (d) => d.some((x) => ruleOf(x) === 'rra-type-mismatch'));
      await revert(document);
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      await vscode.workspace.fs.delete(workspaceUri('.entra'), { recursive: true, useTrash: false });
      await vscode.workspace.fs.delete(workspaceUri('catalog-check'), { recursive: true, useTrash: false });
    }
  });
});
