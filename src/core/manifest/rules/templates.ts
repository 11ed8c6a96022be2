// Rules about Teams Toolkit templates as a whole: the placeholder styles a template is written in.
import type { Problem } from '../types';
import { PLACEHOLDER_PATTERN } from '../../entra/placeholders';
import { defineRule } from './util';

const DOCS = 'https://learn.microsoft.com/microsoftteams/platform/toolkit/aad-manifest-customization';

/** `${{NAME}}` (Teams Toolkit 5) and `{{state.x}}` / `{{config.x}}` (older TeamsFx), found in one linear scan. */
const STYLES = new RegExp(PLACEHOLDER_PATTERN.source, 'g');

export const templatePlaceholderStyles = defineRule({
  id: 'template-placeholder-styles',
  severity: 'warning',
  description:
    'A template uses one placeholder style: Teams Toolkit 5 fills ${{NAME}}, older TeamsFx filled {{state.x}}; the other style is left as written.',
  docs: DOCS,
  formats: ['teams-template'],
  check(ctx, self) {
    const text = ctx.text;
    if (!text) return [];
    const first: { modern?: RegExpExecArray; older?: RegExpExecArray } = {};
    let modern = 0;
    let older = 0;
    STYLES.lastIndex = 0;
    for (let m = STYLES.exec(text); m !== null; m = STYLES.exec(text)) {
      if (m[0].startsWith('$')) {
        modern++;
        first.modern ??= m;
      } else {
        older++;
        first.older ??= m;
      }
    }
    if (modern === 0 || older === 0) return [];
    // Anchored on the first placeholder of the style used less.
    const odd = modern <= older ? first.modern! : first.older!;
    const problem: Problem = {
      ruleId: self.id,
      severity: self.severity,
      message: `This template mixes placeholder styles: ${modern} \${{NAME}} (Teams Toolkit 5) and ${older} {{name}} (older TeamsFx). Each tool fills only its own style and leaves the other as written, so ${odd[0]} would stay in the app registration. Use one style.`,
      offset: odd.index,
      length: odd[0].length,
      path: '',
    };
    return [problem];
  },
});

export const templateRules = [templatePlaceholderStyles];
