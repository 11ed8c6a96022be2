// The options of `entra-workbench decode`, read from its arguments; a usage error in the locale's
// language (see ./l10n) when they do not fit.
import * as l10n from '@vscode/l10n';
import { isCloudName, type CloudName } from '../core/entra/clouds';
import { parseTrustedIssuer } from '../core/token/trust';
import { parseOptions } from './args';

export interface DecodeOptions {
  json: boolean;
  verify: boolean;
  now?: number;
  audience: string[];
  issuer?: string;
  authority?: string;
  cloud?: CloudName;
  trustIssuers: string[];
  input?: string;
}

/** What the `--cloud` error names: the option, the clouds it takes, the option for any other. */
const CLOUD_CHOICES = [
  '--cloud',
  'AzureCloud, AzureUSGovernment, AzureUSGovernmentDoD',
  'AzureChinaCloud',
  '--authority',
];

export function parseDecodeArgs(args: string[]): DecodeOptions | string {
  const parsed = parseOptions(args, {
    json: { type: 'boolean' },
    verify: { type: 'boolean' },
    now: { type: 'string' },
    audience: { type: 'string', multiple: true },
    issuer: { type: 'string' },
    authority: { type: 'string' },
    cloud: { type: 'string' },
    'trust-issuer': { type: 'string', multiple: true },
  });
  if (typeof parsed === 'string') return parsed;
  const { values, positionals } = parsed;
  const o: DecodeOptions = {
    json: values.json ?? false,
    verify: values.verify ?? false,
    audience: values.audience ?? [],
    trustIssuers: [],
  };
  if (values.now !== undefined) {
    const t = Date.parse(values.now);
    if (Number.isNaN(t)) return l10n.t('{0} needs an ISO 8601 date, got {1}', '--now', JSON.stringify(values.now));
    o.now = t;
  }
  if (values.issuer !== undefined) o.issuer = values.issuer;
  if (values.authority !== undefined) {
    if (!values.authority.startsWith('https://')) return l10n.t('{0} needs an https URL', '--authority');
    o.authority = values.authority;
  }
  if (values.cloud !== undefined) {
    if (!isCloudName(values.cloud) || values.cloud === 'Custom')
      return l10n.t('{0} needs {1} or {2} (for another authority use {3})', ...CLOUD_CHOICES);
    o.cloud = values.cloud;
  }
  for (const v of values['trust-issuer'] ?? []) {
    const entry = parseTrustedIssuer(v, l10n);
    if ('reason' in entry) return `--trust-issuer: ${entry.reason}`;
    o.trustIssuers.push(v);
  }
  if (positionals.length > 1) return l10n.t('give one token only');
  o.input = positionals[0];
  return o;
}
