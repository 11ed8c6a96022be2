// The doctor's fixes as edits of the app registration: a finding names the change (a redirect URI
// for a platform, a scope to request, public client flows), `doctorEdit` builds the partial
// manifest from the app as the tenant has it now, and the plan engine turns it into the PATCH the
// user confirms. Pure.
import { redirectUriEdit, requestPermissionEdit } from '../plan/edits';
import { isObject } from '../plan/properties';
import type { JsonObject } from '../plan/types';
import type { RegistrationEdit } from './registration';

const uris = (live: JsonObject, platform: string): unknown[] => {
  const p = live[platform];
  return isObject(p) && Array.isArray(p.redirectUris) ? p.redirectUris : [];
};

/** The partial manifest of the edit on `live`; undefined when the app already has it. */
export function doctorEdit(edit: RegistrationEdit, live: JsonObject): JsonObject | undefined {
  switch (edit.kind) {
    case 'addRedirectUri':
      return uris(live, edit.platform).includes(edit.uri)
        ? undefined
        : redirectUriEdit(live, edit.platform, edit.uri, true);
    case 'moveRedirectUri': {
      if (uris(live, edit.to).includes(edit.uri) && !uris(live, edit.from).includes(edit.uri)) return undefined;
      return {
        ...redirectUriEdit(live, edit.from, edit.uri, false),
        ...redirectUriEdit(live, edit.to, edit.uri, true),
      };
    }
    case 'requestScope': {
      const desired = requestPermissionEdit(live, edit.resourceAppId, edit.scopeId, 'Scope');
      return JSON.stringify(desired.requiredResourceAccess) === JSON.stringify(live.requiredResourceAccess ?? [])
        ? undefined
        : desired;
    }
    case 'allowPublicClientFlows':
      return live.isFallbackPublicClient === true ? undefined : { isFallbackPublicClient: true };
  }
}
