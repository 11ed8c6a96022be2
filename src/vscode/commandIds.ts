/**
 * Every command the extension registers. The drift check (scripts/check-drift.mjs) compares
 * these ids with `contributes.commands` in package.json.
 */
export const CommandId = {
  /** {@link import('./about/register').register} */
  showAbout: 'entra.showAbout',
  /** {@link import('./token/register').register} */
  decodeToken: 'entra.decodeToken',
  // Tenant explorer: {@link import('./explorer/commands').registerCommands}
  signIn: 'entra.signIn',
  signOut: 'entra.signOut',
  /** The device code notification's link (internal) */
  copyDeviceCode: 'entra.copyDeviceCode',
  switchTenant: 'entra.switchTenant',
  showTenantInfo: 'entra.showTenantInfo',
  refresh: 'entra.refresh',
  refreshNode: 'entra.refreshNode',
  search: 'entra.search',
  clearSearch: 'entra.clearSearch',
  loadMore: 'entra.loadMore',
  copyValue: 'entra.copyValue',
  copyClientId: 'entra.copyClientId',
  copyObjectId: 'entra.copyObjectId',
  openInPortal: 'entra.openInPortal',
  openManifest: 'entra.openManifest',
  /** {@link import('./explorer/linking').registerRevealCommand} (internal) */
  revealApp: 'entra.revealApp',
  // Sign-in error doctor: {@link import('./doctor/register').register}
  explainSignInError: 'entra.explainSignInError',
  copyAdminConsentUrl: 'entra.copyAdminConsentUrl',
} as const;

export type CommandId = (typeof CommandId)[keyof typeof CommandId];
