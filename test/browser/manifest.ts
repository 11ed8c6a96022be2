// The manifest language service in code-server: open an app manifest from the workspace, see the
// squiggles, hover a permission id for its name, and look at the Problems panel.
import type { Page } from 'playwright-core';
import { hoverOpaque } from './lib/steps';

export const name = 'Manifest language service: squiggles, permission hover, Problems panel';

interface Ctx {
  page: Page;
  screenshot(name: string): Promise<string>;
  runCommand(title: string): Promise<void>;
}

async function openFile(page: Page, file: string): Promise<void> {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  await input.fill(file);
  await page
    .locator('.quick-input-list .monaco-list-row', { hasText: file })
    .first()
    .waitFor({ state: 'visible', timeout: 15_000 });
  await page.keyboard.press('Enter');
  await page.locator('.tab.active', { hasText: file }).waitFor({ timeout: 15_000 });
}

export async function check(ctx: Ctx): Promise<void> {
  const { page } = ctx;
  await openFile(page, 'graph-app.manifest.json');
  const editor = page.locator('.editor-instance .monaco-editor').first();
  await editor.locator('.squiggly-error').first().waitFor({ state: 'attached', timeout: 30_000 });
  await ctx.screenshot('manifest-squiggles');

  // Hover the User.Read permission id.
  const id = editor.locator('.view-line span', { hasText: 'e1fe6dd8-ba31-4d61-89e7-88639da4683d' }).first();
  await id.waitFor({ state: 'visible', timeout: 15_000 });
  await id.hover();
  const hover = page.locator('.monaco-hover', { hasText: 'User.Read' }).first();
  await hover.waitFor({ state: 'visible', timeout: 20_000 });
  const text = await hover.innerText();
  if (!/Delegated permission/.test(text)) throw new Error(`the hover says: ${text}`);
  await hoverOpaque(page, 'User.Read');
  await ctx.screenshot('manifest-permission-hover');
  await page.mouse.move(5, 5);

  await ctx.runCommand('View: Focus Problems');
  const problem = page.locator('.markers-panel .monaco-list-row', { hasText: 'AzureADMyOrg' }).first();
  await problem.waitFor({ state: 'visible', timeout: 20_000 });
  const row = await problem.innerText();
  if (!/schema-enum/.test(row)) throw new Error(`the Problems row says: ${row}`);
  await ctx.screenshot('manifest-problems-panel');
}
