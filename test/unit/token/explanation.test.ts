import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeToken } from '../../../src/core/token/analyze';
import { decodeToken } from '../../../src/core/token/decode';
import { explainToken } from '../../../src/core/token/explanation';
import { DISPLAY_LIMITS } from '../../../src/core/text/boundedJson';
import { NOW, unsigned, v2Delegated } from './helpers';

function explain(payload: Record<string, unknown>) {
  const d = decodeToken(unsigned({ alg: 'RS256', typ: 'JWT', kid: 'k' }, payload));
  assert.ok(d.ok);
  return explainToken(analyzeToken(d.token, { now: NOW }));
}

test('the explanation lists the summary facts in one order, whichever renders them', () => {
  const e = explain(v2Delegated());
  assert.deepEqual(
    e.facts.map((f) => f.kind),
    ['audience', 'client', 'user', 'tenant', 'issuer', 'issued', 'validFrom', 'expires', 'scopes', 'roles'],
  );
  const expires = e.facts.find((f) => f.kind === 'expires');
  assert.ok(expires && 'relative' in expires && /^expires in /.test(expires.relative ?? ''), JSON.stringify(expires));
});

test('tenant notes: personal accounts and guests from a named identity provider', () => {
  const guest = explain(v2Delegated({ idp: 'https://sts.windows.net/99999999-9999-4999-8999-999999999999/' }));
  const tenant = guest.facts.find((f) => f.kind === 'tenant');
  assert.ok(tenant && 'notes' in tenant);
  assert.deepEqual(tenant.notes, [
    { kind: 'guest', from: 'https://sts.windows.net/99999999-9999-4999-8999-999999999999/' },
  ]);
});

test('claim tables stop at the display limit and count the rest; time claims carry their instant', () => {
  const many: Record<string, unknown> = v2Delegated({ exp: 1e13, nbf: 'soon' });
  for (let i = 0; i < DISPLAY_LIMITS.maxItems + 5; i++) many[`x${i}`] = i;
  const e = explain(many);
  assert.equal(e.claims.rows.length, DISPLAY_LIMITS.maxItems);
  assert.equal(e.claims.omitted, Object.keys(many).length - DISPLAY_LIMITS.maxItems);
  assert.equal(e.header.omitted, 0);
  const iat = e.claims.rows.find((r) => r.name === 'iat')!;
  assert.equal(iat.instant, (many.iat as number) * 1000);
  assert.equal(iat.iso, new Date(iat.instant!).toISOString().replace('.000Z', 'Z'));
  // Beyond what a Date holds: the instant without an ISO form; a string nbf is no instant.
  const exp = e.claims.rows.find((r) => r.name === 'exp')!;
  assert.equal(exp.instant, 1e16);
  assert.equal(exp.iso, undefined);
  assert.equal(e.claims.rows.find((r) => r.name === 'nbf')!.instant, undefined);
  assert.match(iat.explanation, /Issued at/);
});
