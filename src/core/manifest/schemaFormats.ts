// The uri and uuid formats of the schema check, as character loops (a manifest can hold thousands of
// redirect URIs and ids; the regexes cost more). Each accepts exactly what ajv-formats accepts.
import { fullFormats } from 'ajv-formats/dist/formats';
import { isGuidAt } from './rules/util';

const fullUri = fullFormats.uri as (s: string) => boolean;

/**
 * ajv-formats' uri format (full mode). The common shape, scheme://host[:port][/path] in plain
 * characters, is accepted by a character loop (every string it accepts the full regex accepts);
 * anything else goes to ajv-formats' own test. A manifest can hold thousands of redirect URIs.
 */
export function isUriFormat(s: string): boolean {
  return isPlainUri(s) || fullUri(s);
}

/** [a-z0-9-._~!$&'()*+,;=] either case: a host character of the plain shape. */
function isRegNameChar(c: number): boolean {
  return (
    (c >= 97 && c <= 122) ||
    (c >= 65 && c <= 90) ||
    (c >= 48 && c <= 57) ||
    c === 45 ||
    c === 46 ||
    c === 95 ||
    c === 126 ||
    c === 33 ||
    c === 36 ||
    (c >= 38 && c <= 44) ||
    c === 59 ||
    c === 61
  );
}

/** scheme://host[:digits](/pchar*)* without %, ?, # or userinfo (a subset of the full uri format). */
function isPlainUri(s: string): boolean {
  const n = s.length;
  let c = s.charCodeAt(0);
  if (!((c >= 97 && c <= 122) || (c >= 65 && c <= 90))) return false;
  let i = 1;
  for (; i < n; i++) {
    c = s.charCodeAt(i);
    if (!((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46))
      break;
  }
  if (s.charCodeAt(i) !== 58 || s.charCodeAt(i + 1) !== 47 || s.charCodeAt(i + 2) !== 47) return false;
  i += 3;
  while (i < n && isRegNameChar(s.charCodeAt(i))) i++;
  if (s.charCodeAt(i) === 58 /* : */) {
    i++;
    while (i < n && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i++;
  }
  for (; i < n; i++) {
    c = s.charCodeAt(i);
    // path: "/" and pchar (host characters, ":" and "@")
    if (!(c === 47 || c === 58 || c === 64 || isRegNameChar(c))) return false;
  }
  return true;
}

/**
 * ajv-formats' uuid format, /^(?:urn:uuid:)?[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}$/i, as a
 * character loop (every id and appId of a manifest is checked; the regex cost more).
 */
export function isUuidFormat(s: string): boolean {
  return s.length === 36
    ? isGuidAt(s, 0)
    : s.length === 45 && s.slice(0, 9).toLowerCase() === 'urn:uuid:' && isGuidAt(s, 9);
}

/**
 * The formats the application schemas use, as ajv takes them: ajv-formats' date-time and the two
 * above. The compiled validators (schemaValidators.generated.ts) call these very objects.
 */
export const schemaFormats = {
  'date-time': fullFormats['date-time'],
  uri: { type: 'string', validate: isUriFormat },
  uuid: { type: 'string', validate: isUuidFormat },
} as const;
