import type { Rule } from '../types';
import { appTypeRules } from './appType';
import { clientRules } from './clients';
import { credentialRules } from './credentials';
import { disableFirstRules } from './disableFirst';
import { exposedApiRules } from './exposedApi';
import { identifierUriRules } from './identifierUris';
import { legacyRules } from './legacyKeys';
import { limitRules } from './limits';
import { optionalClaimRules } from './optionalClaims';
import { permissionRules } from './permissions';
import { redirectUriRules } from './redirectUris';
import { requiredResourceAccessRules } from './requiredResourceAccess';
import { identifierUriHostMismatch } from './identifierUriHost';
import { templateRules } from './templates';
import { tokenVersionRules } from './tokenVersion';

/** The semantic rule registry: every rule the engine runs, in report order. */
export const rules: readonly Rule[] = [
  ...legacyRules,
  ...permissionRules,
  ...disableFirstRules,
  ...clientRules,
  ...requiredResourceAccessRules,
  ...redirectUriRules,
  ...identifierUriRules,
  ...tokenVersionRules,
  identifierUriHostMismatch,
  ...exposedApiRules,
  ...appTypeRules,
  ...credentialRules,
  ...optionalClaimRules,
  ...limitRules,
  ...templateRules,
];
