// Supported account types against the tenant in the sign-in URL, and public client flows.
// The type-only import marks this file's `l10n.t` calls for the bundle extractor (see text/localizer.ts).
import type * as l10n from '@vscode/l10n';
import { str, type CheckInput, type RegistrationFinding } from '../registrationTypes';

export function checkAudience({ req, app, ctx, findings, passed, l10n }: CheckInput<l10n.L10nReplacement>): void {
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
      l10n.t('The request goes to /{0}, but the app is single-tenant (signInAudience AzureADMyOrg).', tenant),
      l10n.t(
        'Send the request to the tenant-specific authority (tenant id or domain), or make the app multi-tenant (signInAudience AzureADMultipleOrgs) if other tenants should sign in.',
      ),
    );
  } else if (tenant === 'common' && aud === 'AzureADMultipleOrgs') {
    push(
      l10n.t(
        'The request goes to /common, which also lets personal Microsoft accounts try, but the app accepts work and school accounts only.',
      ),
      l10n.t('Use /organizations, or allow personal accounts (signInAudience AzureADandPersonalMicrosoftAccount).'),
      'warning',
    );
  } else if (tenant === 'consumers' && !personal) {
    push(
      l10n.t(
        'The request goes to /consumers (personal Microsoft accounts), but the app does not accept them (signInAudience {0}).',
        aud,
      ),
      l10n.t('Use the tenant authority or /organizations, or change signInAudience to allow personal accounts.'),
    );
  } else if (aud === 'PersonalMicrosoftAccount' && tenant !== 'consumers' && tenant !== 'common') {
    push(
      l10n.t('The app accepts personal Microsoft accounts only, but the request goes to {0}.', req.tenant ?? ''),
      l10n.t('Send the request to /consumers, or widen signInAudience.'),
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
        l10n.t(
          'The app is single-tenant and registered in {0}, but the request goes to {1}; users of that tenant cannot sign in to it.',
          ctx.homeTenant.id ?? home[0]!,
          req.tenant ?? '',
        ),
        l10n.t(
          'Send the request to the tenant where the app is registered, or make the app multi-tenant (AzureADMultipleOrgs) and have the other tenant consent.',
        ),
        'warning',
      );
    } else if (home.length)
      passed.push(
        l10n.t(
          "The request goes to the app's own tenant ({0}), which its supported account types ({1}) allow.",
          req.tenant ?? '',
          aud,
        ),
      );
  } else
    passed.push(
      multiOrg
        ? l10n.t(
            "The authority /{0} fits the app's supported account types ({1}, multi-tenant).",
            req.tenant ?? '',
            aud,
          )
        : l10n.t("The authority /{0} fits the app's supported account types ({1}).", req.tenant ?? '', aud),
    );
}

export function checkPublicClient({ req, app, findings, passed, l10n }: CheckInput<l10n.L10nReplacement>): void {
  const needs = req.flow === 'deviceCode' || req.flow === 'password' || req.code === '7000218';
  if (!needs) return;
  if (app.isFallbackPublicClient === true) {
    passed.push(l10n.t('Public client flows are allowed (isFallbackPublicClient).'));
    return;
  }
  const message =
    req.flow === 'deviceCode'
      ? l10n.t('The device code flow needs "Allow public client flows", which is off for this app.')
      : req.flow === 'password'
        ? l10n.t('The username/password (ROPC) flow needs "Allow public client flows", which is off for this app.')
        : l10n.t(
            'A token request without client credentials needs "Allow public client flows", which is off for this app.',
          );
  findings.push({
    id: 'public-client-flows-disabled',
    severity: 'error',
    message,
    fix: l10n.t(
      'Set isFallbackPublicClient to true (Authentication › Allow public client flows: Yes), or send the app’s client credential.',
    ),
    path: ['isFallbackPublicClient'],
    edit: {
      kind: 'allowPublicClientFlows',
      label: l10n.t('Allow public client flows (isFallbackPublicClient: true)'),
    },
  });
}
