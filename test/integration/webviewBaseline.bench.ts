// The reference for the token panel's timing (`npm run bench:panel`): the first webview panel of a
// fresh VS Code session, made as cheaply as VS Code allows (a few bytes of HTML, one inline script
// that posts a message). What the token panel's first open cannot beat in the same host.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import { activateApi, clientCredentialsToken, emulator } from './helpers';

describe('webview baseline', () => {
  // The same state as the token panel's timing test when its clock starts: extension active, one
  // token fetched from the emulator.
  before(async () => {
    await activateApi();
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('a bare webview panel: created, loaded, first message back', async () => {
    if (emulator) await clientCredentialsToken('api://c1000000-0000-4000-8000-000000000001', emulator);
    const started = performance.now();
    const panel = vscode.window.createWebviewPanel(
      'entra.bench.bare',
      'Bare',
      { viewColumn: vscode.ViewColumn.Active, preserveFocus: false },
      { enableScripts: true, localResourceRoots: [] },
    );
    const loaded = new Promise<unknown>((resolve) => panel.webview.onDidReceiveMessage(resolve));
    panel.webview.html =
      `<!DOCTYPE html><html lang="en"><head><meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'nonce-bare'">` +
      `<title>Bare</title></head><body><p>Bare webview</p><script nonce="bare">acquireVsCodeApi().postMessage({ type: 'ready' });</script></body></html>`;
    assert.deepEqual(await loaded, { type: 'ready' });
    const ms = performance.now() - started;
    console.log(`[bench] bare webview: first message back after ${ms.toFixed(0)} ms`);
    const metrics = process.env.ENTRA_TEST_METRICS;
    if (metrics)
      writeFileSync(
        join(dirname(metrics), 'webview-baseline-metrics.json'),
        JSON.stringify({ bareWebviewReadyMs: Math.round(ms * 10) / 10 }),
      );
    panel.dispose();
  });
});
