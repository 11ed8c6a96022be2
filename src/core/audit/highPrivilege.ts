// Microsoft Graph permissions treated as high privilege by the audit. Ids and values are those of
// the Microsoft Graph service principal (checked against ../shared/data/microsoft-info by the
// unit tests); the tenant's Graph service principal stays the authority for names.
import type * as l10n from '@vscode/l10n';
import { MICROSOFT_GRAPH_APP_ID } from '../entra/ids';
import type { Localizer } from '../text/localizer';

export { MICROSOFT_GRAPH_APP_ID };

/** An application permission of Microsoft Graph and what it allows (completing "the app can …"). */
export interface HighPrivilegeRole {
  readonly value: string;
  readonly allows: (l10n: Localizer<l10n.L10nReplacement>) => string;
}

/** Application permissions (app roles) of Microsoft Graph, by id, with what each allows. */
export const HIGH_PRIVILEGE_APP_ROLES: ReadonlyMap<string, HighPrivilegeRole> = new Map<string, HighPrivilegeRole>([
  [
    '1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9',
    { value: 'Application.ReadWrite.All', allows: (l10n) => l10n.t('add credentials to any app and act as it') },
  ],
  [
    '06b708a9-e830-4db3-a914-8e69da51d44f',
    {
      value: 'AppRoleAssignment.ReadWrite.All',
      allows: (l10n) => l10n.t('grant any app any application permission, itself included'),
    },
  ],
  [
    '9e3f62cf-ca93-4989-b6ce-bf83c28f9fe8',
    {
      value: 'RoleManagement.ReadWrite.Directory',
      allows: (l10n) => l10n.t('assign any directory role, Global Administrator included'),
    },
  ],
  [
    '19dbc75e-c2e2-444c-a770-ec69d8559fc7',
    { value: 'Directory.ReadWrite.All', allows: (l10n) => l10n.t('change every user, group and app of the directory') },
  ],
  [
    '8e8e4742-1d95-4f68-9d56-6ee75648c72a',
    {
      value: 'DelegatedPermissionGrant.ReadWrite.All',
      allows: (l10n) => l10n.t('consent to any delegated permission for any app'),
    },
  ],
  [
    '741f803b-c850-494e-b5df-cde7c675a1ca',
    { value: 'User.ReadWrite.All', allows: (l10n) => l10n.t('change every user') },
  ],
  [
    '62a82d76-70ea-41e2-9197-370581804d09',
    { value: 'Group.ReadWrite.All', allows: (l10n) => l10n.t('change every group and its membership') },
  ],
  [
    'dbaae8cf-10b5-4b86-a4a1-f871c94c6695',
    { value: 'GroupMember.ReadWrite.All', allows: (l10n) => l10n.t('add anyone to any group') },
  ],
  [
    '50483e42-d915-4231-9639-7fdb7fd190e5',
    { value: 'UserAuthenticationMethod.ReadWrite.All', allows: (l10n) => l10n.t("reset any user's sign-in methods") },
  ],
  [
    '01c0a623-fc9b-48e9-b794-0756f8e8f067',
    { value: 'Policy.ReadWrite.ConditionalAccess', allows: (l10n) => l10n.t('turn off Conditional Access policies') },
  ],
  [
    '29c18626-4985-4dcd-85c0-193eef327366',
    {
      value: 'Policy.ReadWrite.AuthenticationMethod',
      allows: (l10n) => l10n.t('change the tenant authentication method policies'),
    },
  ],
  [
    '854d9ab1-6657-4ec8-be45-823027bcd009',
    { value: 'PrivilegedAccess.ReadWrite.AzureAD', allows: (l10n) => l10n.t('activate privileged directory roles') },
  ],
  [
    '89c8469c-83ad-45f7-8ff2-6e3d4285709e',
    {
      value: 'ServicePrincipalEndpoint.ReadWrite.All',
      allows: (l10n) => l10n.t('change the endpoints of any service principal'),
    },
  ],
  [
    '7e05723c-0bb0-42da-be95-ae9f08a6e53c',
    { value: 'Domain.ReadWrite.All', allows: (l10n) => l10n.t('add and federate domains') },
  ],
  [
    '292d869f-3427-49a8-9dab-8c70152b74e9',
    { value: 'Organization.ReadWrite.All', allows: (l10n) => l10n.t('change the organisation settings') },
  ],
  [
    'e2a3a72e-5f79-4c64-b1b1-878b674786c9',
    { value: 'Mail.ReadWrite', allows: (l10n) => l10n.t('read and change every mailbox') },
  ],
  ['b633e1c5-b582-4048-a93e-9f11b44c7e96', { value: 'Mail.Send', allows: (l10n) => l10n.t('send mail as any user') }],
  ['810c84a8-4a9e-49e6-bf7d-12d183f40d01', { value: 'Mail.Read', allows: (l10n) => l10n.t('read every mailbox') }],
  [
    '75359482-378d-4052-8f01-80520e7db3cd',
    { value: 'Files.ReadWrite.All', allows: (l10n) => l10n.t('read and change every file in OneDrive and SharePoint') },
  ],
  [
    'a82116e5-55eb-4c41-a434-62fe8a61c773',
    { value: 'Sites.FullControl.All', allows: (l10n) => l10n.t('take full control of every SharePoint site') },
  ],
  [
    '9492366f-7969-46a4-8d15-ed1a20078fff',
    { value: 'Sites.ReadWrite.All', allows: (l10n) => l10n.t('read and change every SharePoint site') },
  ],
  [
    '294ce7c9-31ba-490a-ad7d-97a7d075e4ed',
    { value: 'Chat.ReadWrite.All', allows: (l10n) => l10n.t('read and send every Teams chat message') },
  ],
  [
    '9acd699f-1e81-4958-b001-93b1d2506e19',
    {
      value: 'EntitlementManagement.ReadWrite.All',
      allows: (l10n) => l10n.t('change access packages and their approvals'),
    },
  ],
]);

/** Delegated permissions (scope values) of Microsoft Graph that are high privilege when consented for every user. */
export const HIGH_PRIVILEGE_SCOPES: ReadonlySet<string> = new Set(
  [
    'Application.ReadWrite.All',
    'AppRoleAssignment.ReadWrite.All',
    'RoleManagement.ReadWrite.Directory',
    'Directory.ReadWrite.All',
    'Directory.AccessAsUser.All',
    'DelegatedPermissionGrant.ReadWrite.All',
    'User.ReadWrite.All',
    'Group.ReadWrite.All',
    'UserAuthenticationMethod.ReadWrite.All',
    'Policy.ReadWrite.ConditionalAccess',
    'Mail.ReadWrite',
    'Mail.Send',
    'Files.ReadWrite.All',
    'Sites.FullControl.All',
    'Sites.ReadWrite.All',
  ].map((s) => s.toLowerCase()),
);
