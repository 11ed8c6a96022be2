// The words schema findings use for JSON types, schema formats and values ("an array", "a GUID
// such as …", "the string \"x\""), translated by the caller's Localizer.
import type * as l10n from '@vscode/l10n';
import type { Node as JsonNode } from 'jsonc-parser';
import type { Localizer } from '../text/localizer';

type L10n = Localizer<l10n.L10nReplacement>;

/** What a value of a schema format is, for messages. */
export function formatWords(fmt: string, l10n: L10n): string {
  switch (fmt) {
    case 'uuid':
      return l10n.t('a GUID such as {0}', '00000000-0000-0000-0000-000000000000');
    case 'uri':
      return l10n.t('an absolute URI (scheme and no spaces)');
    case 'date-time':
      return l10n.t('an ISO 8601 date-time with time zone, e.g. {0}', '2025-01-31T00:00:00Z');
    default:
      return l10n.t('a valid {0}', fmt);
  }
}

/** A JSON type named with its article ("an array"), for messages. */
function typeWord(t: string, l10n: L10n): string {
  switch (t) {
    case 'array':
      return l10n.t('an array');
    case 'object':
      return l10n.t('an object');
    case 'integer':
      return l10n.t('an integer');
    case 'string':
      return l10n.t('a string');
    case 'number':
      return l10n.t('a number');
    case 'boolean':
      return l10n.t('a boolean');
    default:
      return l10n.t('a {0}', t);
  }
}

export function typeWords(type: string | string[], l10n: L10n): string {
  const all = Array.isArray(type) ? type : String(type).split(',');
  let base = '';
  for (const t of all) {
    if (t === 'null') continue;
    base = base === '' ? typeWord(t, l10n) : l10n.t('{0} or {1}', base, typeWord(t, l10n));
  }
  return all.includes('null') ? l10n.t('{0} (or null)', base) : base;
}

export function nodeTypeWord(node: JsonNode, l10n: L10n): string {
  switch (node.type) {
    case 'array':
      return l10n.t('an array');
    case 'object':
      return l10n.t('an object');
    case 'null':
      return 'null';
    case 'string':
      return l10n.t('the string {0}', truncate(JSON.stringify(node.value)));
    case 'number':
      return l10n.t('the number {0}', String(node.value));
    default:
      return l10n.t('the boolean {0}', String(node.value));
  }
}

function truncate(s: string): string {
  return s.length > 60 ? s.slice(0, 57) + '..."' : s;
}
