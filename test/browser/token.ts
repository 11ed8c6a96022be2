// "Entra: Decode Token" in code-server: paste a token into the (masked) input box, see the panel,
// ask for verification, and look at a .jwt file coloured by segment with its CodeLens.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';

export const name = 'Token decoder: palette → input box → panel, Verify signature, .jwt colouring';

interface Ctx {
  page: Page;
  workspace: string;
  screenshot(name: string): Promise<string>;
  runCommand(title: string): Promise<void>;
}

/** The webview frame whose document contains the text (webviews are nested iframes). */
async function panelFrame(page: Page, text: string, timeoutMs = 30_000): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const frame of page.frames()) {
      const found = await frame.locator('body').innerText({ timeout: 500 }).then((b) => b.includes(text), () => false);
      if (found) return frame;
    }
    await page.waitForEvent('framenavigated', { timeout: 1000 }).catch(() => undefined);
  }
  throw new Error(`no webview shows "${text}"`);
}

export async function check(ctx: Ctx): Promise<void> {
  const { page } = ctx;
  const token = readFileSync(join(ctx.workspace, 'tokens', 'crm-delegated.jwt'), 'utf8').trim();

  // Right after the workbench loads, the palette can list contributed commands late: try again.
  for (let attempt = 1; ; attempt++) {
    try {
      await ctx.runCommand('Entra: Decode Token');
      break;
    } catch (err) {
      if (attempt === 4) throw err;
      await page.keyboard.press('Escape');
    }
  }
  const input = page.locator('.quick-input-widget input[type="password"]');
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  await input.fill(`Bearer ${token}`);
  await page.keyboard.press('Enter');

  await panelFrame(page, 'Access token v2.0 · delegated');
  // The workspace mapping is read in the background; the panel re-renders with it.
  const frame = await panelFrame(page, 'Effective permissions on CRM API');
  const body = await frame.locator('body').innerText();
  for (const expected of ['Effective permissions on CRM API', 'Crm.Read.Team', 'megan@contoso-emulator.example', 'Verify signature', 'Copy whole token']) {
    if (!body.includes(expected)) throw new Error(`the panel does not show "${expected}"`);
  }
  if (body.includes(token.split('.')[2]!)) throw new Error('the panel shows the signature');
  await ctx.screenshot('token-panel');

  // Verification is a separate, visible step; the fixture's signature is fake (or the keys are out of reach).
  await frame.locator('#verify').click();
  await frame.locator('#sig-status:not([data-status="unchecked"])').waitFor({ timeout: 20_000 });
  const status = await frame.locator('#sig-status').getAttribute('data-status');
  if (status !== 'invalid' && status !== 'cannot-verify') throw new Error(`a fake signature verified as ${status}`);
  await frame.locator('#claims-title').scrollIntoViewIfNeeded();
  await ctx.screenshot('token-panel-verified-claims');

  // The .jwt file: language mode JWT, segments coloured, CodeLens above the token in the .http file.
  await page.keyboard.press('Control+P');
  const quick = page.locator('.quick-input-widget input');
  await quick.waitFor({ state: 'visible', timeout: 15_000 });
  await quick.fill('crm-delegated.jwt');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'crm-delegated.jwt' }).first().waitFor({ state: 'visible', timeout: 15_000 });
  await page.keyboard.press('Enter');
  await page.locator('.statusbar-item', { hasText: 'JWT' }).first().waitFor({ timeout: 20_000 });
  await ctx.screenshot('token-jwt-file');
}
