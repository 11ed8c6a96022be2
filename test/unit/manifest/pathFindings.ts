// The findings of one lint as the parse-path tests compare them (the engine's fast paths against
// jsonc-parser's own tree, `parse: { fastPaths: false }`): what each says and where, and its fixes
// with their edits.
import { lintManifest, type LintOptions } from '../../../src/core/manifest/lint';

export function findingsOn(text: string, options: LintOptions): unknown[] {
  return lintManifest(text, options).problems.map((p) => [
    p.ruleId,
    p.severity,
    p.path,
    p.offset,
    p.length,
    p.message,
    (p.fixes ?? []).map((f) => [f.title, f.edits]),
  ]);
}
