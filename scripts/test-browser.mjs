#!/usr/bin/env node
// The browser layer: code-server with the packaged extension, driven by Playwright in Debian's
// Chromium. Runs every check module in test/browser/*.ts (each exports `name` and
// `check(ctx)`), each in a fresh page, and writes screenshots to test-results/.
// Run with: node --import tsx scripts/test-browser.mjs [filter]
// Last line: "browser: N passed, N failed".
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { packageExtension } from './package.mjs';
import {
  chromiumLaunchOptions,
  emulatorSettings,
  installExtension,
  makeRunDir,
  root,
  startCodeServer,
  startEmulator,
  workbenchUrl,
  writeUserSettings,
  runCleanups,
} from './lib/host.mjs';

const filters = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const keep = process.argv.includes('--keep');
const resultsDir = join(root, 'test-results');
mkdirSync(resultsDir, { recursive: true });
const runDir = makeRunDir('browser');
const cleanups = [];
let passed = 0;
let failed = 0;

/** Helpers every check gets. */
function makeContext({ page, server, folder, emulator }) {
  const ctx = {
    page,
    url: server.url,
    workspace: folder,
    emulator: emulator?.config,
    async screenshot(name) {
      const path = join(resultsDir, `${name}.png`);
      await page.screenshot({ path });
      return path;
    },
    async waitForWorkbench() {
      await page.locator('.monaco-workbench .activitybar').waitFor({ timeout: 60_000 });
      await page.locator('.monaco-workbench .statusbar').waitFor({ timeout: 60_000 });
    },
    /** Opens the command palette and runs a command by its title (e.g. "Entra: Decode Token"). */
    async runCommand(title) {
      await page.keyboard.press('F1');
      const input = page.locator('.quick-input-widget input');
      await input.waitFor({ state: 'visible' });
      await input.fill(`>${title}`);
      const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
      await row.waitFor({ state: 'visible', timeout: 15_000 });
      await page.keyboard.press('Enter');
    },
    /** Clicks the Entra entry of the activity bar and waits for its view. */
    async openEntraContainer() {
      const entry = page
        .locator('.activitybar a[aria-label^="Entra"], .activitybar .action-label[aria-label^="Entra"]')
        .first();
      await entry.waitFor({ state: 'visible', timeout: 30_000 });
      await entry.click();
      // With a single view the pane header is hidden and the sidebar title reads "ENTRA: TENANTS".
      await page.locator('.sidebar .composite.title', { hasText: /entra/i }).first().waitFor({ timeout: 30_000 });
    },
    /** The text of every webview frame on the page (webviews render in nested iframes). */
    async webviewTexts() {
      const texts = [];
      for (const frame of page.frames()) {
        try {
          const text = await frame.evaluate(() => document.body?.innerText ?? '');
          if (text) texts.push(text);
        } catch {
          // frame went away
        }
      }
      return texts;
    },
  };
  return ctx;
}

async function main() {
  const { path: vsix } = packageExtension({ out: join(runDir, 'entra-workbench.vsix'), log: () => {} });
  const { userDataDir, extensionsDir } = installExtension({ vsix, runDir });
  const emulator = await startEmulator({ scenario: 'sample', caDir: join(runDir, 'ca') });
  if (emulator) cleanups.push(emulator.stop);
  writeUserSettings(userDataDir, emulatorSettings(emulator?.config));
  const folder = join(root, 'test', 'fixtures', 'workspace');
  // The walkthrough is opened by its own check, not on first start (it would cover the other pages).
  const env = {
    ENTRA_WORKBENCH_WALKTHROUGH: 'off',
    ...(emulator ? { NODE_EXTRA_CA_CERTS: emulator.config.caCertPath } : {}),
  };
  const server = await startCodeServer({ userDataDir, extensionsDir, folder, env });
  cleanups.push(server.stop);
  const browser = await chromium.launch(chromiumLaunchOptions());
  cleanups.push(() => browser.close());

  const modules = readdirSync(join(root, 'test', 'browser'))
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
    .sort();
  for (const file of modules) {
    const mod = await import(pathToFileURL(join(root, 'test', 'browser', file)).href);
    const name = mod.name ?? file;
    // Each check starts from the same user settings: an earlier check may have changed them (entra.tenants).
    writeUserSettings(userDataDir, emulatorSettings(emulator?.config));
    const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
    const started = Date.now();
    try {
      await page.goto(workbenchUrl({ url: server.url, port: server.port, folder }));
      const ctx = makeContext({ page, server, folder, emulator });
      await ctx.waitForWorkbench();
      await mod.check(ctx);
      passed += 1;
      console.log(`  ok   ${name} (${Date.now() - started} ms)`);
    } catch (err) {
      failed += 1;
      console.log(`  FAIL ${name}: ${err instanceof Error ? err.message : String(err)}`);
      await page.screenshot({ path: join(resultsDir, `failure-${file.replace(/\.ts$/, '')}.png`) }).catch(() => {});
    } finally {
      await page.close();
    }
  }
}

try {
  await main();
} catch (err) {
  console.error(`[browser] ${err instanceof Error ? err.message : String(err)}`);
  failed += 1;
} finally {
  await runCleanups(cleanups);
  if (!keep) rmSync(runDir, { recursive: true, force: true });
}
console.log(`browser: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
