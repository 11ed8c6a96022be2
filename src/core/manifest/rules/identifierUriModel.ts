// The App ID URIs of a manifest (`identifierUris`), read once per lint run: each entry with what
// its text says (placeholder, parts), each distinct text read once.
import type { RuleContext } from '../types';
import { child, hasPlaceholder, rootObject, stringItems, withTextWhere, type StringItem } from './util';
import { splitUri, type Parsed } from './redirectUriModel';

/** What an App ID URI's text says, shared by every entry that repeats the text. */
export interface IdentifierUriText {
  readonly value: string;
  /** Teams Toolkit placeholder inside: the real value is unknown. */
  readonly placeholder: boolean;
  /** splitUri of the value: undefined when not an absolute URI. */
  readonly parsed: Parsed | undefined;
}

/** An App ID URI with what its text says (read once per distinct text and run). */
export type IdentifierUri = StringItem & { readonly parsed: Parsed | undefined; readonly text: IdentifierUriText };

interface IdentifierUriList {
  readonly items: IdentifierUri[];
  /** Each distinct text once, in the order first written. */
  readonly texts: IdentifierUriText[];
}

function identifierUriList(ctx: RuleContext): IdentifierUriList {
  return ctx.memo<IdentifierUriList>('identifierUris', () => {
    const items = stringItems(child(rootObject(ctx), 'identifierUris'), ['identifierUris']) as (StringItem & {
      parsed?: Parsed;
      text?: IdentifierUriText;
    })[];
    // Each distinct URI read once (a long list may repeat one); the rules only read the parts.
    const byValue = new Map<string, IdentifierUriText>();
    const texts: IdentifierUriText[] = [];
    for (let k = 0; k < items.length; k++) {
      const u = items[k]!;
      let text = byValue.get(u.value);
      if (text === undefined) {
        text = { value: u.value, placeholder: hasPlaceholder(u.value), parsed: splitUri(u.value) };
        byValue.set(u.value, text);
        texts.push(text);
      }
      u.text = text;
      u.parsed = text.parsed;
    }
    return { items: items as IdentifierUri[], texts };
  });
}

export function identifierUris(ctx: RuleContext): readonly IdentifierUri[] {
  return identifierUriList(ctx).items;
}

/** The distinct texts of the document's App ID URIs, in the order first written. */
export function identifierUriTexts(ctx: RuleContext): readonly IdentifierUriText[] {
  return identifierUriList(ctx).texts;
}

/**
 * The App ID URIs whose text passes `test`, in document order. `test` reads only the text (it
 * runs once per distinct text): a rule none of whose texts can match skips the list.
 */
export function identifierUrisWhere(
  ctx: RuleContext,
  test: (text: IdentifierUriText) => boolean,
): readonly IdentifierUri[] {
  const { items, texts } = identifierUriList(ctx);
  return withTextWhere(items, texts, test);
}
