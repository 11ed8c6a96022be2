// Rules about Teams Toolkit templates as a whole: the placeholder styles a template is written in.
import type * as l10n from '@vscode/l10n';
import type { Localizer } from '../../text/localizer';
import type { Node as JsonNode } from 'jsonc-parser';
import { PLACEHOLDER_PATTERN } from '../../entra/placeholders';
import { BackedNode } from '../backedNode';
import type { RuleContext } from '../types';
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
    const walk = new PlaceholderWalk(ctx);
    if (ctx.root) walk.run(ctx.root);
    const { modern, older, first } = walk;
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

/**
 * Every string value of the tree (keys are not read), walked in document order with an explicit
 * stack (no recursion): how many placeholders of each style, and the first string holding one of
 * each. Only the values whose text holds a `{{` (or an escape that could spell a brace) are read.
 * The entries of a list on a tree made from a plain value (BackedNode) are read from their plain
 * values, so a list of 20,000 entries makes no node per entry: a node walk is left to the first
 * entry holding a placeholder of a style, and to the entries holding an object that repeats a key
 * (its plain value keeps only the last of them).
 */
class PlaceholderWalk {
  modern = 0;
  older = 0;
  readonly first: { modern?: Hit; older?: Hit } = {};
  private readonly marks: number[] | undefined;
  private readonly duplicates: readonly number[] | undefined;
  /** The placeholders of a string, read once per distinct string (a list may repeat one). */
  private readonly byText = new Map<string, Styles>();
  /** The stack of countPlain (one for the run). */
  private readonly plain: unknown[] = [];
  /** The last string countPlain counted, and its placeholders (a list repeats a few strings). */
  private lastText: string | undefined;
  private lastStyles: Styles | undefined;

  constructor(ctx: RuleContext) {
    this.marks = ctx.text === '' ? undefined : braceMarks(ctx.text);
    this.duplicates = ctx.duplicateObjects;
  }

  /** Counts and finds the first hits under `root` (`up`: the step of its parent, for paths). */
  run(root: JsonNode, up?: Step, segment: Segment = '', count = true): void {
    // Each entry links to its parent's: a path is built only for the string reported.
    const stack: Step[] = [{ node: root, up, segment }];
    const marks = this.marks;
    while (stack.length > 0) {
      const step = stack.pop()!;
      const node = step.node;
      // A value whose text holds no `{{` (nor an escape that could spell a brace) has no placeholder.
      if (marks && node.length >= 0 && !anyWithin(marks, node.offset, node.offset + node.length)) continue;
      if (node.type === 'string' && typeof node.value === 'string' && node.value.includes('{{')) {
        const styles = this.stylesOf(node.value);
        if (count) {
          this.modern += styles.modern;
          this.older += styles.older;
        }
        if (styles.firstModern !== undefined) this.first.modern ??= { step, text: styles.firstModern };
        if (styles.firstOlder !== undefined) this.first.older ??= { step, text: styles.firstOlder };
      } else if (
        count &&
        node.type === 'object' &&
        typeof step.segment === 'number' &&
        node instanceof BackedNode &&
        this.duplicates &&
        !anyWithin(this.duplicates, node.offset, node.offset + node.length)
      ) {
        // An entry made from a plain value in a list that is not (a part of a text with syntax errors).
        const { modern, older } = this;
        this.countPlain(node.plainValue());
        if ((this.modern > modern && !this.first.modern) || (this.older > older && !this.first.older))
          this.run(node, step.up, step.segment, false);
      } else if (node.type === 'object') {
        const props = node.children ?? [];
        for (let i = props.length - 1; i >= 0; i--) {
          const [key, value] = props[i]!.children ?? [];
          if (key && value) stack.push({ node: value, up: step, segment: String(key.value) });
        }
      } else if (node.type === 'array') {
        if (count && marks && this.duplicates && node instanceof BackedNode) this.entries(node, step);
        else {
          const items = node.children ?? [];
          for (let i = items.length - 1; i >= 0; i--) stack.push({ node: items[i]!, up: step, segment: i });
        }
      }
    }
  }

  /**
   * The entries of a list on a tree made from a plain value, read from their plain values; the
   * first entry holding a placeholder of a style not met before is walked by its nodes for that
   * string, and an entry holding an object that repeats a key is walked by its nodes.
   */
  private entries(list: BackedNode, step: Step): void {
    const items = list.plainValue() as unknown[];
    const marks = this.marks!;
    const duplicates = this.duplicates!;
    // The entries in order, and the marks and repeated keys in order: one pass over each.
    let m = firstAtOrAfter(marks, list.offset);
    let d = firstAtOrAfter(duplicates, list.offset);
    let start = items.length > 0 ? list.elementOffset(0) : 0;
    for (let i = 0; i < items.length; i++) {
      const next = i + 1 < items.length ? list.elementOffset(i + 1) : list.offset + list.length;
      while (m < marks.length && marks[m]! < start) m++;
      if (m === marks.length || marks[m]! >= next) {
        start = next;
        continue;
      }
      while (d < duplicates.length && duplicates[d]! < start) d++;
      const item = items[i];
      if (typeof item === 'string') {
        // As run() reads a string (a value with `{{` has a mark in its text): counted from the
        // plain value, its node made only when it holds the first placeholder of a style.
        if (item.includes('{{')) {
          const styles = this.stylesOf(item);
          this.modern += styles.modern;
          this.older += styles.older;
          const modern = styles.firstModern !== undefined && !this.first.modern;
          const older = styles.firstOlder !== undefined && !this.first.older;
          if (modern || older) {
            const at: Step = { node: list.element(i)!, up: step, segment: i };
            if (modern) this.first.modern = { step: at, text: styles.firstModern! };
            if (older) this.first.older = { step: at, text: styles.firstOlder! };
          }
        }
      } else if (d < duplicates.length && duplicates[d]! < next) this.run(list.element(i)!, step, i);
      else {
        const modern = this.modern;
        const older = this.older;
        this.countPlain(item);
        if ((this.modern > modern && !this.first.modern) || (this.older > older && !this.first.older))
          this.run(list.element(i)!, step, i, false);
      }
      start = next;
    }
  }

  /** Counts the placeholders of every string value in a plain value (iterative). */
  private countPlain(value: unknown): void {
    const stack = this.plain;
    stack.push(value);
    while (stack.length > 0) {
      const v = stack.pop();
      if (typeof v === 'string') {
        if (v !== this.lastText) {
          if (!v.includes('{{')) continue;
          this.lastText = v;
          this.lastStyles = this.stylesOf(v);
        }
        this.modern += this.lastStyles!.modern;
        this.older += this.lastStyles!.older;
      } else if (Array.isArray(v)) {
        for (let i = v.length - 1; i >= 0; i--) stack.push(v[i]);
      } else if (v !== null && typeof v === 'object') {
        for (const x of Object.values(v)) stack.push(x);
      }
    }
  }

  private stylesOf(value: string): Styles {
    let styles = this.byText.get(value);
    if (styles === undefined) this.byText.set(value, (styles = stylesOf(value)));
    return styles;
  }
}

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

/** The offsets of every `{{` and `\\u007b` (an escaped brace) in a text, ascending (one pass each). */
function braceMarks(text: string): number[] {
  const out: number[] = [];
  for (let i = text.indexOf('{{'); i >= 0; i = text.indexOf('{{', i + 1)) out.push(i);
  const escapes: number[] = [];
  for (let i = text.indexOf('\\u007'); i >= 0; i = text.indexOf('\\u007', i + 1)) {
    const c = text.charCodeAt(i + 5);
    if (c === 98 /* b */ || c === 66 /* B */) escapes.push(i);
  }
  if (escapes.length === 0) return out;
  return [...out, ...escapes].sort((a, b) => a - b);
}

/** Whether a sorted list holds a number in [start, end) (binary search). */
function anyWithin(sorted: readonly number[], start: number, end: number): boolean {
  const lo = firstAtOrAfter(sorted, start);
  return lo < sorted.length && sorted[lo]! < end;
}

/** The position of the first number at or after `start` in a sorted list (binary search). */
function firstAtOrAfter(sorted: readonly number[], start: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < start) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
