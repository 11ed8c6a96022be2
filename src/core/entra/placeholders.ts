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
