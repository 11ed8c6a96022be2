// The Entra container is in the activity bar, its view opens, and a command runs from the palette.
import type { Page } from 'playwright-core';

export const name = 'Entra container and a command from the palette';

interface Ctx {
  page: Page;
  screenshot(name: string): Promise<string>;
  runCommand(title: string): Promise<void>;
  openEntraContainer(): Promise<void>;
}

export async function check(ctx: Ctx): Promise<void> {
  await ctx.openEntraContainer();
  await ctx.screenshot('workbench-entra-container');
  await ctx.runCommand('Entra: About Entra Workbench');
  const toast = ctx.page.locator('.notification-toast', { hasText: 'Entra Workbench' }).first();
  await toast.waitFor({ state: 'visible', timeout: 20_000 });
  const text = await toast.innerText();
  if (!/Entra Workbench \d+\.\d+\.\d+/.test(text)) {
    throw new Error(`the About notification says: ${text}`);
  }
  await ctx.screenshot('workbench-about-command');
}
