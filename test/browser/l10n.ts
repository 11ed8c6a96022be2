// The extension in a pseudo-localized display language (qps-ploc, run by `npm run test:l10n`): the
// welcome view, the Sign In quick pick, the tenant tree and the token panel show no text of the
// extension in English. Pseudo-localization keeps a string's shape and replaces its letters
// ("Sign in" → "Şīɠƞ īƞ"), so any bundle or package.nls string still readable in English is one the
// code shows without l10n.t (or %key%). Texts that come from Microsoft Graph, the token, the
// tenant emulator or VS Code itself are not the extension's strings and are not looked at.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';

export const name = 'Pseudo-localized (qps-ploc): welcome view, Sign In quick pick, tenant tree, token panel';
export const locale = 'qps-ploc';

interface Ctx {
  page: Page;
  workspace: string;
  emulator?: { clientSecret: string };
  screenshot(name: string): Promise<string>;
  runCommand(title: string): Promise<void>;
}

type Bundle = Record<string, string | { message: string }>;
const text = (v: string | { message: string }): string => (typeof v === 'string' ? v : v.message);

/** The English strings and their pseudo forms, made the same way the packaged extension's were. */
function loadStrings(): { english: string[]; pseudo: (english: string) => string } {
  const root = join(__dirname, '..', '..');
  const dir = mkdtempSync(join(tmpdir(), 'entra-pseudo-'));
  try {
    const bundle = JSON.parse(readFileSync(join(root, 'l10n', 'bundle.l10n.json'), 'utf8')) as Bundle;
    const nls = JSON.parse(readFileSync(join(root, 'package.nls.json'), 'utf8')) as Bundle;
    execFileSync(process.execPath, [join(root, 'scripts', 'l10n.mjs'), '--pseudo', dir], { stdio: 'ignore' });
    const pBundle = JSON.parse(readFileSync(join(dir, 'l10n', 'bundle.l10n.qps-ploc.json'), 'utf8')) as Bundle;
    const pNls = JSON.parse(readFileSync(join(dir, 'package.nls.qps-ploc.json'), 'utf8')) as Bundle;
    const map = new Map<string, string>();
    for (const [k, v] of Object.entries(bundle)) if (pBundle[k] !== undefined) map.set(text(v), text(pBundle[k]!));
    for (const [k, v] of Object.entries(nls)) if (pNls[k] !== undefined) map.set(text(v), text(pNls[k]!));
    return {
      english: [...map.keys()],
      pseudo: (english) => {
        const p = map.get(english);
        if (p === undefined) throw new Error(`"${english}" is in neither l10n/bundle.l10n.json nor package.nls.json`);
        return p;
      },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The literal English pieces of the extension's strings worth looking for: the parts between
 * placeholders ({0}) and codicons ($(key)), with at least two words or one word of eight letters
 * (shorter pieces such as "Copy" also occur inside texts from Graph or the token).
 */
function englishPieces(strings: readonly string[]): string[] {
  const pieces = new Set<string>();
  for (const s of strings) {
    for (const part of s.split(/\{[^}]*\}|\$\([^)]*\)|[`*\[\]()]|\n/)) {
      const piece = part.trim().replace(/[.:,;…]+$/, '');
      const words = piece.split(/\s+/).filter((w) => /[A-Za-z]{2,}/.test(w));
      // Names (every word capitalised: "Microsoft Graph", an app of the sample tenant) stay as they are.
      if (words.every((w) => /^[A-Z0-9]/.test(w))) continue;
      if (words.length >= 2 || (words.length === 1 && /[A-Za-z]{8,}/.test(piece))) pieces.add(piece);
    }
  }
  return [...pieces];
}

function untranslated(visible: string, pieces: readonly string[]): string[] {
  return pieces.filter((p) => {
    const at = visible.indexOf(p);
    if (at < 0) return false;
    // Whole words only: "Overview" inside "Overviews" is another text.
    const before = visible[at - 1] ?? ' ';
    const after = visible[at + p.length] ?? ' ';
    return !/[A-Za-z]/.test(before) && !/[A-Za-z]/.test(after);
  });
}

async function panelFrame(page: Page, selector: string, timeoutMs = 30_000): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const frame of page.frames()) {
      const found = await frame
        .locator(selector)
        .count()
        .then(
          (n) => n > 0,
          () => false,
        );
      if (found) return frame;
    }
    await page.waitForEvent('framenavigated', { timeout: 1000 }).catch(() => undefined);
  }
  throw new Error(`no webview has ${selector}`);
}

export async function check(ctx: Ctx): Promise<void> {
  const { page } = ctx;
  if (!ctx.emulator) throw new Error('the tenant emulator is not running (test/emulator missing?)');
  const { english, pseudo } = loadStrings();
  const pieces = englishPieces(english);
  const found: string[] = [];
  const look = (where: string, visible: string): void => {
    for (const p of untranslated(visible, pieces)) found.push(`${where}: "${p}"`);
  };

  // The welcome view (package.nls) with its Sign in button.
  const nls = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.nls.json'), 'utf8')) as Record<
    string,
    string
  >;
  const container = pseudo(nls['viewsContainers.entra.title']!);
  const entry = page.locator(
    `.activitybar a[aria-label^="${container}"], .activitybar .action-label[aria-label^="${container}"]`,
  );
  await entry.first().click({ timeout: 30_000 });
  const welcome = pseudo(nls['viewsWelcome.entra.tenants.signedOut']!);
  const signInLabel = /\[([^\]]+)\]\(command:entra\.signIn\)/.exec(welcome)?.[1];
  if (!signInLabel) throw new Error(`no Sign in link in the pseudo welcome text: ${welcome}`);
  const signIn = page.locator('.sidebar .welcome-view-content .monaco-button', { hasText: signInLabel }).first();
  await signIn.waitFor({ state: 'visible', timeout: 30_000 });
  look('welcome view', await page.locator('.sidebar').innerText());
  await ctx.screenshot('l10n-welcome');

  // The Sign In quick pick (vscode.l10n.t): its title, placeholder and every method with its detail.
  await signIn.click();
  const widget = page.locator('.quick-input-widget');
  const secretRow = widget.locator('.monaco-list-row', {
    hasText: pseudo('$(key) Client secret').replace(/^\$\(key\)\s*/, ''),
  });
  await secretRow.first().waitFor({ state: 'visible', timeout: 30_000 });
  const pickText = `${await widget.innerText()}\n${(await widget.locator('input').first().getAttribute('placeholder')) ?? ''}`;
  if (!pickText.includes(pseudo('How to sign in to Microsoft Entra')))
    throw new Error(`the quick pick's placeholder is not pseudo-localized: ${pickText}`);
  look('Sign In quick pick', pickText);
  await ctx.screenshot('l10n-signin-quick-pick');
  await secretRow.first().click();
  const secret = page.locator('.quick-input-widget input[type="password"]');
  await secret.waitFor({ state: 'visible', timeout: 30_000 });
  look('client secret prompt', await widget.innerText());
  await secret.fill(ctx.emulator.clientSecret);
  await page.keyboard.press('Enter');

  // The tenant tree: the tenant root and its lists, an app with its sections.
  const rows = page.locator('.sidebar .monaco-list-row');
  await rows.filter({ hasText: 'Contoso (emulated)' }).first().waitFor({ state: 'visible', timeout: 60_000 });
  const allApps = rows.filter({ hasText: /^\s*\S/ }).nth(1);
  await allApps.waitFor({ state: 'visible', timeout: 30_000 });
  if ((await allApps.getAttribute('aria-expanded')) === 'false') await allApps.click();
  const app = rows.filter({ hasText: /^CRM Web/ }).first();
  await app.waitFor({ state: 'visible', timeout: 60_000 });
  await app.click();
  await rows
    .filter({ hasText: pseudo('Overview') })
    .first()
    .waitFor({ state: 'visible', timeout: 60_000 });
  look('tenant tree', (await rows.allInnerTexts()).join('\n'));
  await ctx.screenshot('l10n-tenant-tree');

  // The token panel: decoded from the palette (its command title from package.nls).
  const token = readFileSync(join(ctx.workspace, 'tokens', 'crm-delegated.jwt'), 'utf8').trim();
  await ctx.runCommand(`Entra: ${pseudo('Decode Token')}`);
  const input = page.locator('.quick-input-widget input[type="password"]');
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  look('Decode Token input box', await widget.innerText());
  await input.fill(token);
  await page.keyboard.press('Enter');
  const frame = await panelFrame(page, '#sig-title');
  const heading = (await frame.locator('#sig-title').innerText()).trim();
  if (heading !== pseudo('Signature')) throw new Error(`the panel's Signature heading reads "${heading}"`);
  // The panel's own texts: headings, labels, buttons and notes. Not looked at: the token's values,
  // and the explanations the token analysis writes (claim meanings, why it is an access token, the
  // problems): they come from src/core, which is English only.
  const chrome = await frame
    .locator('h1, h2, h3, dt, th, button, caption, .badge:not(.sev), section:not(.summary) > p.muted')
    .allInnerTexts();
  look('token panel', chrome.join('\n'));
  await frame.locator('#verify').click();
  await frame.locator('#sig-status:not([data-status="unchecked"])').waitFor({ timeout: 30_000 });
  const verdict = (await frame.locator('#sig-status').innerText()).trim();
  if (![pseudo('Invalid signature'), pseudo('Cannot verify'), pseudo('Valid signature')].includes(verdict))
    throw new Error(`the panel script's verdict label reads "${verdict}" (not from the bundle)`);
  await ctx.screenshot('l10n-token-panel');

  if (found.length) throw new Error(`${found.length} untranslated: ${[...new Set(found)].join('; ')}`);
}
