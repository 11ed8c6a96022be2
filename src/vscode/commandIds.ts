/**
 * Every command the extension registers. The drift check (scripts/check-drift.mjs) compares
 * these ids with `contributes.commands` in package.json.
 */
export const CommandId = {
  /** {@link import('./about/register').register} */
  showAbout: 'entra.showAbout',
  /** {@link import('./token/register').register} */
  decodeToken: 'entra.decodeToken',
} as const;

export type CommandId = (typeof CommandId)[keyof typeof CommandId];
