// The tenant audit in code-server against the tenant emulator: sign in, "Entra: Audit Tenant" from
// the palette, the Audit view with its rules and counts, a rule expanded (screenshot); then the
// CLI's HTML report (`entra-workbench audit --format html`) rendered in Chromium (screenshot).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { signInWithClientSecret, systemCertificatesOff } from './lib/steps';

export const name = 'Tenant audit: the Audit view after Audit Tenant, and the HTML report';

interface Ctx {
  page: Page;
  emulator?: {
    clientId: string;
    clientSecret: string;
    tenantId: string;
    authorityHost: string;
    graphBaseUrl: string;
    caCertPath: string;
  };
  screenshot(name: string): Promise<string>;
  runCommand(title: string): Promise<void>;
  openEntraContainer(): Promise<void>;
}

// The runner works from the repository root.
const root = process.cwd();

function row(page: Page, text: string | RegExp) {
  return page.locator('.sidebar .monaco-list-row', { hasText: text }).first();
}

export async function check(ctx: Ctx): Promise<void> {
  const { page } = ctx;
  const emulator = ctx.emulator;
  if (!emulator) {
    throw new Error('the tenant emulator is not running (test/emulator missing?)');
  }
  // As in explorer.ts: the emulator's test CA needs http.systemCertificates off.
  await systemCertificatesOff(ctx);

  await ctx.openEntraContainer();
  // Before any audit: the Audit view's welcome content.
  const welcome = page.locator('.sidebar .welcome-view-content', { hasText: 'No audit has run yet' }).first();
  await welcome.waitFor({ state: 'visible', timeout: 30_000 });
  await signInWithClientSecret(page, emulator.clientSecret);
  await row(page, 'Contoso (emulated)').waitFor({ state: 'visible', timeout: 60_000 });
  await ctx.screenshot('audit-welcome');

  await ctx.runCommand('Entra: Audit Tenant');
  // Rule rows show the rule's title (the id is in the tooltip).
  const tunnel = row(page, 'Redirect URIs on tunnel hosts');
  await tunnel.waitFor({ state: 'visible', timeout: 60_000 });
  for (const rule of [
    'App registrations without owners',
    'High-privilege Microsoft Graph application permissions granted',
    'Multi-tenant apps without a verified publisher',
  ]) {
    await row(page, rule).waitFor({ state: 'visible', timeout: 30_000 });
  }
  // Collapse the Tenants view so the Audit view gets the room.
  const tenantsHeader = page.locator('.sidebar .pane-header', { hasText: /tenants/i }).first();
  if ((await tenantsHeader.getAttribute('aria-expanded')) === 'true') {
    await tenantsHeader.click();
  }
  await tunnel.click();
  // In the Audit view: the Tenants view (collapsed, hidden) lists an app of that name too.
  const auditPane = page.locator('.sidebar .pane', { has: page.locator('.pane-header', { hasText: /^\s*audit/i }) });
  const finding = auditPane.locator('.monaco-list-row', { hasText: 'ClientApp (multi-tenant)' }).first();
  await finding.waitFor({ state: 'visible', timeout: 30_000 });
  // Hovered, the finding shows its inline actions: Fix (plan and apply) and Open Manifest at Property.
  await finding.hover();
  await finding.locator('.action-label[aria-label*="Fix"]').first().waitFor({ state: 'visible', timeout: 15_000 });
  await ctx.screenshot('audit-view');

  // The HTML report of the same tenant, written by the CLI and shown as a page of its own.
  // Run from source (the test runs do not build dist/ in the checkout).
  const cli = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      join(root, 'src', 'cli', 'main.ts'),
      'audit',
      '--format',
      'html',
      '--graph-base-url',
      emulator.graphBaseUrl,
      '--authority-host',
      emulator.authorityHost,
    ],
    {
      env: {
        ...process.env,
        NODE_EXTRA_CA_CERTS: emulator.caCertPath,
        AZURE_CLIENT_ID: emulator.clientId,
        AZURE_CLIENT_SECRET: emulator.clientSecret,
        AZURE_TENANT_ID: emulator.tenantId,
      },
      encoding: 'utf8',
      cwd: root,
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  if (!cli.stdout.includes('<html')) {
    throw new Error(`audit --format html printed no page (exit ${cli.status}): ${cli.stderr.slice(0, 500)}`);
  }
  const browser = page.context().browser();
  if (!browser) {
    throw new Error('no browser to open the report in');
  }
  const reportContext = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
  const report = await reportContext.newPage();
  try {
    await report.setContent(cli.stdout, { waitUntil: 'load' });
    const body = await report.locator('body').innerText();
    if (!body.includes('audit-redirect-uri-tunnel') || !body.includes('ClientApp (multi-tenant)')) {
      throw new Error(`the report lacks the tunnel finding: ${body.slice(0, 300)}`);
    }
    await report.screenshot({ path: join(root, 'test-results', 'audit-report-html.png'), fullPage: false });
  } finally {
    await reportContext.close();
  }
}
