// Codes about the user, the tenant and policies (Conditional Access, MFA, account state).
// The type-only import marks this file's `l10n.t` calls for the bundle extractor (see text/localizer.ts).
import type * as l10n from '@vscode/l10n';
import { audience, ca, type CodeInfo } from './types';
import type { Localizer } from '../../text/localizer';

type L10n = Localizer<l10n.L10nReplacement>;

export const signInCodes: readonly CodeInfo[] = [
  {
    code: '500021',
    text: (l10n: L10n) => ({
      title: l10n.t('Access blocked by tenant restrictions'),
      meaning: l10n.t('A proxy with tenant restrictions blocks sign-in to this tenant from the user’s network.'),
      fix: l10n.t(
        'Use a network or tenant allowed by the restriction policy, or ask the network administrator to allow this tenant.',
      ),
    }),
    who: 'admin',
    topics: ['policy'],
  },
  {
    code: '90019',
    text: (l10n: L10n) => ({
      title: l10n.t('No tenant in the request'),
      meaning: l10n.t(
        'The service could not find out which tenant to use: the authority has no tenant and the user’s account does not point to one.',
      ),
      fix: l10n.t('Use a tenant-specific authority (tenant id or domain) instead of /common.'),
    }),
    who: 'developer',
    topics: ['tenant', 'audience'],
  },
  {
    code: '90072',
    text: (l10n: L10n) => ({
      title: l10n.t('Account not in the tenant (pass-through)'),
      meaning: l10n.t(
        'The user’s account is from another tenant and is not a guest in this one, so it cannot sign in here.',
      ),
      fix: l10n.t(
        'Invite the user as a guest (B2B), have them use an account of this tenant, or make the app multi-tenant and use /organizations.',
      ),
    }),
    who: 'admin',
    topics: ['user', 'audience'],
  },
  {
    code: '90002',
    text: (l10n: L10n) => ({
      title: l10n.t('Tenant not found'),
      meaning: l10n.t(
        'The tenant in the authority does not exist or has no active subscription; often a typo in the domain or tenant id, or the wrong national cloud.',
      ),
      fix: l10n.t('Check the tenant id or domain in the authority URL and the cloud (login host) it is sent to.'),
    }),
    who: 'developer',
    topics: ['tenant'],
  },
  {
    code: '50020',
    text: (l10n: L10n) => ({
      title: l10n.t('User not in the tenant'),
      meaning: l10n.t(
        'The account belongs to another tenant (or is a personal Microsoft account) and is not allowed here: not invited as a guest, or the app accepts only its own tenant.',
      ),
      fix: l10n.t(
        'Invite the user as a guest, sign in with an account of this tenant, or widen the supported account types (signInAudience) and use /common or /organizations.',
      ),
    }),
    who: 'admin',
    topics: ['user', 'audience'],
    more: audience,
  },
  {
    code: '50076',
    text: (l10n: L10n) => ({
      title: l10n.t('Multifactor authentication required'),
      meaning: l10n.t(
        'A policy (Conditional Access or per-user MFA) needs a second factor, and the request could not prompt for it (for example a silent or username/password request).',
      ),
      fix: l10n.t(
        'Use an interactive flow that can prompt (or handle the claims challenge and retry interactively); username/password flows cannot do MFA.',
      ),
    }),
    who: 'user',
    topics: ['policy', 'user'],
    more: ca,
  },
  {
    code: '50079',
    text: (l10n: L10n) => ({
      title: l10n.t('MFA registration required'),
      meaning: l10n.t('The user must register for multifactor authentication before signing in.'),
      fix: l10n.t('Sign in interactively and complete the MFA registration.'),
    }),
    who: 'user',
    topics: ['policy', 'user'],
  },
  {
    code: '50074',
    text: (l10n: L10n) => ({
      title: l10n.t('Strong authentication required'),
      meaning: l10n.t('The sign-in needs strong (multifactor) authentication that was not completed.'),
      fix: l10n.t('Complete the MFA prompt in an interactive sign-in.'),
    }),
    who: 'user',
    topics: ['policy', 'user'],
  },
  {
    code: '53000',
    text: (l10n: L10n) => ({
      title: l10n.t('Device not compliant or not managed'),
      meaning: l10n.t('Conditional Access requires a compliant or domain-joined device, and this device is not.'),
      fix: l10n.t(
        'Sign in from a managed device or ask the administrator which policy applies (the sign-in logs name it).',
      ),
    }),
    who: 'admin',
    topics: ['policy'],
    more: ca,
  },
  {
    code: '53003',
    text: (l10n: L10n) => ({
      title: l10n.t('Blocked by Conditional Access'),
      meaning: l10n.t(
        'A Conditional Access policy blocked the sign-in (location, app, device, risk or another condition).',
      ),
      fix: l10n.t(
        'Look the request up in the sign-in logs (by correlation id) to see which policy applied, then meet its conditions or ask an administrator to adjust it.',
      ),
    }),
    who: 'admin',
    topics: ['policy'],
    more: ca,
  },
  {
    code: '530003',
    text: (l10n: L10n) => ({
      title: l10n.t('Device must be managed'),
      meaning: l10n.t('The resource requires a managed device and the sign-in came from an unmanaged one.'),
      fix: l10n.t('Use a registered or compliant device, or ask the administrator about the device policy.'),
    }),
    who: 'admin',
    topics: ['policy'],
    more: ca,
  },
  {
    code: '50126',
    text: (l10n: L10n) => ({
      title: l10n.t('Invalid user name or password'),
      meaning: l10n.t(
        'The credentials the user entered are wrong (or, for federated or password-less accounts, a password was not the way to sign in).',
      ),
      fix: l10n.t(
        'Retry with the right password; for username/password flows (ROPC) prefer an interactive flow, which also works for federated and MFA users.',
      ),
    }),
    who: 'user',
    topics: ['user'],
  },
  {
    code: '50034',
    text: (l10n: L10n) => ({
      title: l10n.t('User account not found'),
      meaning: l10n.t('No account with this name exists in the tenant the request went to.'),
      fix: l10n.t(
        'Check the user name and the tenant; invite the user as a guest if the account is in another tenant.',
      ),
    }),
    who: 'user',
    topics: ['user', 'tenant'],
  },
  {
    code: '50053',
    text: (l10n: L10n) => ({
      title: l10n.t('Account locked'),
      meaning: l10n.t(
        'The account is locked after too many failed sign-ins, or sign-in was blocked from a suspicious address.',
      ),
      fix: l10n.t(
        'Wait and retry, or ask an administrator to unlock it; check for scripts retrying with a wrong password.',
      ),
    }),
    who: 'user',
    topics: ['user'],
  },
  {
    code: '50055',
    text: (l10n: L10n) => ({
      title: l10n.t('Password expired'),
      meaning: l10n.t('The user’s password has expired.'),
      fix: l10n.t('Sign in interactively and change the password.'),
    }),
    who: 'user',
    topics: ['user'],
  },
  {
    code: '50057',
    text: (l10n: L10n) => ({
      title: l10n.t('User account disabled'),
      meaning: l10n.t('The account exists but is disabled.'),
      fix: l10n.t('Ask an administrator to enable the account, or use another one.'),
    }),
    who: 'admin',
    topics: ['user'],
  },
  {
    code: '50059',
    text: (l10n: L10n) => ({
      title: l10n.t('No tenant in the request or credentials'),
      meaning: l10n.t(
        'The service found no tenant in the authority or in the sign-in name, so it cannot tell where the account lives.',
      ),
      fix: l10n.t('Use a tenant-specific authority, or let the user enter a full sign-in name with its domain.'),
    }),
    who: 'developer',
    topics: ['tenant'],
  },
  {
    code: '50105',
    text: (l10n: L10n) => ({
      title: l10n.t('User not assigned to the app'),
      meaning: l10n.t(
        'The enterprise application requires assignment (appRoleAssignmentRequired) and the user is neither assigned directly nor through a group.',
      ),
      fix: l10n.t(
        'Assign the user (or a group of theirs) to the enterprise application, or turn "Assignment required" off.',
      ),
    }),
    who: 'admin',
    topics: ['user', 'app'],
  },
  {
    code: '50158',
    text: (l10n: L10n) => ({
      title: l10n.t('External security challenge not satisfied'),
      meaning: l10n.t('An external security check (for example a third-party MFA or a custom control) was not passed.'),
      fix: l10n.t(
        'Complete the external challenge in an interactive sign-in, or ask the administrator about the control.',
      ),
    }),
    who: 'user',
    topics: ['policy'],
  },
  {
    code: '240002',
    text: (l10n: L10n) => ({
      title: l10n.t('Account not usable with this flow'),
      meaning: l10n.t(
        'The account (often a guest or a personal account) cannot be used with the username/password flow or the tenant it was sent to.',
      ),
      fix: l10n.t('Use an interactive flow, or sign in with a member account of the tenant.'),
    }),
    who: 'developer',
    topics: ['user', 'publicClient'],
  },
  {
    code: '70043',
    text: (l10n: L10n) => ({
      title: l10n.t('Refresh token expired by policy'),
      meaning: l10n.t('The refresh token is too old for the sign-in frequency a Conditional Access policy requires.'),
      fix: l10n.t('Sign in interactively again.'),
    }),
    who: 'user',
    topics: ['policy', 'request'],
  },
  {
    code: '700003',
    text: (l10n: L10n) => ({
      title: l10n.t('Device deleted or disabled'),
      meaning: l10n.t('The device the token was tied to was removed or disabled in the directory.'),
      fix: l10n.t('Re-register the device or sign in from another one.'),
    }),
    who: 'user',
    topics: ['policy'],
  },
];
