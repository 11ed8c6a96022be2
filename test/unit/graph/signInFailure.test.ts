// Why one tenant's sign-in failed, in words: AADSTS codes from the sign-in library's error or from
// the tenant's OpenID metadata answer, explained from the doctor's table with the tenant named.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ClientSecretCredential } from '@azure/identity';
import { explainCode } from '../../../src/core/doctor/codes';
import {
  aadstsCode,
  codeFromErrorBody,
  metadataUrl,
  needsMetadataProbe,
  signInFailure,
} from '../../../src/core/graph/signInFailure';
import { startEmulator } from '../../emulator/index';

describe('sign-in failure of one tenant', () => {
  it("names the tenant, the code in words (the doctor's title and fix) and the way out", () => {
    const cases: Array<[string, RegExp]> = [
      ['90002', /^fabrikam\.example: Tenant not found \(AADSTS90002\)\. .*"entra\.tenants"/],
      [
        '700016',
        /^fabrikam\.example: Application not found in the directory \(AADSTS700016\)\. .*"entra\.signIn\.clientId"/,
      ],
      ['65001', /^fabrikam\.example: Consent missing \(AADSTS65001\)\./],
      ['53003', /^fabrikam\.example: Blocked by Conditional Access \(AADSTS53003\)\./],
      ['50076', /^fabrikam\.example: Multifactor authentication required \(AADSTS50076\)\./],
      ['7000222', /^fabrikam\.example: Client secret expired \(AADSTS7000222\)\. .*Entra: Sign In/],
    ];
    for (const [code, expected] of cases) {
      const e = signInFailure('fabrikam.example', new Error(`invalid_request: AADSTS${code}: something. Trace ID: x`));
      assert.match(e.message, expected);
      assert.ok(e.message.includes(explainCode(code).fix), `the doctor's fix for ${code}`);
      assert.equal(e.code, `AADSTS${code}`);
    }
    assert.equal(
      signInFailure('t', new Error('AADSTS90002: x')).kind,
      'other',
      'retrying after fixing the setting, not signing in again',
    );
    assert.equal(signInFailure('t', new Error('AADSTS7000222: x')).kind, 'signin');
  });

  it('an unknown code says so and points at the doctor; no code keeps the narrowed message', () => {
    assert.match(
      signInFailure('t', new Error('AADSTS1234567: x')).message,
      /^t: sign-in failed with AADSTS1234567\. Run "Entra: Explain Sign-in Error"/,
    );
    assert.match(
      signInFailure('t', Object.assign(new Error('x'), { code: 'ECONNREFUSED' })).message,
      /^t: Cannot reach/,
    );
    assert.doesNotMatch(signInFailure('organizations', new Error('AADSTS50076: x')).message, /^organizations:/);
  });

  it('reads codes from OAuth error bodies and knows when to ask the metadata', () => {
    assert.equal(codeFromErrorBody('{"error":"invalid_tenant","error_codes":[90002]}'), '90002');
    assert.equal(codeFromErrorBody('{"error_description":"AADSTS700016: no app"}'), '700016');
    assert.equal(codeFromErrorBody('<html>'), undefined);
    assert.equal(aadstsCode(new Error('outer', { cause: new Error('AADSTS53003: blocked') })), '53003');
    assert.equal(
      metadataUrl('https://login.example/', 'fabrikam.example'),
      'https://login.example/fabrikam.example/v2.0/.well-known/openid-configuration',
    );
  });

  it('an unknown tenant against the emulator: the library says only "endpoints", the metadata says 90002', async () => {
    const emu = await startEmulator({ scenario: 'sample' });
    try {
      const credential = new ClientSecretCredential(
        'fabrikam.onmicrosoft.com',
        emu.config.clientId,
        emu.config.clientSecret,
        { authorityHost: emu.config.authorityHost, disableInstanceDiscovery: true },
      );
      const err = await credential.getToken('https://graph.microsoft.com/.default').then(
        () => assert.fail('no token for an unknown tenant'),
        (e: unknown) => e,
      );
      assert.ok(needsMetadataProbe(err), String(err));
      const res = await fetch(metadataUrl(emu.config.authorityHost, 'fabrikam.onmicrosoft.com'));
      assert.equal(res.status, 400);
      const code = codeFromErrorBody(await res.text());
      assert.equal(code, '90002');
      assert.match(
        signInFailure('fabrikam.onmicrosoft.com', err, code).message,
        /^fabrikam\.onmicrosoft\.com: Tenant not found \(AADSTS90002\)/,
      );
    } finally {
      await emu.close();
    }
  });
});
