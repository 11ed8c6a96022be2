// The redirect (reply) URIs of a manifest, read once per lint run: `web`, `spa` and
// `publicClient` redirectUris, legacy `replyUrlsWithType[{url,type}]` and the pre-2019 `replyUrls`,
// each with its platform and its parts.
import type { Node as JsonNode } from 'jsonc-parser';
import { BackedNode } from '../backedNode';
import type { RuleContext } from '../types';
import { child, elements, hasPlaceholder, rootObject, str, withTextWhere, type Segment } from './util';

export const REPLY_DOCS = 'https://learn.microsoft.com/entra/identity-platform/reply-url';

export type Platform = 'web' | 'spa' | 'public' | 'unknown';

export interface RedirectUri {
  /** The string node of the URI (made when first read on the strict-JSON tree). */
  readonly node: JsonNode;
  /** The list entry: the string node, or the legacy `{url, type}` object holding it. */
  readonly entry: JsonNode;
  /** Where the entry starts (without making its node on the strict-JSON tree). */
  readonly start: number;
  readonly value: string;
  readonly path: readonly Segment[];
  readonly platform: Platform;
  /** Teams Toolkit placeholder inside: the real value is unknown. */
  readonly placeholder: boolean;
  /** splitUri of the value, computed once per run: null when not an absolute URI, undefined for placeholders. */
  readonly parsed: Parsed | null | undefined;
  /** What the URI's text says, shared by every entry that repeats the text. */
  readonly text: UriText;
}

const LEGACY_TYPES: ReadonlyMap<string, Platform> = new Map([
  ['web', 'web'],
  ['spa', 'spa'],
  ['installedclient', 'public'],
]);

/** The plain items of an array of the strict-JSON tree (undefined for other nodes). */
function plainItems(node: JsonNode | undefined): readonly unknown[] | undefined {
  return node instanceof BackedNode && node.type === 'array' ? (node.plainValue() as unknown[]) : undefined;
}

/** An own member of a plain object (the last of repeated keys, as JSON.parse and child() keep it). */
function own(o: object, key: string): unknown {
  return Object.hasOwn(o, key) ? (o as Record<string, unknown>)[key] : undefined;
}

/** Every redirect URI written in the document, with its platform. */
export function redirectUris(ctx: RuleContext): readonly RedirectUri[] {
  return uriList(ctx).entries;
}

/** The distinct URI texts of the document's redirect URIs, in the order first written. */
export function redirectUriTexts(ctx: RuleContext): readonly UriText[] {
  return uriList(ctx).texts;
}

/**
 * The redirect URIs whose text passes `test`, in document order. `test` reads only the text (it
 * runs once per distinct text): a list that repeats one URI thousands of times is tested once,
 * and a rule none of whose texts can match skips the entries.
 */
export function redirectUrisWhere(ctx: RuleContext, test: (text: UriText) => boolean): readonly RedirectUri[] {
  const list = uriList(ctx);
  return withTextWhere(list.entries, list.texts, test);
}

/** True when some redirect URI of the document is on `platform`. */
export function hasRedirectPlatform(ctx: RuleContext, platform: Platform): boolean {
  return uriList(ctx).platforms.has(platform);
}

function uriList(ctx: RuleContext): UriList {
  return ctx.memo<UriList>('redirectUris', () => {
    const root = rootObject(ctx);
    const out = new UriList();
    for (const [key, platform] of PLATFORM_KEYS) out.addStrings(child(child(root, key), 'redirectUris'), key, platform);
    const legacy = child(root, 'replyUrlsWithType');
    // Each distinct type's platform found once (a long list repeats a few types).
    const platforms = new Map<string | undefined, Platform>();
    const platformOf = (type: string | undefined): Platform => {
      let platform = platforms.get(type);
      if (platform === undefined) platforms.set(type, (platform = legacyPlatform(type)));
      return platform;
    };
    const plain = plainItems(legacy);
    if (plain) {
      // The strict-JSON tree: read from the plain value, nodes made for what a rule reads.
      for (let i = 0; i < plain.length; i++) {
        const item = plain[i];
        if (item === null || typeof item !== 'object' || Array.isArray(item)) continue;
        const url = own(item, 'url');
        if (typeof url !== 'string') continue;
        const type = own(item, 'type');
        out.add(undefined, url, legacy!, LEGACY_BASE, i, true, platformOf(typeof type === 'string' ? type : undefined));
      }
    } else {
      const items = elements(legacy);
      for (let i = 0; i < items.length; i++) {
        const n = items[i]!;
        const url = child(n, 'url');
        const value = str(url);
        if (value === undefined) continue;
        out.add(url, value, legacy!, LEGACY_BASE, i, true, platformOf(str(child(n, 'type'))));
      }
    }
    // The pre-2019 Azure AD Graph object: plain reply URLs, of a native (public) client when its
    // boolean publicClient is true, else of web sign-in.
    const oldPlatform: Platform = child(root, 'publicClient')?.value === true ? 'public' : 'web';
    out.addStrings(child(root, 'replyUrls'), undefined, oldPlatform);
    return out;
  });
}

const LEGACY_BASE: readonly Segment[] = ['replyUrlsWithType'];

/** The platform of a legacy replyUrlsWithType type (own entries only: "constructor" is no type). */
function legacyPlatform(type: string | undefined): Platform {
  return (type !== undefined && LEGACY_TYPES.get(type.toLowerCase())) || 'unknown';
}

const PLATFORM_KEYS = [
  ['web', 'web'],
  ['spa', 'spa'],
  ['publicClient', 'public'],
] as const;

/** A redirect URI whose nodes and path are made when read (most are never reported). */
class Entry implements RedirectUri {
  private madePath: Segment[] | undefined;
  private madeEntry: JsonNode | undefined;
  constructor(
    private madeNode: JsonNode | undefined,
    readonly value: string,
    private readonly list: JsonNode,
    private readonly base: readonly Segment[],
    private readonly index: number,
    private readonly inObject: boolean,
    readonly platform: Platform,
    readonly text: UriText,
  ) {}

  get placeholder(): boolean {
    return this.text.placeholder;
  }

  get parsed(): Parsed | null | undefined {
    return this.text.parsed;
  }

  get entry(): JsonNode {
    if (this.madeEntry === undefined) {
      const list = this.list;
      this.madeEntry = list instanceof BackedNode ? list.element(this.index)! : list.children![this.index]!;
    }
    return this.madeEntry;
  }

  get start(): number {
    const list = this.list;
    return this.madeEntry === undefined && list instanceof BackedNode
      ? list.elementOffset(this.index)
      : this.entry.offset;
  }

  get node(): JsonNode {
    return (this.madeNode ??= this.inObject ? child(this.entry, 'url')! : this.entry);
  }

  get path(): readonly Segment[] {
    return (this.madePath ??= this.inObject ? [...this.base, this.index, 'url'] : [...this.base, this.index]);
  }
}

/** What a URI's text says, the same for every entry that repeats it. */
export interface UriText {
  /**
   * The text as first read: entries that repeat it share this string, so the rules' maps keyed by
   * the value find it by identity (a string read again from the text is a new string to hash).
   */
  readonly value: string;
  readonly placeholder: boolean;
  readonly parsed: Parsed | null | undefined;
}

/** The entries being read, and each distinct URI text read once (a list may repeat one URI many times). */
class UriList {
  readonly entries: RedirectUri[] = [];
  /** Each distinct text once, in the order first written. */
  readonly texts: UriText[] = [];
  readonly platforms = new Set<Platform>();
  private readonly readings = new Map<string, UriText>();
  private lastValue: string | undefined;
  private lastReading: UriText | undefined;
  /** The platform of the entry before (a list is of one platform: one set update per list). */
  private lastPlatform: Platform | undefined;

  /** The strings of a list of URIs (`key`.redirectUris, or replyUrls without a key). */
  addStrings(list: JsonNode | undefined, key: string | undefined, platform: Platform): void {
    if (list?.type !== 'array') return;
    const base = key === undefined ? ['replyUrls'] : [key, 'redirectUris'];
    const plain = plainItems(list);
    if (plain) {
      for (let i = 0; i < plain.length; i++) {
        const v = plain[i];
        if (typeof v === 'string') this.add(undefined, v, list, base, i, false, platform);
      }
      return;
    }
    const items = elements(list);
    for (let i = 0; i < items.length; i++) {
      const n = items[i]!;
      const v = str(n);
      if (v !== undefined) this.add(n, v, list, base, i, false, platform);
    }
  }

  add(
    node: JsonNode | undefined,
    value: string,
    list: JsonNode,
    base: readonly Segment[],
    index: number,
    inObject: boolean,
    platform: Platform,
  ): void {
    // A run of one URI (the usual repeat) skips the lookup.
    let reading = value === this.lastValue ? this.lastReading : this.readings.get(value);
    if (reading === undefined) {
      const placeholder = hasPlaceholder(value);
      reading = { value, placeholder, parsed: placeholder ? undefined : (splitUri(value) ?? null) };
      this.readings.set(value, reading);
      this.texts.push(reading);
    }
    if (platform !== this.lastPlatform) {
      this.platforms.add(platform);
      this.lastPlatform = platform;
    }
    this.lastValue = value;
    this.lastReading = reading;
    this.entries.push(new Entry(node, reading.value, list, base, index, inObject, platform, reading));
  }
}

export interface Parsed {
  scheme: string;
  host: string;
  port: string;
  rest: string;
  hasAuthority: boolean;
}

/** Splits a URI into scheme, host, port and the rest (path, query, fragment), without normalising. */
export function splitUri(uri: string): Parsed | undefined {
  // A character loop (what /^([A-Za-z][A-Za-z0-9+.-]*):(\/\/)?(.*)$/s and /[/?#]/ found): rules
  // split every redirect URI and App ID URI of a document.
  const n = uri.length;
  if (n === 0 || !isAsciiLetter(uri.charCodeAt(0))) return undefined;
  let i = 1;
  while (i < n && isSchemeChar(uri.charCodeAt(i))) i++;
  if (i >= n || uri.charCodeAt(i) !== 58 /* : */) return undefined;
  const scheme = uri.slice(0, i).toLowerCase();
  let start = i + 1;
  if (uri.charCodeAt(start) !== 47 /* / */ || uri.charCodeAt(start + 1) !== 47)
    return { scheme, host: '', port: '', rest: uri.slice(start), hasAuthority: false };
  start += 2;
  let end = start;
  for (; end < n; end++) {
    const c = uri.charCodeAt(end);
    if (c === 47 /* / */ || c === 63 /* ? */ || c === 35 /* # */) break;
  }
  let authority = uri.slice(start, end);
  const rest = uri.slice(end);
  const at = authority.lastIndexOf('@');
  if (at >= 0) authority = authority.slice(at + 1);
  let host = authority;
  let port = '';
  const v6 = authority.charCodeAt(0) === 91 /* [ */ ? /^(\[[^\]]*\])(?::(.*))?$/.exec(authority) : null;
  if (v6) {
    host = v6[1] ?? '';
    port = v6[2] ?? '';
  } else {
    const c = authority.lastIndexOf(':');
    if (c >= 0) {
      host = authority.slice(0, c);
      port = authority.slice(c + 1);
    }
  }
  return { scheme, host: host.toLowerCase(), port, rest, hasAuthority: true };
}

function isAsciiLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** [A-Za-z0-9+.-] */
function isSchemeChar(c: number): boolean {
  return isAsciiLetter(c) || (c >= 48 && c <= 57) || c === 43 || c === 46 || c === 45;
}

export const LOOPBACK = new Set(['localhost', '127.0.0.1']);
export const OOB = 'urn:ietf:wg:oauth:2.0:oob';
