// The findings of one rule run: kept in full up to the engine's limit, past it kept unbuilt
// (DeferredProblem) or only counted, so a list of thousands of repeats costs no message each.
import { COVERED_BY_SCHEMA } from '../schemaCover';
import type { Problem, Rule, RuleContext, SchemaCoverage, Severity, Fix } from '../types';

/**
 * A finding kept as its rule, severity and range only (what sorting and counting read); its
 * message, path, fixes and tags are built when first read. The engine lists at most
 * MAX_FINDINGS_PER_RULE findings of a rule and counts the rest, so the rest need not be built.
 */
export class DeferredProblem implements Problem {
  private made: Problem | undefined;
  /** Findings of the same rule after this one (in the engine's order) that were only counted. */
  counted = 0;
  constructor(
    readonly ruleId: string,
    readonly severity: Severity,
    readonly offset: number,
    readonly length: number,
    private readonly make: () => Problem,
  ) {}

  /** The finding as the rule would have built it (built once). */
  settle(): Problem {
    return (this.made ??= this.make());
  }

  get message(): string {
    return this.settle().message;
  }

  get path(): string {
    return this.settle().path;
  }

  get fixes(): readonly Fix[] | undefined {
    return this.settle().fixes;
  }

  get tags(): Problem['tags'] {
    return this.settle().tags;
  }
}

/**
 * One run of a rule's findings. Past the context's `findingLimit` (set by the engine, which lists
 * that many findings of a rule and counts the rest), `add` keeps a DeferredProblem instead of
 * building the finding, and a finding that sorts after every kept one is only counted (on the
 * last kept one): it can be neither listed nor the first one not listed. Findings a schema finding
 * covers (and so the engine drops, keeping their fixes) are all kept, unbuilt, and do not count
 * towards the limit; when the context does not say which are covered (`schemaCoverage`), every
 * finding of a rule the schema may cover is kept. Without a limit (a rule run on its own) every
 * finding is built at once.
 */
export class Findings {
  readonly list: Problem[] = [];
  private readonly limit: number;
  private readonly countable: boolean;
  /** Which findings of this rule the schema's findings cover; undefined when none can be. */
  private readonly covered: SchemaCoverage | undefined;
  /** The offset of the last schema finding that may cover one of this rule (-1 for none). */
  private readonly coveredUpTo: number;
  /** How many kept findings a schema finding covers (in `list`, but not towards the limit). */
  private coveredCount = 0;
  /** The kept finding that sorts last, once the limit is reached. */
  private last: DeferredProblem | undefined;
  private high: { offset: number; severity: Severity; length: number } | undefined;

  constructor(
    ctx: RuleContext,
    private readonly rule: Pick<Rule, 'id' | 'severity'>,
  ) {
    this.limit = ctx.findingLimit ?? Infinity;
    const coverable = COVERED_BY_SCHEMA.has(rule.id);
    this.covered = coverable ? ctx.schemaCoverage : undefined;
    this.coveredUpTo = this.covered?.last(rule.id) ?? -1;
    this.countable = !coverable || this.covered !== undefined;
  }

  /**
   * Adds the finding `make` builds about `node` (with `severity` when it is not the rule's).
   * `make` must build a problem of this rule on `node`'s range, with that severity, from values
   * that do not change later; `fixless` says that it has no fixes.
   */
  add<N extends { readonly offset: number; readonly length: number }>(
    node: N,
    make: (node: N) => Problem,
    severity: Severity = this.rule.severity,
    fixless = false,
  ): void {
    if (this.covered?.covers(this.rule.id, node.offset, node.length)) {
      // Dropped by the engine for the schema's finding, which takes its fixes (without any, it
      // leaves nothing): built only if read.
      if (fixless) return;
      this.coveredCount++;
      this.list.push(new DeferredProblem(this.rule.id, severity, node.offset, node.length, () => make(node)));
      return;
    }
    if (this.list.length - this.coveredCount < this.limit) {
      const p = make(node);
      this.list.push(p);
      this.raise(p);
      return;
    }
    if (this.countable && this.last && this.high && compareRange(node, severity, this.high) >= 0) {
      this.last.counted++;
      return;
    }
    const d = new DeferredProblem(this.rule.id, severity, node.offset, node.length, () => make(node));
    this.list.push(d);
    this.raise(d);
    this.last = d;
  }

  /**
   * Counts a finding about `node` (with `severity` when it is not the rule's) that `add` would only
   * count, and returns true; false when it must be added. Rules that report many entries call it
   * first, so that the finding's builder is not even made for the findings past the limit.
   */
  tally(node: { readonly offset: number; readonly length: number }, severity: Severity = this.rule.severity): boolean {
    if (this.list.length - this.coveredCount < this.limit || !this.countable || !this.last || !this.high) return false;
    if (compareRange(node, severity, this.high) < 0) return false;
    if (this.covered?.covers(this.rule.id, node.offset, node.length)) return false;
    this.last.counted++;
    return true;
  }

  /**
   * As tally, for a finding about a node that starts at `offset` or after it (inside a list entry
   * starting there), without that node: counts it when `offset` is past every kept finding and
   * every schema finding that may cover one of the rule. False when it cannot tell; the caller then
   * tallies the node itself. Rules that read a list's entries call it first, so that an entry's
   * value node is not made to be counted. With `n`, counts that many such findings at once (once
   * it returned true for an offset, it does for every later one: a rule that reads a long list
   * counts the findings of the entries after that one, then passes their number).
   */
  tallyAfter(offset: number, n = 1): boolean {
    if (this.list.length - this.coveredCount < this.limit || !this.countable || !this.last || !this.high) return false;
    if (offset <= this.high.offset || offset <= this.coveredUpTo) return false;
    this.last.counted += n;
    return true;
  }

  /** Tracks the kept finding that sorts last. */
  private raise(p: Problem): void {
    if (!this.high || compareRange(p, p.severity, this.high) >= 0) this.high = p;
  }
}

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2, hint: 3 };

/** The engine's order of two findings of one rule: offset, severity, length. */
function compareRange(
  a: { readonly offset: number; readonly length: number },
  severity: Severity,
  b: { readonly offset: number; readonly severity: Severity; readonly length: number },
): number {
  return a.offset - b.offset || SEVERITY_RANK[severity] - SEVERITY_RANK[b.severity] || a.length - b.length;
}

/** The findings of one rule run (see Findings). */
export function findings(ctx: RuleContext, rule: Pick<Rule, 'id' | 'severity'>): Findings {
  return new Findings(ctx, rule);
}
