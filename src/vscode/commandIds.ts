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
  // Changing the tenant: {@link import('./write/register').register}
  pullManifest: 'entra.pullManifest',
  planChanges: 'entra.planChanges',
  applyChanges: 'entra.applyChanges',
  undoApply: 'entra.undoApply',
  // Explorer edit actions: {@link import('./write/treeActions').registerTreeActions}
  addRedirectUri: 'entra.addRedirectUri',
  removeRedirectUri: 'entra.removeRedirectUri',
  enableEntitlement: 'entra.enableEntitlement',
  disableEntitlement: 'entra.disableEntitlement',
  addPermission: 'entra.addPermission',
  addSecret: 'entra.addSecret',
  removeCredential: 'entra.removeCredential',
  deleteApp: 'entra.deleteApp',
  restoreApp: 'entra.restoreApp',
  createApp: 'entra.createApp',
  // Walkthrough: {@link import('./walkthrough/register').register}
  openWalkthrough: 'entra.openWalkthrough',
  walkthroughShowTenants: 'entra.walkthrough.showTenants',
  walkthroughShowAuthorizedClients: 'entra.walkthrough.showAuthorizedClients',
  walkthroughShowConsent: 'entra.walkthrough.showConsent',
  walkthroughCompareTokens: 'entra.walkthrough.compareTokens',
  walkthroughFixManifest: 'entra.walkthrough.fixManifest',
  walkthroughShowEffectivePermissions: 'entra.walkthrough.showEffectivePermissions',
  // Tenant audit: {@link import('./audit/register').register}
  auditTenant: 'entra.auditTenant',
  auditGroupByApp: 'entra.auditGroupByApp',
  auditGroupByRule: 'entra.auditGroupByRule',
  auditOpenFinding: 'entra.auditOpenFinding',
  auditFixFinding: 'entra.auditFixFinding',
  auditRevealApp: 'entra.auditRevealApp',
  auditShowMore: 'entra.auditShowMore',
} as const;

export type CommandId = (typeof CommandId)[keyof typeof CommandId];
