// OData query options for the emulator's Graph collections: a small $filter parser (eq, ne, in,
// startswith, endswith, not, and/or, collection any()), $search clauses, paging tokens.

export class QueryError extends Error {
  constructor(
    readonly code: 'BadRequest' | 'Request_BadRequest' | 'Request_UnsupportedQuery',
    message: string,
  ) {
    super(message);
  }
}

export type PropKind = 'string' | 'bool' | 'collection' | 'date' | 'number';
type Item = Record<string, unknown>;
export type Predicate = (item: Item) => boolean;

export interface ParsedFilter {
  predicate: Predicate;
  /** Operators used that need advanced query parameters (ne, not, endswith). */
  advanced: string[];
}

type Token = { t: 'id' | 'str' | 'num' | 'punct'; v: string; pos: number };

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (/\s/.test(c)) {
      i++;
    } else if (c === "'") {
      let v = '';
      const start = i++;
      for (;;) {
        if (i >= text.length)
          throw new QueryError(
            'BadRequest',
            `Invalid filter clause: unterminated string literal at position ${start} in '${text}'.`,
          );
        if (text[i] === "'") {
          if (text[i + 1] === "'") {
            v += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        v += text[i++];
      }
      out.push({ t: 'str', v, pos: start });
    } else if ('(),:'.includes(c)) {
      out.push({ t: 'punct', v: c, pos: i++ });
    } else if (/[-0-9]/.test(c)) {
      const m = /^-?[0-9][0-9a-fA-F.:TZ+-]*/.exec(text.slice(i)) as RegExpExecArray;
      out.push({ t: 'num', v: m[0], pos: i });
      i += m[0].length;
    } else if (/[A-Za-z_$@]/.test(c)) {
      const m = /^[A-Za-z_$@][A-Za-z0-9_$@./]*/.exec(text.slice(i)) as RegExpExecArray;
      out.push({ t: 'id', v: m[0], pos: i });
      i += m[0].length;
    } else {
      throw new QueryError('BadRequest', `Invalid filter clause: syntax error at position ${i} in '${text}'.`);
    }
  }
  return out;
}

const lower = (v: unknown) => (typeof v === 'string' ? v.toLowerCase() : v);

/**
 * Parses `$filter` for an entity whose filterable properties are `props`; `entity` names the type
 * in error messages (e.g. `microsoft.graph.application`).
 */
export function parseFilter(text: string, props: Record<string, PropKind>, entity: string): ParsedFilter {
  const tokens = tokenize(text);
  const advanced: string[] = [];
  let p = 0;
  const peek = () => tokens[p];
  const fail = (): never => {
    throw new QueryError(
      'BadRequest',
      `Invalid filter clause: syntax error at position ${peek()?.pos ?? text.length} in '${text}'.`,
    );
  };
  const expect = (v: string) => {
    const tok = tokens[p];
    if (!tok || tok.v !== v) fail();
    p++;
  };
  const isWord = (w: string) => peek()?.t === 'id' && peek()?.v.toLowerCase() === w;
  const property = (name: string, kind?: PropKind): string => {
    const k = props[name];
    if (!k || (kind && k !== kind) || (!kind && k === 'collection')) {
      throw new QueryError(
        'Request_UnsupportedQuery',
        `Unsupported or invalid query filter clause specified for property '${name}' of resource '${entity.replace(/^microsoft\.graph\./, '').replace(/^./, (c) => c.toUpperCase())}'.`,
      );
    }
    return name;
  };
  const literal = (): unknown => {
    const tok = tokens[p++];
    if (!tok) return fail();
    if (tok.t === 'str') return tok.v;
    if (tok.t === 'num') return /^-?\d+(\.\d+)?$/.test(tok.v) ? Number(tok.v) : tok.v;
    if (tok.t === 'id' && ['true', 'false', 'null'].includes(tok.v)) return tok.v === 'null' ? null : tok.v === 'true';
    return fail();
  };
  const compare = (op: string, a: unknown, b: unknown): boolean => {
    const x = lower(a);
    const y = lower(b);
    switch (op) {
      case 'eq':
        return (x ?? null) === (y ?? null);
      case 'ne':
        return (x ?? null) !== (y ?? null);
      case 'ge':
        return String(x) >= String(y);
      case 'le':
        return String(x) <= String(y);
      case 'gt':
        return String(x) > String(y);
      case 'lt':
        return String(x) < String(y);
      default:
        return fail();
    }
  };
  // Inside any(x: …) the lambda variable stands for each element.
  const lambdaBody = (variable: string): ((v: unknown) => boolean) => {
    if (isWord('startswith') || isWord('endswith')) {
      const fn = (tokens[p++] as Token).v.toLowerCase();
      if (fn === 'endswith') advanced.push('endsWith');
      expect('(');
      if (peek()?.v !== variable) fail();
      p++;
      expect(',');
      const value = String(literal()).toLowerCase();
      expect(')');
      return (v) =>
        typeof v === 'string' &&
        (fn === 'startswith' ? v.toLowerCase().startsWith(value) : v.toLowerCase().endsWith(value));
    }
    if (peek()?.v !== variable) fail();
    p++;
    const op = (tokens[p++]?.v ?? '').toLowerCase();
    if (op === 'ne') advanced.push('ne');
    const value = literal();
    return (v) => compare(op, v, value);
  };
  const primary = (): Predicate => {
    if (peek()?.v === '(') {
      p++;
      const inner = orExpr();
      expect(')');
      return inner;
    }
    if (isWord('not')) {
      p++;
      advanced.push('not');
      const inner = primary();
      return (item) => !inner(item);
    }
    if (isWord('startswith') || isWord('endswith')) {
      const fn = (tokens[p++] as Token).v.toLowerCase();
      if (fn === 'endswith') advanced.push('endsWith');
      expect('(');
      const name = property((tokens[p++] ?? fail()).v);
      expect(',');
      const value = String(literal()).toLowerCase();
      expect(')');
      return (item) => {
        const v = item[name];
        return (
          typeof v === 'string' &&
          (fn === 'startswith' ? v.toLowerCase().startsWith(value) : v.toLowerCase().endsWith(value))
        );
      };
    }
    const tok = tokens[p++];
    if (!tok || tok.t !== 'id') return fail();
    const any = /^(.+)\/(any|all)$/i.exec(tok.v);
    if (any) {
      const name = property(any[1] as string, 'collection');
      expect('(');
      const variable = (tokens[p++] ?? fail()).v;
      expect(':');
      const test = lambdaBody(variable);
      expect(')');
      const all = (any[2] as string).toLowerCase() === 'all';
      return (item) => {
        const values = (item[name] as unknown[] | undefined) ?? [];
        return all ? values.every(test) : values.some(test);
      };
    }
    const name = property(tok.v);
    const op = (tokens[p++]?.v ?? '').toLowerCase();
    if (op === 'in') {
      expect('(');
      const values: unknown[] = [lower(literal())];
      while (peek()?.v === ',') {
        p++;
        values.push(lower(literal()));
      }
      expect(')');
      return (item) => values.includes(lower(item[name]) ?? null);
    }
    if (!['eq', 'ne', 'ge', 'le', 'gt', 'lt'].includes(op)) return fail();
    if (op === 'ne') advanced.push('ne');
    const value = literal();
    return (item) => compare(op, item[name], value);
  };
  const andExpr = (): Predicate => {
    let left = primary();
    while (isWord('and')) {
      p++;
      const l = left;
      const r = primary();
      left = (item) => l(item) && r(item);
    }
    return left;
  };
  const orExpr = (): Predicate => {
    let left = andExpr();
    while (isWord('or')) {
      p++;
      const l = left;
      const r = andExpr();
      left = (item) => l(item) || r(item);
    }
    return left;
  };
  const predicate = orExpr();
  if (p !== tokens.length) fail();
  return { predicate, advanced };
}

/**
 * `$search="displayName:web" OR "description:crm"`: tokenized, prefix match on words of the
 * property (case-insensitive), like the directory's search.
 */
export function parseSearch(text: string, searchable: string[]): Predicate {
  const clauses: { prop: string; term: string }[] = [];
  const ops: string[] = [];
  const re = /\s*"([^":]+):([^"]*)"\s*(AND|OR)?/gy;
  let m: RegExpExecArray | null;
  let consumed = 0;
  while ((m = re.exec(text)) !== null) {
    clauses.push({ prop: m[1] as string, term: (m[2] as string).toLowerCase() });
    if (m[3]) ops.push(m[3]);
    consumed = re.lastIndex;
  }
  if (clauses.length === 0 || consumed !== text.length || ops.length !== clauses.length - 1) {
    throw new QueryError(
      'Request_UnsupportedQuery',
      `Invalid $search clause '${text}': use "property:value" terms in double quotes, joined by AND or OR.`,
    );
  }
  for (const c of clauses) {
    if (!searchable.includes(c.prop))
      throw new QueryError(
        'Request_UnsupportedQuery',
        `Unsupported or invalid search clause specified for property '${c.prop}'.`,
      );
  }
  const words = (v: unknown) =>
    typeof v === 'string'
      ? v
          .toLowerCase()
          .split(/[^a-z0-9]+/i)
          .filter(Boolean)
      : [];
  const tests = clauses.map((c) => (item: Item) => {
    const value = item[c.prop];
    if (typeof value === 'string' && value.toLowerCase().startsWith(c.term)) return true;
    const termWords = words(c.term);
    const ws = words(value);
    return termWords.length > 0 && termWords.every((t) => ws.some((w) => w.startsWith(t)));
  });
  return (item) => {
    let result = (tests[0] as Predicate)(item);
    for (let i = 1; i < tests.length; i++)
      result = ops[i - 1] === 'AND' ? result && (tests[i] as Predicate)(item) : result || (tests[i] as Predicate)(item);
    return result;
  };
}

/** Opaque paging token: the offset into the filtered, ordered result. */
export const skipToken = {
  encode: (offset: number) => `RFNwdAIAAQAAA${Buffer.from(`offset:${offset}`).toString('base64url')}`,
  decode: (token: string): number => {
    const m = /^RFNwdAIAAQAAA(.+)$/.exec(token);
    const text = m ? Buffer.from(m[1] as string, 'base64url').toString('utf8') : '';
    const n = /^offset:(\d+)$/.exec(text);
    if (!n) throw new QueryError('Request_BadRequest', 'Invalid pagination token.');
    return Number(n[1]);
  },
};
