// Audience and issuer checks against the app registration a token is expected for.

export interface ClaimCheck {
  readonly name: 'aud' | 'iss';
  readonly ok: boolean;
  readonly message: string;
}

export interface ExpectedRegistration {
  /** The API's application (client) id and/or App ID URIs; aud must be one of them. */
  readonly audience?: string | readonly string[];
  /** The expected issuer; `{tenantid}` is replaced by the token's tid. */
  readonly issuer?: string;
}

export function claimChecks(
  payload: Readonly<Record<string, unknown>>,
  expected: ExpectedRegistration | undefined,
): ClaimCheck[] {
  const checks: ClaimCheck[] = [];
  if (expected?.audience !== undefined) {
    const allowed = (typeof expected.audience === 'string' ? [expected.audience] : [...expected.audience]).map((a) =>
      a.toLowerCase().replace(/\/+$/, ''),
    );
    const auds = (Array.isArray(payload.aud) ? payload.aud : [payload.aud]).filter(
      (a): a is string => typeof a === 'string',
    );
    const ok = auds.some((a) => allowed.includes(a.toLowerCase().replace(/\/+$/, '')));
    checks.push({
      name: 'aud',
      ok,
      message: ok
        ? `aud ${auds.join(', ')} is this API.`
        : `aud ${auds.join(', ') || '(missing)'} is not this API (expected ${allowed.join(' or ')}): the token was issued for another resource.`,
    });
  }
  if (expected?.issuer !== undefined) {
    const tid = typeof payload.tid === 'string' ? payload.tid : '';
    const want = expected.issuer.replace('{tenantid}', tid);
    const ok = payload.iss === want;
    checks.push({
      name: 'iss',
      ok,
      message: ok
        ? `iss matches ${want}.`
        : `iss ${typeof payload.iss === 'string' ? payload.iss : '(missing)'} differs from the expected ${want}.`,
    });
  }
  return checks;
}
