#!/usr/bin/env node
// The browser layer: code-server with the packaged extension, driven by Playwright in Debian's
// Chromium. Runs every check module in test/browser/*.ts (each exports `name` and
// `check(ctx)`), each in a fresh page, and writes screenshots to test-results/.
// Run with: node --import tsx scripts/test-browser.mjs [filter]
//   --update-screenshots  run the checks that take the README's images (or the filtered ones) and
//                         write those images into media/screenshots/ with their source hashes
//                         (npm run screenshots; see scripts/lib/screenshots.mjs)
//   --locale LOCALE       start the workbench in LOCALE and run only the checks written for it
//                         (export const locale); qps-ploc packages pseudo-localized bundles (npm run test:l10n)
// Last line: "browser: N passed, N failed".
import { copyFileSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { packageExtension } from './package.mjs';
import {
  chromiumLaunchOptions,
  emulatorSettings,
  installExtension,
  languagePackVsix,
  registerLanguagePack,
  makeRunDir,
  root,
  startCodeServer,
  startEmulator,
  workbenchUrl,
  writeUserSettings,
  runCleanups,
} from './lib/host.mjs';
import { manifestPath, readmeScreenshots, screenshotsDir, sourceHash } from './lib/screenshots.mjs';

const argv = process.argv.slice(2);
const localeIndex = argv.indexOf('--locale');
const locale = localeIndex >= 0 ? argv[localeIndex + 1] : undefined;
const filters = argv.filter((a, i) => !a.startsWith('--') && (localeIndex < 0 || i !== localeIndex + 1));
const keep = argv.includes('--keep');
const updateScreenshots = argv.includes('--update-screenshots');
const resultsDir = join(root, 'test-results');
mkdirSync(resultsDir, { recursive: true });
const runDir = makeRunDir('browser');
const cleanups = [];
let passed = 0;
let failed = 0;

/** Helpers every check gets. */
function makeContext({ page, server, folder, emulator, readmeShots }) {
  const ctx = {
    page,
    url: server.url,
    workspace: folder,
    emulator: emulator?.config,
    locale,
    async screenshot(name) {
      const path = join(resultsDir, `${name}.png`);
      await page.screenshot({ path });
      return path;
    },
    /**
     * A README image (media/screenshots/<name>.png, listed in scripts/lib/screenshots.mjs): always
     * written to test-results/readme-<name>.png; with --update-screenshots it replaces the README's
     * copy once the whole check has passed.
     */
    async readmeScreenshot(name) {
      if (!(name in readmeScreenshots)) throw new Error(`${name} is not a README image (scripts/lib/screenshots.mjs)`);
      const path = join(resultsDir, `readme-${name}.png`);
      await page.screenshot({ path });
      readmeShots.push({ name, path });
      return path;
    },
    async waitForWorkbench() {
      await page.locator('.monaco-workbench .activitybar').waitFor({ timeout: 60_000 });
      await page.locator('.monaco-workbench .statusbar').waitFor({ timeout: 60_000 });
    },
    /** Opens the command palette and runs a command by its title (e.g. "Entra: Decode Token"). */
    async runCommand(title) {
      const input = page.locator('.quick-input-widget input');
      const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
      // A key press can be lost while the workbench moves the focus (an editor opening), and the
      // palette can close again as a page that just opened takes the focus: when it has not shown
      // the command after a few seconds, it is opened again (three times at most).
      for (let attempt = 1; ; attempt++) {
        try {
          await page.keyboard.press('F1');
          await input.waitFor({ state: 'visible', timeout: 5_000 });
          await input.fill(`>${title}`, { timeout: 5_000 });
          await row.waitFor({ state: 'visible', timeout: attempt === 3 ? 15_000 : 5_000 });
          break;
        } catch (err) {
          if (attempt === 3) throw err;
          if (await input.isVisible()) await page.keyboard.press('Escape');
        }
      }
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

function readManifest() {
  try {
    return JSON.parse(readFileSync(join(root, manifestPath), 'utf8'));
  } catch {
    return {};
  }
}

function sortKeys(o) {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
}

async function main() {
  const { path: vsix } = packageExtension({
    out: join(runDir, 'entra-workbench.vsix'),
    log: () => {},
    pseudo: locale === 'qps-ploc',
  });
  const { userDataDir, extensionsDir } = installExtension({ vsix, runDir });
  // The workbench takes a display language only from an installed language pack: an empty one
  // (VS Code's own texts stay English) makes the extension host load the extension's bundles for it.
  if (locale) {
    const pack = installExtension({
      vsix: languagePackVsix({ locale, runDir }),
      runDir,
      id: `entra-workbench.lp-${locale}`,
    });
    registerLanguagePack({ userDataDir, locale, packPath: pack.extensionPath });
  }
  const emulator = await startEmulator({ scenario: 'sample', caDir: join(runDir, 'ca') });
  if (emulator) cleanups.push(emulator.stop);
  writeUserSettings(userDataDir, emulatorSettings(emulator?.config));
  const folder = join(root, 'test', 'fixtures', 'workspace');
  // The walkthrough is opened by its own check, not on first start (it would cover the other pages).
  const env = {
    ENTRA_WORKBENCH_WALKTHROUGH: 'off',
    ...(emulator ? { NODE_EXTRA_CA_CERTS: emulator.config.caCertPath } : {}),
  };
  const server = await startCodeServer({ userDataDir, extensionsDir, folder, env, locale });
  cleanups.push(server.stop);
  const browser = await chromium.launch(chromiumLaunchOptions());
  cleanups.push(() => browser.close());

  const screenshotChecks = new Set(Object.values(readmeScreenshots).map((s) => s.check));
  const modules = readdirSync(join(root, 'test', 'browser'))
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
    .filter((f) => !updateScreenshots || filters.length > 0 || screenshotChecks.has(f))
    .sort();
  const manifest = updateScreenshots ? readManifest() : {};
  for (const file of modules) {
    const mod = await import(pathToFileURL(join(root, 'test', 'browser', file)).href);
    const name = mod.name ?? file;
    // A check written for a locale runs only in a run started with that locale, and the other way round.
    if ((mod.locale ?? undefined) !== locale) continue;
    const readmeShots = [];
    // Each check starts from the same user settings: an earlier check may have changed them (entra.tenants).
    writeUserSettings(userDataDir, emulatorSettings(emulator?.config));
    const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
    const started = Date.now();
    try {
      await page.goto(workbenchUrl({ url: server.url, port: server.port, folder }));
      const ctx = makeContext({ page, server, folder, emulator, readmeShots });
      await ctx.waitForWorkbench();
      await mod.check(ctx);
      passed += 1;
      console.log(`  ok   ${name} (${Date.now() - started} ms)`);
      if (updateScreenshots) {
        for (const shot of readmeShots) {
          const spec = readmeScreenshots[shot.name];
          copyFileSync(shot.path, join(root, screenshotsDir, `${shot.name}.png`));
          manifest[`${shot.name}.png`] = {
            check: spec.check,
            sources: spec.sources,
            sourceHash: sourceHash(root, spec.sources).hash,
          };
          console.log(`       ${screenshotsDir}/${shot.name}.png updated`);
        }
        writeFileSync(join(root, manifestPath), JSON.stringify(sortKeys(manifest), null, 2) + '\n');
      }
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
