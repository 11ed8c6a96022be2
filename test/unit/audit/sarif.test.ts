// `entra-workbench audit --format sarif` is valid against the SARIF 2.1.0 JSON schema (the final
// 2.1.0 schema, rtm.5, as shipped by @microsoft/jest-sarif), on the sample tenant, with a baseline
// and with names and pointers that need escaping in URIs.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { auditSarif } from '../../../src/cli/audit';
import { diffBaseline } from '../../../src/core/audit/report';
import type { AuditFinding } from '../../../src/core/audit/types';
import { main } from '../../../src/cli/main';
import { startEmulator, type Emulator } from '../../emulator/index';

/** The schema is draft-04 (`id`); ajv 8 reads it once `id` is `$id` (it uses no other draft-04-only keyword). */
function sarifValidator(): ValidateFunction {
  const schema = JSON.parse(
    readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'),
  ) as Record<string, unknown>;
  assert.match(String(schema.title), /SARIF\) Version 2\.1\.0/);
  const { $schema: _draft, id, ...rest } = schema;
  // unicodeRegExp: false: the schema's language pattern has a stray "]" that only non-unicode regexes accept.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile({ ...rest, $id: String(id) });
}

function assertValid(validate: ValidateFunction, log: unknown): void {
  const ok = validate(log);
  assert.ok(ok, JSON.stringify(validate.errors?.slice(0, 5), null, 2));
}

describe('audit SARIF against the SARIF 2.1.0 schema', () => {
  let emu: Emulator;
  let validate: ValidateFunction;
  before(async () => {
    validate = sarifValidator();
    emu = await startEmulator({ scenario: 'sample', port: 0, latencyMs: 0 });
    Object.assign(process.env, {
      AZURE_CLIENT_ID: emu.config.clientId,
      AZURE_CLIENT_SECRET: emu.config.clientSecret,
      AZURE_TENANT_ID: emu.config.tenantId,
      AZURE_AUTHORITY_HOST: emu.config.authorityHost,
    });
  });
  after(() => emu.close());

  it('the schema rejects what it should (the check is not vacuous)', () => {
    assert.equal(validate({ version: '2.1.0', runs: [{ tool: { driver: {} } }] }), false);
    assert.equal(validate({ version: '2.0.0', runs: [] }), false);
  });

  it('the sample tenant audit, and the same with a baseline', async () => {
    const out: string[] = [];
    const io = { stdout: (t: string) => out.push(t), stderr: () => undefined, readStdin: async () => '' };
    const base = ['audit', '--graph-base-url', emu.config.graphBaseUrl];
    await main([...base, '--format', 'sarif'], io);
    const log = JSON.parse(out.join('')) as { runs: { results: unknown[] }[] };
    assert.ok(log.runs[0]!.results.length > 5);
    assertValid(validate, log);

    out.length = 0;
    await main([...base, '--format', 'json'], io);
    const dir = mkdtempSync(join(tmpdir(), 'audit-sarif-'));
    const findings = JSON.parse(out.join('')) as AuditFinding[];
    writeFileSync(join(dir, 'previous.json'), JSON.stringify(findings.slice(2)));
    out.length = 0;
    await main([...base, '--format', 'sarif', '--baseline', join(dir, 'previous.json')], io);
    const withBaseline = JSON.parse(out.join('')) as { runs: { results: { baselineState?: string }[] }[] };
    assert.deepEqual([...new Set(withBaseline.runs[0]!.results.map((r) => r.baselineState))].sort(), [
      'new',
      'unchanged',
    ]);
    assertValid(validate, withBaseline);
  });

  it('names, tenants and pointers that need escaping still make valid URIs', () => {
    const f: AuditFinding = {
      ruleId: 'audit-no-owners',
      severity: 'warning',
      appId: 'a',
      objectId: 'id with space/ü',
      displayName: 'Ünïcode "app" <x> 名前',
      path: '/web/redirectUris/0/~1 odd%',
      message: 'm\nline',
    };
    const log = auditSarif([f, { ...f, path: '' }], 'contoso.onmicrosoft.com/x y', diffBaseline([f], []));
    assertValid(validate, log);
  });
});
