// Supported account types against the tenant in the sign-in URL, and public client flows.
import { str, type CheckInput, type RegistrationFinding } from '../registrationTypes';

export function checkAudience({ req, app, ctx, findings, passed }: CheckInput): void {
  const tenant = req.tenant?.toLowerCase();
  const aud = str(app.signInAudience) ?? 'AzureADMyOrg';
  if (!tenant) return;
  const multiOrg = aud === 'AzureADMultipleOrgs' || aud === 'AzureADandPersonalMicrosoftAccount';
  const personal = aud === 'PersonalMicrosoftAccount' || aud === 'AzureADandPersonalMicrosoftAccount';
  const push = (message: string, fix: string, severity: RegistrationFinding['severity'] = 'error'): void => {
    findings.push({ id: 'audience-mismatch', severity, message, fix, path: ['signInAudience'] });
  };
  if ((tenant === 'common' || tenant === 'organizations') && aud === 'AzureADMyOrg') {
    push(
      `The request goes to /${tenant}, but the app is single-tenant (signInAudience AzureADMyOrg).`,
      'Send the request to the tenant-specific authority (tenant id or domain), or make the app multi-tenant (signInAudience AzureADMultipleOrgs) if other tenants should sign in.',
    );
  } else if (tenant === 'common' && aud === 'AzureADMultipleOrgs') {
    push(
      'The request goes to /common, which also lets personal Microsoft accounts try, but the app accepts work and school accounts only.',
      'Use /organizations, or allow personal accounts (signInAudience AzureADandPersonalMicrosoftAccount).',
      'warning',
    );
  } else if (tenant === 'consumers' && !personal) {
    push(
      `The request goes to /consumers (personal Microsoft accounts), but the app does not accept them (signInAudience ${aud}).`,
      'Use the tenant authority or /organizations, or change signInAudience to allow personal accounts.',
    );
  } else if (aud === 'PersonalMicrosoftAccount' && tenant !== 'consumers' && tenant !== 'common') {
    push(
      `The app accepts personal Microsoft accounts only, but the request goes to ${req.tenant}.`,
      'Send the request to /consumers, or widen signInAudience.',
    );
  } else if (
    aud === 'AzureADMyOrg' &&
    ctx.homeTenant &&
    tenant !== 'common' &&
    tenant !== 'organizations' &&
    tenant !== 'consumers'
  ) {
    const home = [ctx.homeTenant.id, ...(ctx.homeTenant.domains ?? [])]
      .filter((x): x is string => !!x)
      .map((x) => x.toLowerCase());
    if (home.length && !home.includes(tenant)) {
      push(
        `The app is single-tenant and registered in ${ctx.homeTenant.id ?? home[0]}, but the request goes to ${req.tenant}; users of that tenant cannot sign in to it.`,
        'Send the request to the tenant where the app is registered, or make the app multi-tenant (AzureADMultipleOrgs) and have the other tenant consent.',
        'warning',
      );
    } else if (home.length)
      passed.push(
        `The request goes to the app's own tenant (${req.tenant}), which its supported account types (${aud}) allow.`,
      );
  } else
    passed.push(
      `The authority /${req.tenant} fits the app's supported account types (${aud}${multiOrg ? ', multi-tenant' : ''}).`,
    );
}

export function checkPublicClient({ req, app, findings, passed }: CheckInput): void {
  const needs = req.flow === 'deviceCode' || req.flow === 'password' || req.code === '7000218';
  if (!needs) return;
  if (app.isFallbackPublicClient === true) {
    passed.push('Public client flows are allowed (isFallbackPublicClient).');
    return;
  }
  const what =
    req.flow === 'deviceCode'
      ? 'The device code flow'
      : req.flow === 'password'
        ? 'The username/password (ROPC) flow'
        : 'A token request without client credentials';
  findings.push({
    id: 'public-client-flows-disabled',
    severity: 'error',
    message: `${what} needs "Allow public client flows", which is off for this app.`,
    fix: 'Set isFallbackPublicClient to true (Authentication \u203a Allow public client flows: Yes), or send the app\u2019s client credential.',
    path: ['isFallbackPublicClient'],
    edit: { kind: 'allowPublicClientFlows', label: 'Allow public client flows (isFallbackPublicClient: true)' },
  });
}
