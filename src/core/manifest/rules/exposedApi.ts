// Rules about an API the app exposes: scopes need an App ID URI for clients to name them, and
// scopes users may consent to need the text users see on the consent prompt.
import type * as l10n from '@vscode/l10n';
import type { Localizer } from '../../text/localizer';
import type { Rule } from '../types';
import { ALL_FORMATS, child, defineRule, elementCount, keyNode, report, rootObject, str, findings } from './util';
import { definitions } from './definitions';

const EXPOSE_DOCS = 'https://learn.microsoft.com/entra/identity-platform/quickstart-configure-app-expose-web-apis';
const SCOPE_DOCS = 'https://learn.microsoft.com/graph/api/resources/permissionscope';

export const scopeWithoutIdentifierUri = defineRule({
  id: 'scope-without-identifier-uri',
  severity: 'warning',
  title: (l10n) => l10n.t('Scopes without an App ID URI'),
  description: (l10n) =>
    l10n.t('An app that exposes or pre-authorizes scopes has an App ID URI (clients request {App ID URI}/{scope}).'),
  docs: EXPOSE_DOCS,
  formats: ALL_FORMATS,
  check(ctx, self) {
    const l10n: Localizer<l10n.L10nReplacement> = ctx.l10n;
    const root = rootObject(ctx);
    const uris = child(root, 'identifierUris');
    // A partial object (an update body) that does not mention identifierUris says nothing about them.
    if (ctx.format === 'partial' && uris === undefined) return [];
    if (uris !== undefined && uris.type !== 'array' && uris.type !== 'null') return [];
    if (elementCount(uris) > 0) return [];
    const scopes = definitions(ctx).filter((d) => d.kind === 'scope' && d.isEnabled !== false);
    const api = child(root, 'api');
    const preAuthorized =
      elementCount(child(api, 'preAuthorizedApplications')) + elementCount(child(root, 'preAuthorizedApplications'));
    if (scopes.length === 0 && preAuthorized === 0) return [];
    // An app instantiated from an application template (a gallery or non-gallery enterprise app)
    // gets a user_impersonation scope from Entra itself, before any App ID URI (a SAML entity id)
    // is set: that is how Entra writes it, not a mistake of the file.
    const fromTemplate = (str(child(root, 'applicationTemplateId')) ?? '') !== '';
    if (fromTemplate && preAuthorized === 0 && scopes.every((d) => d.value === 'user_impersonation')) return [];
    const anchor =
      keyNode(root, 'identifierUris') ??
      scopes[0]?.node ??
      keyNode(api, 'preAuthorizedApplications') ??
      keyNode(root, 'preAuthorizedApplications');
    if (!anchor) return [];
    return [
      report(
        self,
        anchor,
        keyNode(root, 'identifierUris') ? ['identifierUris'] : (scopes[0]?.path ?? ['api']),
        noAppIdUriMessage(l10n, scopes.length, preAuthorized > 0),
      ),
    ];
  },
});

export const scopeUserConsentText = defineRule({
  id: 'scope-user-consent-text',
  severity: 'warning',
  title: (l10n) => l10n.t('Scopes users consent to without consent texts'),
  description: (l10n) =>
    l10n.t(
      'A scope users may consent to (type User) has userConsentDisplayName and userConsentDescription for the consent prompt.',
    ),
  docs: SCOPE_DOCS,
  formats: ALL_FORMATS,
  check(ctx, self) {
    const out = findings(ctx, self);
    for (const def of definitions(ctx)) {
      if (def.kind !== 'scope' || def.isEnabled === false) continue;
      if (def.text('type') !== 'User') continue;
      const missing = ['userConsentDisplayName', 'userConsentDescription'].filter((k) => !(def.text(k) ?? '').trim());
      if (missing.length === 0) continue;
      const anchor = def.valueNode ?? def.node;
      out.add(anchor, (subject) =>
        report(
          self,
          subject,
          def.valueNode ? [...def.path, 'value'] : def.path,
          consentTextMessage(ctx.l10n, def.value, missing),
        ),
      );
    }
    return out.list;
  },
});

export const exposedApiRules: readonly Rule[] = [scopeWithoutIdentifierUri, scopeUserConsentText];

/** The app exposes scopes or pre-authorizes clients without an App ID URI. */
function noAppIdUriMessage(l10n: Localizer<l10n.L10nReplacement>, scopes: number, preAuthorized: boolean): string {
  if (scopes === 0)
    return l10n.t(
      'The app pre-authorizes clients but has no App ID URI, so no client can request them (a scope is named {App ID URI}/{value}). Add api://{appId} to identifierUris.',
    );
  if (preAuthorized)
    return scopes === 1
      ? l10n.t(
          'The app exposes {0} scope and pre-authorizes clients but has no App ID URI, so no client can request them (a scope is named {App ID URI}/{value}). Add api://{appId} to identifierUris.',
          scopes,
        )
      : l10n.t(
          'The app exposes {0} scopes and pre-authorizes clients but has no App ID URI, so no client can request them (a scope is named {App ID URI}/{value}). Add api://{appId} to identifierUris.',
          scopes,
        );
  return scopes === 1
    ? l10n.t(
        'The app exposes {0} scope but has no App ID URI, so no client can request them (a scope is named {App ID URI}/{value}). Add api://{appId} to identifierUris.',
        scopes,
      )
    : l10n.t(
        'The app exposes {0} scopes but has no App ID URI, so no client can request them (a scope is named {App ID URI}/{value}). Add api://{appId} to identifierUris.',
        scopes,
      );
}

/** A User-consent scope misses one or both consent texts (`missing`: their property names). */
function consentTextMessage(
  l10n: Localizer<l10n.L10nReplacement>,
  value: string | undefined,
  missing: readonly string[],
): string {
  if (missing.length > 1)
    return value
      ? l10n.t(
          "Users may consent to the scope '{0}' (type User), but it has no {1} and no {2}: the consent prompt shows users nothing to decide on. Add the text, or set type to Admin.",
          value,
          missing[0]!,
          missing[1]!,
        )
      : l10n.t(
          'Users may consent to the scope (type User), but it has no {0} and no {1}: the consent prompt shows users nothing to decide on. Add the text, or set type to Admin.',
          missing[0]!,
          missing[1]!,
        );
  return value
    ? l10n.t(
        "Users may consent to the scope '{0}' (type User), but it has no {1}: the consent prompt shows users nothing to decide on. Add the text, or set type to Admin.",
        value,
        missing[0]!,
      )
    : l10n.t(
        'Users may consent to the scope (type User), but it has no {0}: the consent prompt shows users nothing to decide on. Add the text, or set type to Admin.',
        missing[0]!,
      );
}
