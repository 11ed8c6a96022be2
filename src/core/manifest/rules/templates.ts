// Rules about Teams Toolkit templates as a whole: the placeholder styles a template is written in.
import type * as l10n from '@vscode/l10n';
import type { Localizer } from '../../text/localizer';
import type { Node as JsonNode } from 'jsonc-parser';
import { PLACEHOLDER_PATTERN } from '../../entra/placeholders';
import { defineRule, report, short, type Segment } from './util';

const DOCS = 'https://learn.microsoft.com/entra/identity-platform/reference-app-manifest';

/** `${{NAME}}` (Teams Toolkit 5) and `{{state.x}}` / `{{config.x}}` (older TeamsFx), found in one linear scan. */
const STYLES = new RegExp(PLACEHOLDER_PATTERN.source, 'g');

export const templatePlaceholderStyles = defineRule({
  id: 'template-placeholder-styles',
  severity: 'warning',
  title: (l10n) => l10n.t('Templates that mix placeholder styles'),
  description: (l10n) =>
    l10n.t(
      'A template uses one placeholder style: Teams Toolkit 5 fills ${{NAME}}, older TeamsFx filled {{state.x}}; the other style is left as written.',
    ),
  docs: DOCS,
  formats: ['teams-template'],
  check(ctx, self) {
    const l10n: Localizer<l10n.L10nReplacement> = ctx.l10n;
    // Every string and key of the tree, walked with an explicit stack (no recursion).
    let modern = 0;
    let older = 0;
    const first: { modern?: Hit; older?: Hit } = {};
    // Each entry links to its parent's: a path is built only for the string reported.
    const stack: Step[] = ctx.root ? [{ node: ctx.root, up: undefined, segment: '' }] : [];
    const marks = ctx.text === '' ? undefined : braceMarks(ctx.text);
    // The placeholders of a string, read once per distinct string (a list may repeat one).
    const byText = new Map<string, Styles>();
    while (stack.length > 0) {
      const step = stack.pop()!;
      const node = step.node;
      // A value whose text holds no `{{` (nor an escape that could spell one) has no placeholder.
      if (marks && node.length >= 0 && !anyWithin(marks, node.offset, node.offset + node.length)) continue;
      if (node.type === 'string' && typeof node.value === 'string' && node.value.includes('{{')) {
        let styles = byText.get(node.value);
        if (styles === undefined) byText.set(node.value, (styles = stylesOf(node.value)));
        modern += styles.modern;
        older += styles.older;
        if (styles.firstModern !== undefined) first.modern ??= { step, text: styles.firstModern };
        if (styles.firstOlder !== undefined) first.older ??= { step, text: styles.firstOlder };
      } else if (node.type === 'object') {
        const props = node.children ?? [];
        for (let i = props.length - 1; i >= 0; i--) {
          const [key, value] = props[i]!.children ?? [];
          if (key && value) stack.push({ node: value, up: step, segment: String(key.value) });
        }
      } else if (node.type === 'array') {
        const items = node.children ?? [];
        for (let i = items.length - 1; i >= 0; i--) stack.push({ node: items[i]!, up: step, segment: i });
      }
    }
    if (modern === 0 || older === 0) return [];
    // Anchored on the first string holding a placeholder of the style used less.
    const odd = modern <= older ? first.modern! : first.older!;
    return [
      report(
        self,
        odd.step.node,
        pathOf(odd.step),
        l10n.t(
          'This template mixes placeholder styles: {0} ${{NAME}} (Teams Toolkit 5) and {1} {{name}} (older TeamsFx). Each tool fills only its own style and leaves the other as written, so {2} would stay in the app registration. Use one style.',
          modern,
          older,
          short(odd.text),
        ),
      ),
    ];
  },
});

/** The placeholders of one string: how many of each style, and the first of each. */
interface Styles {
  modern: number;
  older: number;
  firstModern?: string;
  firstOlder?: string;
}

function stylesOf(value: string): Styles {
  const out: Styles = { modern: 0, older: 0 };
  STYLES.lastIndex = 0;
  for (let m = STYLES.exec(value); m !== null; m = STYLES.exec(value)) {
    if (m[0].startsWith('$')) {
      out.modern++;
      out.firstModern ??= m[0];
    } else if (m[0].includes('.')) {
      out.older++;
      out.firstOlder ??= m[0];
    }
    // else {{appName}}: a variable Teams Toolkit fills when it creates the project from its
    // template (older TeamsFx placeholders always name state.… or config.…).
  }
  return out;
}

interface Step {
  node: JsonNode;
  up: Step | undefined;
  segment: Segment;
}

interface Hit {
  step: Step;
  text: string;
}

function pathOf(step: Step): Segment[] {
  const out: Segment[] = [];
  for (let s: Step | undefined = step; s?.up; s = s.up) out.push(s.segment);
  return out.reverse();
}

export const templateRules = [templatePlaceholderStyles];

/** The offsets of every `{{` and `\\u` in a text, ascending (one pass). */
function braceMarks(text: string): number[] {
  const out: number[] = [];
  for (let i = text.indexOf('{{'); i >= 0; i = text.indexOf('{{', i + 1)) out.push(i);
  const escapes: number[] = [];
  for (let i = text.indexOf('\\u'); i >= 0; i = text.indexOf('\\u', i + 1)) escapes.push(i);
  if (escapes.length === 0) return out;
  return [...out, ...escapes].sort((a, b) => a - b);
}

/** Whether a sorted list holds a number in [start, end) (binary search). */
function anyWithin(sorted: readonly number[], start: number, end: number): boolean {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < start) lo = mid + 1;
    else hi = mid;
  }
  return lo < sorted.length && sorted[lo]! < end;
}
