import * as vscode from 'vscode';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import type { EntraWorkbenchApi } from '../../src/extension';
import { extension, extensionId } from './helpers';

describe('activation', () => {
  it('is installed from the package and not active before anything asks for it', () => {
    const ext = vscode.extensions.getExtension(extensionId);
    assert.ok(ext, `${extensionId} is installed`);
    assert.equal(ext.packageJSON.name, 'entra-workbench');
    assert.equal(ext.packageJSON.main, './dist/extension.js');
    assert.ok(!(ext.packageJSON.activationEvents as string[]).includes('*'), 'no activation at *');
  });

  it('activates and reports its activation time (its handles exist in test mode only)', async () => {
    const ext = extension<EntraWorkbenchApi | undefined>();
    const started = performance.now();
    const api = await ext.activate();
    const wall = performance.now() - started;
    assert.equal(ext.isActive, true);
    assert.ok(api, 'activate() returns the handles under the test runner (ExtensionMode.Test)');
    assert.equal(typeof api.activationMs, 'number');
    assert.ok(api.activationMs >= 0);
    const metricsPath = process.env.ENTRA_TEST_METRICS;
    if (metricsPath) {
      writeFileSync(metricsPath, JSON.stringify({ activationMs: api.activationMs, activateCallMs: wall }));
    }
  });

  it('registers its commands in the real host', async () => {
    const all = await vscode.commands.getCommands(true);
    const ext = extension();
    const declared = (ext.packageJSON.contributes.commands as { command: string }[]).map((c) => c.command);
    for (const id of declared) {
      assert.ok(all.includes(id), `${id} is registered`);
    }
  });

  it('runs "About" and answers with the packaged version', async () => {
    const ext = extension();
    const result = await vscode.commands.executeCommand<{ name: string; version: string }>('entra.showAbout');
    assert.deepEqual(result, { name: 'entra-workbench', version: ext.packageJSON.version });
  });
});
