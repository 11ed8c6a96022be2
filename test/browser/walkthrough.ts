// The getting-started walkthrough page: opened from the palette, its six steps listed, the first
// step's Markdown rendered in the theme; screenshot of the page.
import type { Page } from 'playwright-core';

export const name = 'Walkthrough: Get started with Entra app configuration';

interface Ctx {
  page: Page;
  screenshot(name: string): Promise<string>;
  readmeScreenshot(name: string): Promise<string>;
  runCommand(title: string): Promise<void>;
  webviewTexts(): Promise<string[]>;
  openEntraContainer(): Promise<void>;
}

export async function check(ctx: Ctx): Promise<void> {
  const { page } = ctx;
  // Once the container shows, the extension's contributions are registered (the palette lists them).
  await ctx.openEntraContainer();
  await ctx.runCommand('Entra: Get Started with Entra App Configuration');
  const title = page
    .locator('.gettingStartedContainer', { hasText: 'Get started with Entra app configuration' })
    .first();
  await title.waitFor({ state: 'visible', timeout: 30_000 });
  for (const step of [
    'Browse your app registrations',
    'API permissions vs authorized client apps',
    'Delegated vs application permissions and consent',
    'Scopes, .default, scp vs roles, oid and sub',
    'Permission naming and attributes',
    'App roles vs scopes: effective permissions',
  ]) {
    await page
      .locator('.gettingStartedContainer .getting-started-step', { hasText: step })
      .first()
      .waitFor({ state: 'visible', timeout: 30_000 });
  }
  // The page gets the whole width (the README's picture).
  await ctx.runCommand('View: Close Primary Side Bar');
  await page.locator('.part.sidebar').waitFor({ state: 'hidden', timeout: 15_000 });
  await page
    .locator('.gettingStartedContainer .getting-started-step', { hasText: 'API permissions vs authorized client apps' })
    .first()
    .click();
  // The step's Markdown renders in a webview frame (the step's own description on the page also
  // names AADSTS650052: wait for the Markdown's heading).
  const deadline = Date.now() + 30_000;
  for (;;) {
    const texts = await ctx.webviewTexts();
    if (texts.some((t) => t.includes('Why AADSTS650052 happens'))) break;
    if (Date.now() > deadline) throw new Error('the step media did not render');
    await page.waitForTimeout(250);
  }
  await ctx.screenshot('walkthrough');
  await ctx.readmeScreenshot('walkthrough');
}
