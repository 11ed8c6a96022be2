/**
 * Every command the extension registers, grouped by the feature whose command table registers it.
 * Each feature's table (`CommandTable<'feature'>` in ./commandTable.ts) must have exactly one handler
 * for each id of its group, checked by the compiler. The drift check (scripts/check-drift.mjs) imports
 * this module and compares the ids with `contributes.commands` in package.json. No `vscode` import here.
 */
export const FeatureCommands = {
  /** {@link import('./about/register').register} */
  about: {
    showAbout: 'entra.showAbout',
  },
  /** {@link import('./token/register').register} */
  token: {
    decodeToken: 'entra.decodeToken',
  },
  /** Tenant explorer: {@link import('./explorer/commands').explorerCommands} */
  explorer: {
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
    /** {@link import('./explorer/linking').revealCommands} (internal) */
    revealApp: 'entra.revealApp',
  },
  /** Sign-in error doctor: {@link import('./doctor/register').register} */
  doctor: {
    explainSignInError: 'entra.explainSignInError',
    copyAdminConsentUrl: 'entra.copyAdminConsentUrl',
  },
  /** Changing the tenant: {@link import('./write/register').register} */
  write: {
    pullManifest: 'entra.pullManifest',
    planChanges: 'entra.planChanges',
    applyChanges: 'entra.applyChanges',
    undoApply: 'entra.undoApply',
  },
  /** Explorer edit actions: {@link import('./write/treeActions').treeActionCommands} */
  treeActions: {
    addRedirectUri: 'entra.addRedirectUri',
    removeRedirectUri: 'entra.removeRedirectUri',
    enableEntitlement: 'entra.enableEntitlement',
    disableEntitlement: 'entra.disableEntitlement',
    addPermission: 'entra.addPermission',
    addSecret: 'entra.addSecret',
    removeCredential: 'entra.removeCredential',
    rotateSecret: 'entra.rotateSecret',
    uploadCertificate: 'entra.uploadCertificate',
    deleteApp: 'entra.deleteApp',
    restoreApp: 'entra.restoreApp',
    createApp: 'entra.createApp',
  },
  /** Walkthrough: {@link import('./walkthrough/register').register} */
  walkthrough: {
    openWalkthrough: 'entra.openWalkthrough',
    walkthroughShowTenants: 'entra.walkthrough.showTenants',
    walkthroughShowAuthorizedClients: 'entra.walkthrough.showAuthorizedClients',
    walkthroughShowConsent: 'entra.walkthrough.showConsent',
    walkthroughCompareTokens: 'entra.walkthrough.compareTokens',
    walkthroughFixManifest: 'entra.walkthrough.fixManifest',
    walkthroughShowEffectivePermissions: 'entra.walkthrough.showEffectivePermissions',
  },
  /** Tenant audit: {@link import('./audit/register').register} */
  audit: {
    auditTenant: 'entra.auditTenant',
    auditGroupByApp: 'entra.auditGroupByApp',
    auditGroupByRule: 'entra.auditGroupByRule',
    auditOpenFinding: 'entra.auditOpenFinding',
    auditFixFinding: 'entra.auditFixFinding',
    auditRevealApp: 'entra.auditRevealApp',
    auditShowMore: 'entra.auditShowMore',
  },
} as const;

export type CommandFeature = keyof typeof FeatureCommands;
/** The ids one feature's command table registers. */
export type FeatureCommandId<F extends CommandFeature> = Extract<
  (typeof FeatureCommands)[F][keyof (typeof FeatureCommands)[F]],
  string
>;

/** Every command id by name, for `executeCommand` and menus built in code. */
export const CommandId = {
  ...FeatureCommands.about,
  ...FeatureCommands.token,
  ...FeatureCommands.explorer,
  ...FeatureCommands.doctor,
  ...FeatureCommands.write,
  ...FeatureCommands.treeActions,
  ...FeatureCommands.walkthrough,
  ...FeatureCommands.audit,
} as const;

export type CommandId = (typeof CommandId)[keyof typeof CommandId];

/** Every command id with the feature that registers it (the drift check reads this). */
export function commandTableIds(): { feature: CommandFeature; id: CommandId }[] {
  return Object.entries(FeatureCommands).flatMap(([feature, ids]) =>
    Object.values(ids).map((id) => ({ feature: feature as CommandFeature, id: id as CommandId })),
  );
}
