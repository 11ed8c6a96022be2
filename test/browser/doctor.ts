// The sign-in error doctor in code-server against the tenant emulator: sign in, "Entra: Explain
// Sign-in Error" from the palette with a redirect-mismatch text for CRM Web pasted into the input
// box, the doctor page checked against the registration and its grants (screenshot), then a fix
// button's modal confirmation listing the change (screenshot), cancelled: nothing is written.
import type { Page } from 'playwright-core';
import { panelFrame, signInWithClientSecret, systemCertificatesOff } from './lib/steps';

export const name = 'Sign-in error doctor: Explain Sign-in Error → the page with registration and consent findings';

interface Ctx {
  page: Page;
  emulator?: { clientSecret: string; tenantId: string };
  screenshot(name: string): Promise<string>;
  runCommand(title: string): Promise<void>;
  openEntraContainer(): Promise<void>;
}

const CRM_WEB = 'c1000000-0000-4000-8000-000000000002';
const CRM_API = 'c1000000-0000-4000-8000-000000000001';

export async function check(ctx: Ctx): Promise<void> {
  const { page } = ctx;
  const emulator = ctx.emulator;
  if (!emulator) throw new Error('the tenant emulator is not running (test/emulator missing?)');
  // As in explorer.ts: the emulator's test CA needs http.systemCertificates off.
  await systemCertificatesOff(ctx);

  await ctx.openEntraContainer();
  await signInWithClientSecret(page, emulator.clientSecret);
  await page
    .locator('.sidebar .monaco-list-row', { hasText: 'Contoso (emulated)' })
    .first()
    .waitFor({ state: 'visible', timeout: 60_000 });

  // What a developer pastes: the error line and the authorize URL their app sent.
  const authorize = `https://login.microsoftonline.com/${emulator.tenantId}/oauth2/v2.0/authorize?client_id=${CRM_WEB}&response_type=code&redirect_uri=${encodeURIComponent('https://crm.contoso-emulator.example/signin-oidc/')}&scope=${encodeURIComponent(`openid api://${CRM_API}/user_impersonation api://${CRM_API}/Sales.ReadWrite.Team`)}`;
  const text = `AADSTS50011: The redirect URI 'https://crm.contoso-emulator.example/signin-oidc/' specified in the request does not match the redirect URIs configured for the application '${CRM_WEB}'. ${authorize}`;
  await ctx.runCommand('Entra: Explain Sign-in Error');
  const input = page.locator('.quick-input-widget input').first();
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  await input.fill(text);
  await page.keyboard.press('Enter');
  const frame = await panelFrame(page, 'Against the app registration');
  // The registration check needs the app and the grants: wait for its findings.
  await frame.locator('[data-finding="redirect-uri-not-registered"]').waitFor({ timeout: 30_000 });
  const body = await frame.locator('body').innerText();
  for (const expected of [
    'AADSTS50011',
    'CRM Web',
    'differs from it only by a trailing slash',
    'Add https://crm.contoso-emulator.example/signin-oidc/ to the Web platform',
    'Sales.ReadWrite.Team of CRM API is not listed',
    'Some users have consented to it',
    'user_impersonation of CRM API is consented for all users',
    'Admin consent',
  ]) {
    if (!body.includes(expected)) throw new Error(`the doctor page lacks "${expected}": ${body.slice(0, 800)}`);
  }
  await ctx.screenshot('doctor-result');

  // The fix goes through the plan: the modal lists the change before anything is sent. Cancel it.
  await frame.locator('[data-finding="redirect-uri-not-registered"] button[data-action="fix"]').click();
  const dialog = page.locator('.monaco-dialog-box', { hasText: 'apply 1 change to CRM Web' }).first();
  await dialog.waitFor({ state: 'visible', timeout: 30_000 });
  const detail = await dialog.innerText();
  if (!detail.includes('https://crm.contoso-emulator.example/signin-oidc/'))
    throw new Error(`the confirmation does not list the redirect URI: ${detail.slice(0, 400)}`);
  await ctx.screenshot('doctor-fix-confirm');
  await dialog.locator('.monaco-button', { hasText: 'Cancel' }).first().click();
  await dialog.waitFor({ state: 'hidden', timeout: 15_000 });
}
