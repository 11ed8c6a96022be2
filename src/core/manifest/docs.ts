// Where each rule is documented. The README's rule table (scripts/generate-rules-table.ts) has
// one anchor per rule id; the editor links Diagnostic.code to it.
export const RULE_DOCS_BASE = 'https://github.com/entra-workbench/entra-workbench/blob/main/README.md';

/** The documentation link of a rule id (an anchor in the README's rule table). */
export function ruleDocs(ruleId: string): string {
  return `${RULE_DOCS_BASE}#rule-${ruleId}`;
}
