// What the values of the amr and appidacr/azpacr claims mean, in the language of the Localizer the
// caller passes (English by default). A lookup is a single Map.get and one translation call.
// The type-only import marks this file's `l10n.t` calls for the bundle extractor (see text/localizer.ts).
import type * as l10n from '@vscode/l10n';
import { english, type Localizer } from '../text/localizer';

type L10n = Localizer<l10n.L10nReplacement>;
/** Writes one explanation in the localizer's language. */
type Text = (l10n: L10n) => string;

/** Explanations of each authentication method of the amr claim. */
const amrTable = new Map<string, Text>([
  ['pwd', (l10n) => l10n.t('password')],
  ['rsa', (l10n) => l10n.t('proof with an RSA key, e.g. Microsoft Authenticator, Windows Hello or a certificate')],
  ['otp', (l10n) => l10n.t('one-time passcode sent by email or text message')],
  ['fed', (l10n) => l10n.t('federated sign-in through another identity provider (for example AD FS)')],
  ['wia', (l10n) => l10n.t('Windows integrated authentication (Kerberos on a domain-joined machine)')],
  ['mfa', (l10n) => l10n.t('multifactor authentication')],
  ['ngcmfa', (l10n) => l10n.t('a strong multifactor method suitable for provisioning new credentials')],
  ['wiaormfa', (l10n) => l10n.t('Windows integrated authentication or multifactor authentication')],
  ['none', (l10n) => l10n.t('no authentication was performed')],
  ['sms', (l10n) => l10n.t('code sent by text message')],
  ['face', (l10n) => l10n.t('face recognition')],
  ['fpt', (l10n) => l10n.t('fingerprint')],
  ['pin', (l10n) => l10n.t('PIN')],
  ['kba', (l10n) => l10n.t('knowledge-based authentication')],
  ['swk', (l10n) => l10n.t('proof with a software-secured key')],
  ['hwk', (l10n) => l10n.t('proof with a hardware-secured key')],
  ['user', (l10n) => l10n.t('user presence test')],
  ['sc', (l10n) => l10n.t('smart card')],
]);

/** Every method of the amr claim that has an explanation. */
export const knownAmrMethods: readonly string[] = [...amrTable.keys()];

/** What an authentication method of the amr claim is, or undefined when Microsoft does not describe it. */
export function describeAmrMethod(method: string, l10n: L10n = english): string | undefined {
  return amrTable.get(method)?.(l10n);
}

const authFlavour = new Map<string, Text>([
  ['0', (l10n) => l10n.t('public client: no secret or certificate')],
  ['1', (l10n) => l10n.t('client secret')],
  ['2', (l10n) => l10n.t('client certificate or signed assertion')],
]);

/** How the client authenticated, from appidacr/azpacr, or null when unknown. */
export function describeClientAuth(value: unknown, l10n: L10n = english): string | null {
  return typeof value === 'string' ? (authFlavour.get(value)?.(l10n) ?? null) : null;
}
