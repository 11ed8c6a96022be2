// Test localizers shared by the unit tests of translated texts: one that pseudo-translates each text
// and records the values filled in, and the check that nothing English is left once those values are
// taken out.
import { english, type Localizer } from '../../src/core/text/localizer';

/** A test Localizer that changes each text with `pseudoText` and records the values filled in. */
export function pseudoLocalizer(pseudoText: (message: string) => string): Localizer & { readonly values: Set<string> } {
  const values = new Set<string>();
  return {
    values,
    t: (message, ...args) => {
      for (const a of args) values.add(String(a));
      return english.t(pseudoText(message), ...args);
    },
  };
}

/** The ASCII words left in a translated text once the values filled into it are taken out (none when all is translated). */
export function untranslated(text: string, values: Iterable<string>): string[] {
  let rest = text;
  for (const v of [...values].sort((a, b) => b.length - a.length)) if (v.length > 0) rest = rest.split(v).join(' ');
  return rest.match(/[A-Za-z]{2,}/g) ?? [];
}
