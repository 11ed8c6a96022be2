// Template placeholders of Teams Toolkit manifests: `${{NAME}}` (Teams Toolkit v5) and
// `{{state.x}}` / `{{config.x}}` (older TeamsFx). A placeholder stands for a value known only when
// the template is provisioned, so checks of the value itself are skipped where one appears. The one
// definition of what counts as a placeholder: a lone `{{` without its closing braces is a typo, not
// a placeholder, and gets every check.

const NAME = '[A-Za-z_][\\w.-]*';
/** One placeholder anywhere in a string. */
export const PLACEHOLDER_PATTERN = new RegExp(`\\$\\{\\{\\s*${NAME}\\s*\\}\\}|\\{\\{\\s*${NAME}\\s*\\}\\}`);
const WHOLE = new RegExp(`^\\s*(?:\\$\\{\\{\\s*${NAME}\\s*\\}\\}|\\{\\{\\s*${NAME}\\s*\\}\\})\\s*$`);

/** Whether a string holds at least one complete placeholder. */
export function hasPlaceholder(value: string): boolean {
  return value.includes('{{') && PLACEHOLDER_PATTERN.test(value);
}

/** Whether a string is nothing but one placeholder (so it may stand for any JSON value type). */
export function isWholePlaceholder(value: string): boolean {
  return value.includes('{{') && WHOLE.test(value);
}

/** A Mustache section tag alone on its line: `{{#name}}`, `{{^name}}` or `{{/name}}`. */
const SECTION_LINE = /^[ \t]*\{\{([#^/])\s*([A-Za-z_][\w.-]*)\s*\}\}[ \t]*\r?$/gm;

/** What a scaffolding template sets aside while being read (offsets of the text are kept). */
export interface ScaffoldSections {
  /** The text with every section tag blanked, and inverted sections (`{{^x}}…{{/x}}`) with their content. */
  readonly text: string;
  /** Names of the sections found. */
  readonly names: readonly string[];
}

/**
 * Teams Toolkit's project templates (`aad.manifest.json.tpl`) are Mustache files filled when a
 * project is created: `{{#name}}…{{/name}}` keeps its lines when `name` is set, `{{^name}}…{{/name}}`
 * when it is not. Reads such a template as the project it makes with every section set: tags
 * alone on their line and the content of inverted sections become spaces, so the JSON inside can
 * be checked and every offset still points into the original text. Undefined when the text has
 * no such tags or they do not pair up. One linear pass.
 */
export function blankScaffoldSections(text: string): ScaffoldSections | undefined {
  if (!text.includes('{{#') && !text.includes('{{^')) return undefined;
  const open: { name: string; inverted: boolean; end: number }[] = [];
  const names: string[] = [];
  const blanks: [number, number][] = [];
  SECTION_LINE.lastIndex = 0;
  for (let m = SECTION_LINE.exec(text); m !== null; m = SECTION_LINE.exec(text)) {
    const [line, sigil, name] = m as unknown as [string, string, string];
    const start = m.index;
    const end = start + line.length;
    if (sigil === '/') {
      const top = open.pop();
      if (!top || top.name !== name) return undefined;
      // An inverted section is dropped whole: from the end of its opening tag to this one.
      blanks.push(top.inverted ? [top.end, end] : [start, end]);
    } else {
      open.push({ name, inverted: sigil === '^', end });
      blanks.push([start, end]);
      if (!names.includes(name)) names.push(name);
    }
  }
  if (open.length > 0 || blanks.length === 0) return undefined;
  // Ranges may nest (a tag inside an inverted section): count coverage in one sweep, so every
  // character is visited once however deep the nesting.
  const depth = new Int32Array(text.length + 1);
  for (const [from, to] of blanks) {
    depth[from]!++;
    depth[to]!--;
  }
  let out = '';
  let covered = 0;
  let runStart = 0;
  for (let i = 0; i < text.length; i++) {
    const was = covered;
    covered += depth[i]!;
    if (was === 0 && covered > 0) {
      out += text.slice(runStart, i);
      runStart = i;
    } else if (was > 0 && covered === 0) {
      out += text.slice(runStart, i).replace(/[^\r\n]/g, ' ');
      runStart = i;
    }
  }
  out += covered > 0 ? text.slice(runStart).replace(/[^\r\n]/g, ' ') : text.slice(runStart);
  return { text: out, names };
}
