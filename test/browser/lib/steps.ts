// Steps several browser checks take: a setting read or changed in the Settings editor (against the
// tenant emulator, the change its test CA needs), signing in with the configured client secret from
// the Entra view's welcome button; finding the webview that shows a text; waiting for a hover to
// be fully shown.
// (A folder of its own: every test/browser/*.ts file is run as a check.)
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import type { Frame, Locator, Page } from 'playwright-core';

/** What a step in the Settings editor needs of the check's context. */
interface SettingsCtx {
  page: Page;
  runCommand(title: string): Promise<void>;
}

/**
 * Opens the user Settings editor filtered to one setting, lets `apply` read or change it there,
 * then closes the editor.
 */
export async function openSetting(ctx: SettingsCtx, key: string, apply: (page: Page) => Promise<void>): Promise<void> {
  const { page } = ctx;
  await ctx.runCommand('Preferences: Open User Settings');
  const search = page
    .locator('.settings-editor .suggest-input-container textarea, .settings-editor .search-container input')
    .first();
  await search.waitFor({ state: 'visible', timeout: 30_000 });
  await search.fill(key);
  await apply(page);
  await page.keyboard.press('Control+W');
}

/**
 * VS Code's network patch replaces Node's CA list with the system's, dropping the emulator's test
 * CA (NODE_EXTRA_CA_CERTS): turns http.systemCertificates off for this profile in the Settings UI.
 */
export async function systemCertificatesOff(ctx: SettingsCtx): Promise<void> {
  await openSetting(ctx, 'http.systemCertificates', async (page) => {
    const checkbox = page.locator('.settings-editor .setting-item-bool .setting-value-checkbox').first();
    await checkbox.waitFor({ state: 'visible', timeout: 30_000 });
    if ((await checkbox.getAttribute('aria-checked')) === 'true') await checkbox.click();
  });
}

/**
 * Signs in from the welcome view's Sign in button (the Entra container open): Sign In offers the
 * methods first, the configured one (client secret) listed first, then asks for the secret.
 */
export async function signInWithClientSecret(page: Page, clientSecret: string): Promise<void> {
  const signIn = page.locator('.sidebar .welcome-view-content .monaco-button', { hasText: 'Sign in' }).first();
  await signIn.waitFor({ state: 'visible', timeout: 30_000 });
  await signIn.click();
  await page
    .locator('.quick-input-widget .monaco-list-row', { hasText: 'Client secret' })
    .first()
    .waitFor({ state: 'visible', timeout: 30_000 });
  await page.keyboard.press('Enter');
  const secret = page.locator('.quick-input-widget input[type="password"]');
  await secret.waitFor({ state: 'visible', timeout: 30_000 });
  await secret.fill(clientSecret);
  await page.keyboard.press('Enter');
}

/** The side bar's tree rows as "level, state, text" lines, for the message of a failed step. */
/**
 * Resolves once an editor hover holding `hasText` is fully shown: it and its ancestors at full
 * opacity (VS Code fades hovers in, and a screenshot taken on "visible" catches them half drawn).
 */
export function hoverOpaque(page: Page, hasText: string, timeoutMs = 15_000): Promise<unknown> {
  return page.waitForFunction(
    `[...document.querySelectorAll('.monaco-hover')].some((e) => {
      if (!e.textContent.includes(${JSON.stringify(hasText)})) return false;
      for (let n = e; n; n = n.parentElement) if (getComputedStyle(n).opacity !== '1') return false;
      return true;
    })`,
    undefined,
    { timeout: timeoutMs },
  );
}

export async function sidebarRows(page: Page): Promise<string> {
  const rows = page.locator('.sidebar .monaco-list-row');
  const lines: string[] = [];
  for (const r of await rows.all()) {
    const [level, expanded, text] = await Promise.all([
      r.getAttribute('aria-level', { timeout: 1000 }).catch(() => null),
      r.getAttribute('aria-expanded', { timeout: 1000 }).catch(() => null),
      r.innerText({ timeout: 1000 }).catch(() => '?'),
    ]);
    const state = expanded === 'true' ? 'v' : expanded === 'false' ? '>' : ' ';
    lines.push(`${'  '.repeat(Math.max(0, Number(level ?? 1) - 1))}${state} ${text.replace(/\s+/g, ' ').trim()}`);
  }
  return lines.join('\n');
}

/**
 * Expands a tree row with a click (a row already expanded is left as it is) and waits until it shows
 * its first child, one level deeper right below it. When that does not happen, the error lists the
 * rows: a row expanded with nothing under it is told apart from a click that did not expand it.
 */
export async function expandRow(page: Page, row: Locator, what: string, timeoutMs = 60_000): Promise<void> {
  await row.waitFor({ state: 'visible', timeout: timeoutMs });
  try {
    const expanded = row.and(page.locator('[aria-expanded="true"]'));
    // A click can land while the tree redraws (another row's children arriving) and be lost: a row
    // still collapsed a few seconds after the click is clicked again (three clicks at most).
    for (let click = 1; ; click++) {
      if ((await row.getAttribute('aria-expanded')) === 'false') await row.click();
      try {
        await expanded.waitFor({ state: 'visible', timeout: click === 3 ? timeoutMs : 5_000 });
        break;
      } catch (err) {
        if (click === 3) throw err;
      }
    }
    const index = Number(await expanded.getAttribute('data-index'));
    const level = Number(await expanded.getAttribute('aria-level'));
    await page
      .locator(`.sidebar .monaco-list-row[data-index="${index + 1}"][aria-level="${level + 1}"]`)
      .waitFor({ state: 'visible', timeout: timeoutMs });
  } catch (err) {
    const reason = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw new Error(`${what} did not show its children (${reason}). The rows:\n${await sidebarRows(page)}`);
  }
}

/** The webview frame whose document contains the text (webviews are nested iframes). */
export async function panelFrame(page: Page, text: string, timeoutMs = 30_000): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const frame of page.frames().filter((f) => f !== page.mainFrame())) {
      const found = await frame
        .locator('body')
        .innerText({ timeout: 500 })
        .then(
          (b) => b.includes(text),
          () => false,
        );
      if (found) return frame;
    }
    await page.waitForEvent('framenavigated', { timeout: 1000 }).catch(() => undefined);
  }
  throw new Error(`no webview shows "${text}"`);
}

/** The emulator the checks run against (ctx.emulator). */
export interface EmulatorConfig {
  authorityHost: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  caCertPath: string;
}

/** A request to the tenant emulator (HTTPS with its test CA); resolves to the status and parsed body. */
export function emulatorRequest(
  cfg: EmulatorConfig,
  method: string,
  path: string,
  body: string,
  contentType: string,
): Promise<{ status: number; json: unknown }> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${cfg.authorityHost}${path}`,
      { method, ca: readFileSync(cfg.caCertPath), headers: { 'content-type': contentType } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, json: text ? (JSON.parse(text) as unknown) : undefined });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
