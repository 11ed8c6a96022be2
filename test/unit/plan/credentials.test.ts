// Credentials: secret lifetimes and names, rotation candidates, and uploading a certificate:
// reading PEM and DER (private keys refused) and the keyCredentials plan. Certificates are made
// here with openssl (no network).
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createPlan, type JsonObject } from '../../../src/core/plan';
import { english, type Localizer } from '../../../src/core/text/localizer';
import {
  CertificateRefused,
  addCertificateEdit,
  certificateCredential,
  rotationCandidates,
  secretDays,
  secretEndDateTime,
  secretLabel,
} from '../../../src/core/plan/credentials';
import { CertificateFileError, parseCertificate, readCertificateFile } from '../../../src/io/certificates';
import { liveApp } from './fixtures';

const hasOpenssl = spawnSync('openssl', ['version']).status === 0;

describe('client secrets', () => {
  it("a secret's name goes through the localizer as one whole text per case, values as they are", () => {
    const marking: Localizer = { t: (message, ...args) => `⟦${english.t(message, ...args)}⟧` };
    const now = new Date('2026-06-01T00:00:00Z');
    const cases = [
      { keyId: 'k1', displayName: 'CI', hint: 'abc', endDateTime: '2027-01-31T00:00:00Z' },
      { keyId: 'k2', displayName: 'CI', hint: 'abc', endDateTime: '2026-01-31T00:00:00Z' },
      { keyId: 'k3', displayName: 'CI', hint: 'abc', endDateTime: null },
      { keyId: 'k4', displayName: 'CI', hint: null, endDateTime: '2027-01-31T00:00:00Z' },
      { keyId: 'k5', displayName: 'CI', hint: null, endDateTime: '2026-01-31T00:00:00Z' },
      { keyId: 'k6', displayName: 'CI', hint: null, endDateTime: null },
    ];
    for (const c of cases) {
      const text = secretLabel(c, marking, now);
      assert.match(text, /^⟦[^⟦⟧]*⟧$/, text);
      assert.equal(text.slice(1, -1), secretLabel(c, english, now));
    }
    assert.equal(
      secretLabel({ keyId: 'k7', displayName: null, hint: null, endDateTime: null }, marking),
      '⟦⟦unnamed secret⟧ (key id k7, no expiry given)⟧',
    );
  });

  it('lifetime: 180 days by default, whole days from 1 to 730 only', () => {
    assert.equal(secretDays(undefined), 180);
    assert.equal(secretDays(''), 180);
    assert.equal(secretDays(' 30 '), 30);
    for (const bad of ['0', '731', '1.5', '-3', 'abc', '1e2']) assert.equal(secretDays(bad), undefined, bad);
    assert.equal(secretEndDateTime(new Date('2026-01-01T00:00:00Z'), 180), '2026-06-30T00:00:00.000Z');
  });

  it('a rotation offers every other secret, soonest expiry first, named by description, hint, key id and expiry', () => {
    const app: JsonObject = {
      passwordCredentials: [
        { keyId: 'k-late', displayName: 'late', hint: 'abc', endDateTime: '2027-05-01T00:00:00Z' },
        { keyId: 'k-new', displayName: 'new', hint: 'xyz', endDateTime: '2028-01-01T00:00:00Z' },
        { keyId: 'k-soon', displayName: null, hint: 'Q1w', endDateTime: '2025-12-01T00:00:00Z' },
      ],
    };
    const old = rotationCandidates(app, 'K-NEW');
    assert.deepEqual(
      old.map((s) => s.keyId),
      ['k-soon', 'k-late'],
    );
    const now = new Date('2026-01-01T00:00:00Z');
    assert.equal(
      secretLabel(old[0]!, undefined, now),
      'unnamed secret (starts with Q1w…, key id k-soon, expired 2025-12-01)',
    );
    assert.equal(secretLabel(old[1]!, undefined, now), '"late" (starts with abc…, key id k-late, expires 2027-05-01)');
  });
});

describe('certificate upload', { skip: hasOpenssl ? false : 'openssl is not installed' }, () => {
  let dir: string;
  const file = (name: string) => join(dir, name);
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'ew-cert-'));
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        file('key.pem'),
        '-out',
        file('cert.pem'),
        '-days',
        '365',
        '-subj',
        '/O=Contoso/CN=crm-api-2026',
      ],
      { stdio: 'ignore' },
    );
    execFileSync('openssl', ['x509', '-in', file('cert.pem'), '-outform', 'DER', '-out', file('cert.cer')]);
    execFileSync('openssl', [
      'pkcs8',
      '-topk8',
      '-nocrypt',
      '-in',
      file('key.pem'),
      '-outform',
      'DER',
      '-out',
      file('key.der'),
    ]);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const expected = () => {
    const fp = execFileSync('openssl', ['x509', '-in', file('cert.pem'), '-noout', '-fingerprint', '-sha1'], {
      encoding: 'utf8',
    });
    return fp.split('=')[1]!.trim().replace(/:/g, '').toUpperCase();
  };

  it('PEM and DER give the same thumbprint (as openssl computes it), dates, subject and key', () => {
    const pem = parseCertificate(readFileSync(file('cert.pem')), 'cert.pem');
    const der = parseCertificate(readFileSync(file('cert.cer')), 'cert.cer');
    assert.deepEqual(pem, der);
    assert.equal(pem.thumbprint, expected());
    assert.match(pem.thumbprint, /^[0-9A-F]{40}$/);
    assert.equal(pem.subject, 'crm-api-2026');
    assert.equal(pem.der, readFileSync(file('cert.cer')).toString('base64'));
    const days = (Date.parse(pem.notAfter) - Date.parse(pem.notBefore)) / 86_400_000;
    assert.ok(Math.abs(days - 365) < 1, String(days));
  });

  it('refuses a private key (PEM key, PEM with key and certificate, PKCS#8 DER) with what to do instead', () => {
    const key = readFileSync(file('key.pem'));
    const both = Buffer.concat([readFileSync(file('cert.pem')), key]);
    for (const [bytes, name] of [
      [key, 'key.pem'],
      [both, 'both.pem'],
      [readFileSync(file('key.der')), 'key.der'],
    ] as const) {
      assert.throws(
        () => parseCertificate(bytes, name),
        (e: unknown) => e instanceof CertificateFileError && /private key/.test(e.message) && /openssl/.test(e.message),
        name,
      );
    }
  });

  it('refuses what is not one certificate', () => {
    const pem = readFileSync(file('cert.pem'));
    assert.throws(() => parseCertificate(Buffer.concat([pem, pem]), 'chain.pem'), /2 certificates/);
    assert.throws(() => parseCertificate(Buffer.from('hello'), 'x.cer'), /not a certificate/);
    assert.throws(() => parseCertificate(Buffer.alloc(0), 'x.cer'), /empty/);
  });

  it('a file that cannot be read: its path named once, with the reason in words and the code', () => {
    const missing = join(tmpdir(), 'entra-no-such-dir', 'cert.pem');
    assert.throws(
      () => readCertificateFile(missing),
      (e: unknown) =>
        e instanceof CertificateFileError &&
        e.message.split(missing).length === 2 &&
        /ENOENT/.test(e.message) &&
        !/no such file or directory, /.test(e.message),
    );
  });

  it('refusals go through the localizer: every sentence marked, the file name and command as they are', () => {
    const marking: Localizer = { t: (message, ...args) => `⟦${english.t(message, ...args)}⟧` };
    const pem = readFileSync(file('cert.pem'));
    const key = readFileSync(file('key.pem'));
    for (const [bytes, name] of [
      [Buffer.concat([pem, pem]), 'chain.pem'],
      [Buffer.from('hello'), 'x.cer'],
      [Buffer.alloc(0), 'x.cer'],
      [key, 'key.pem'],
      [readFileSync(file('key.der')), 'key.der'],
    ] as const) {
      assert.throws(
        () => parseCertificate(bytes, name, marking),
        (e: unknown) =>
          e instanceof CertificateFileError &&
          e.message.replace(/⟦[^⟦⟧]*⟧/g, '').trim() === '' &&
          e.message.includes(name) &&
          e.message.replace(/[⟦⟧]/g, '') ===
            (() => {
              try {
                parseCertificate(bytes, name);
              } catch (english: unknown) {
                return (english as Error).message;
              }
              return '';
            })(),
        name,
      );
    }
  });

  it('the plan PATCHes keyCredentials once: the tenant entries with their keys, plus the new one', () => {
    const cert = parseCertificate(readFileSync(file('cert.pem')), 'cert.pem');
    const live = liveApp();
    live.keyCredentials = [
      {
        keyId: 'd1000000-0000-4000-8000-000000000001',
        displayName: 'CN=old',
        type: 'AsymmetricX509Cert',
        usage: 'Verify',
        customKeyIdentifier: 'AAAA',
        key: 'b2xkLWtleQ==',
        startDateTime: '2025-01-01T00:00:00Z',
        endDateTime: '2027-01-01T00:00:00Z',
      },
    ];
    const entry = certificateCredential(cert, { keyId: 'd2000000-0000-4000-8000-000000000002' });
    assert.equal(entry.customKeyIdentifier, cert.thumbprint);
    assert.equal(entry.displayName, 'crm-api-2026');
    assert.equal(entry.startDateTime, cert.notBefore);
    assert.equal(entry.endDateTime, cert.notAfter);
    const now = new Date();
    const plan = createPlan({ live, desired: addCertificateEdit(live, cert, entry, now), base: live, now });
    assert.deepEqual(
      plan.changes.map((c) => [c.op, c.summary]),
      [['add', 'adds certificate crm-api-2026 (d2000000-0000-4000-8000-000000000002)']],
    );
    assert.equal(plan.requests.length, 1);
    const body = plan.requests[0]!.body as { keyCredentials: JsonObject[] };
    assert.deepEqual(Object.keys(plan.requests[0]!.body!), ['keyCredentials']);
    assert.deepEqual(
      body.keyCredentials.map((k) => k.key),
      ['b2xkLWtleQ==', cert.der],
    );
    assert.deepEqual(plan.blocked, []);

    // The same certificate twice, or an expired one, is refused before any request.
    const twice = { ...live, keyCredentials: [...(live.keyCredentials as JsonObject[]), entry] };
    assert.throws(() => addCertificateEdit(twice, cert, entry, now), CertificateRefused);
    assert.throws(() => addCertificateEdit(live, cert, entry, new Date(Date.parse(cert.notAfter) + 1000)), /expired/);
  });
});
