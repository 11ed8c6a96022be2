// The manifest engine's texts go through the Localizer of the run: linted through a pseudo
// translation, every message and fix title is translated, values are kept as written, and the
// English run is the same as without a Localizer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { generateInput } from '../../../bench/fuzzLib';
import { filesUnder } from '../../../scripts/lib/dumpInputs';
import { lintManifest, lintValue, type LintOptions } from '../../../src/core/manifest/lint';
import { completionsAt, guidLenses, hoverAt } from '../../../src/core/manifest/features';
import { english, type Localizer } from '../../../src/core/text/localizer';
import { pseudoLocalizer, untranslated } from '../pseudoLocale';
import { escapeMarkdown } from '../../../src/core/text/escape';
import { rules } from '../../../src/core/manifest/rules';
import type { Rule } from '../../../src/core/manifest/types';
import { schemaRules } from '../../../src/core/manifest/schemaRules';
import { ruleMeta, ruleTitle } from '../../../src/core/audit/report';
import { toSarif } from '../../../src/cli/lint';
import { rulesTable } from '../../../scripts/generate-rules-table';

const root = resolve(__dirname, '../../..');
const corpusDir = resolve(root, '../shared/corpus/manifests');
const now = new Date('2026-01-01T00:00:00Z');

/** Letters swapped for accented ones (placeholders `{0}` have none): a translation no English word survives. */
const ACCENTED: Record<string, string> = {
  a: 'á',
  e: 'é',
  i: 'í',
  o: 'ó',
  u: 'ú',
  A: 'Á',
  E: 'É',
  I: 'Í',
  O: 'Ó',
  U: 'Ú',
};
function pseudoText(message: string): string {
  return message.replace(/[A-Za-z]/g, (c) => ACCENTED[c] ?? `${c}\u0331`);
}

function inputs(): { name: string; text: string }[] {
  const files = [...filesUnder(corpusDir, /\.jsonc?$/), ...filesUnder(join(root, 'test/fixtures'), /\.jsonc?$/)].map(
    (f) => ({ name: f, text: readFileSync(f, 'utf8') }),
  );
  if (existsSync(corpusDir))
    for (let i = 0; i < 400; i++) files.push({ name: `fuzz:1:${i}`, text: generateInput('lint', 1, i).text });
  else console.log('# ../shared/corpus is absent: fuzz inputs skipped');
  return files;
}

test('every finding and fix title of a pseudo-localized lint is translated; values, rule ids and paths are kept', () => {
  const rules = new Set<string>();
  let findings = 0;
  for (const { name, text } of inputs()) {
    const base: LintOptions = { now };
    const en = lintManifest(text, base);
    const l10n = pseudoLocalizer(pseudoText);
    const tr = lintManifest(text, { ...base, l10n });
    assert.deepEqual(
      tr.problems.map((p) => [p.ruleId, p.severity, p.offset, p.length, p.path]),
      en.problems.map((p) => [p.ruleId, p.severity, p.offset, p.length, p.path]),
      name,
    );
    tr.problems.forEach((p, i) => {
      const e = en.problems[i]!;
      findings++;
      rules.add(p.ruleId);
      assert.notEqual(p.message, e.message, `${name} ${p.ruleId}: ${e.message}`);
      assert.deepEqual(untranslated(p.message, l10n.values), [], `${name} ${p.ruleId}: ${p.message}`);
      const titles = (p.fixes ?? []).map((f) => f.title);
      assert.equal(titles.length, (e.fixes ?? []).length, `${name} ${p.ruleId} fixes`);
      titles.forEach((title, j) => {
        assert.notEqual(title, e.fixes![j]!.title, `${name} ${p.ruleId}: ${title}`);
        assert.deepEqual(untranslated(title, l10n.values), [], `${name} ${p.ruleId}: ${title}`);
      });
    });
  }
  // The inputs reach most of the engine's texts (a test of nothing would pass too).
  assert.ok(findings > 100, `${findings} findings`);
  assert.ok(rules.size >= (existsSync(corpusDir) ? 40 : 8), `${rules.size} rule ids: ${[...rules].join(' ')}`);
});

test('a pseudo-localized finding keeps the property names, values and suggestions it names', () => {
  const text = JSON.stringify({
    displayName: 'Contoso',
    signInAudience: 'AzureADMyorg',
    displayNam: 'x',
    web: { redirectUris: ['http://contoso.example/auth'] },
  });
  const l10n = pseudoLocalizer(pseudoText);
  const problems = lintManifest(text, { now, l10n }).problems;
  const unknown = problems.find((p) => p.ruleId === 'schema-unknown-property')!;
  assert.match(unknown.message, /"displayNam"/);
  assert.match(unknown.message, /"displayName"/);
  assert.match(unknown.fixes![0]!.title, /"displayName"/);
  const enumCase = problems.find((p) => p.ruleId === 'schema-enum')!;
  assert.match(enumCase.message, /"AzureADMyorg"/);
  assert.match(enumCase.message, /"AzureADMyOrg"/);
  const http = problems.find((p) => p.ruleId === 'redirect-uri-scheme')!;
  assert.equal(http.path, '/web/redirectUris/0');
  assert.doesNotMatch(http.message, /allowed only/);
});

test('the audit path (lintValue) and the editor features translate too; English is unchanged without a Localizer', () => {
  const app = {
    appId: '11111111-1111-1111-1111-111111111111',
    signInAudience: 'AzureADMultipleOrgs',
    api: { acceptMappedClaims: true },
    web: { redirectUris: ['https://*.contoso.com/auth'], implicitGrantSettings: { enableAccessTokenIssuance: true } },
    requiredResourceAccess: [
      {
        resourceAppId: '00000003-0000-0000-c000-000000000000',
        resourceAccess: [{ id: '19dbc75e-c2e2-444c-a770-ec69d8559fc7', type: 'Role' }],
      },
    ],
  };
  const en = lintValue(app, { now, schema: false });
  const l10n = pseudoLocalizer(pseudoText);
  const tr = lintValue(app, { now, schema: false, l10n });
  assert.ok(en.problems.length >= 3);
  assert.equal(tr.problems.length, en.problems.length);
  tr.problems.forEach((p, i) => {
    assert.notEqual(p.message, en.problems[i]!.message);
    assert.deepEqual(untranslated(p.message, l10n.values), [], p.message);
  });
  const plain = (r: ReturnType<typeof lintValue>): unknown => JSON.parse(JSON.stringify(r.problems));
  assert.deepEqual(plain(lintValue(app, { now, schema: false, l10n: english })), plain(en));

  const text = JSON.stringify(app, null, 2);
  const at = text.indexOf('19dbc75e') + 1;
  const hoverEn = hoverAt(text, at)!;
  const hover = hoverAt(text, at, { l10n: pseudoLocalizer(pseudoText) })!;
  assert.match(hoverEn.markdown, /Directory\.ReadWrite\.All/);
  assert.match(hover.markdown, /Directory\.ReadWrite\.All/);
  assert.doesNotMatch(hover.markdown, /Application permission/);
  const lenses = guidLenses(text, { l10n: pseudoLocalizer(pseudoText) });
  assert.ok(lenses.some((l) => l.title.startsWith('Directory.ReadWrite.All (') && !l.title.includes('application')));
  const inId = text.indexOf('"19dbc75e') + 1;
  const completion = completionsAt(text, inId, { l10n: pseudoLocalizer(pseudoText) }).find(
    (c) => c.kind === 'permission',
  );
  assert.ok(completion?.detail && !/Application|admin consent/.test(completion.detail), completion?.detail);
});

test('schema descriptions in hovers and completions are looked up in the bundle: no English left under a pseudo localizer', async () => {
  const bundle = (await import('../../../l10n/bundle.l10n.json', { with: { type: 'json' } })).default as Record<
    string,
    unknown
  >;
  const text = JSON.stringify(
    { displayName: 'Contoso', signInAudience: 'AzureADMyOrg', web: { redirectUris: [] }, api: {} },
    null,
    2,
  );
  const hoverEn = hoverAt(text, text.indexOf('"signInAudience"') + 2)!;
  const l10n = pseudoLocalizer(pseudoText);
  const hover = hoverAt(text, text.indexOf('"signInAudience"') + 2, { l10n })!;
  assert.notEqual(hover.markdown, hoverEn.markdown);
  // The English hover shows the schema's text, which the bundle holds under that same text.
  const description = hoverEn.markdown.split('\n\n')[1]!;
  assert.ok(description.length > 20 && Object.keys(bundle).some((k) => escapeMarkdown(k) === description), description);
  // What is left once the values (the path, the allowed values) are out: no English word.
  const allowedEn = hoverEn.markdown.split('\n\n')[2]!;
  assert.match(allowedEn, /`"AzureADMyOrg"`/);
  assert.match(hover.markdown, /^\*\*signInAudience\*\*\n\n/);
  const shown = hover.markdown.replace(/^\*\*signInAudience\*\*/, '').replace(/`[^`]*`/g, ' ');
  assert.deepEqual(untranslated(shown, l10n.values), [], hover.markdown);

  // Property names after `"web": {`: the names stay, their documentation is translated.
  const inWeb = text.indexOf('"redirectUris"');
  const en = completionsAt(text, inWeb, {}).filter((c) => c.kind === 'property');
  const tr = completionsAt(text, inWeb, { l10n: pseudoLocalizer(pseudoText) }).filter((c) => c.kind === 'property');
  assert.ok(en.length >= 3);
  assert.deepEqual(
    tr.map((c) => c.label),
    en.map((c) => c.label),
  );
  const documented = tr.filter((c) => c.documentation);
  assert.ok(documented.length >= 3);
  for (const c of documented) assert.deepEqual(untranslated(c.documentation!, new Set()), [], c.documentation);
  for (const c of en) if (c.documentation) assert.ok(c.documentation in bundle, c.documentation);

  // Enum values: the values stay, their documentation is translated.
  const inValue = text.indexOf('"AzureADMyOrg"') + 1;
  const values = completionsAt(text, inValue, { l10n: pseudoLocalizer(pseudoText) }).filter((c) => c.kind === 'value');
  assert.ok(values.some((c) => c.label === '"AzureADMultipleOrgs"'));
  for (const c of values) assert.deepEqual(untranslated(c.documentation ?? '', new Set()), [], c.documentation);
  assert.ok(values.every((c) => c.documentation));
});

test('every description of the two application schemas is in the bundle, and keys with braces pass through as written', async () => {
  const bundle = (await import('../../../l10n/bundle.l10n.json', { with: { type: 'json' } })).default as Record<
    string,
    unknown
  >;
  const { schemaDescriptions } = await import('../../../scripts/l10n.mjs');
  const descriptions = schemaDescriptions();
  assert.ok(descriptions.length > 200, `${descriptions.length} descriptions`);
  for (const d of descriptions) assert.ok(d in bundle, `not in l10n/bundle.l10n.json: ${d}`);
  // Neither an enum value nor a property name is taken for a text.
  assert.ok(!descriptions.includes('AzureADMyOrg') && !descriptions.includes('signInAudience'));
  const braces = descriptions.find((d) => d.includes('{appId}'));
  assert.ok(braces, 'a description with a {…} in it');
  assert.equal(english.t(braces), braces);
  const l10nRuntime = await import('@vscode/l10n');
  l10nRuntime.config({ contents: { [braces]: 'translated {appId}' } });
  try {
    assert.equal(l10nRuntime.t(braces), 'translated {appId}');
  } finally {
    l10nRuntime.config({ contents: {} });
  }
});

test('every rule title and description is a text of the Localizer; the README table and SARIF stay English', () => {
  const described: { id: string; description: Rule['description']; title?: Rule['title'] }[] = [
    ...rules,
    ...schemaRules,
  ];
  assert.ok(described.length >= 90, `${described.length} rules`);
  for (const r of described) {
    const l10n = pseudoLocalizer(pseudoText);
    const texts: [string, string][] = [[r.description(english), r.description(l10n)]];
    if (r.title) texts.push([r.title(english), r.title(l10n)]);
    for (const [en, tr] of texts) {
      assert.ok(en.length > 3, `${r.id}: ${en}`);
      assert.notEqual(tr, en, `${r.id}: ${en}`);
      assert.deepEqual(untranslated(tr, l10n.values), [], `${r.id}: ${tr}`);
    }
  }
  // The audit's rule metadata and group titles take the caller's Localizer (tenant and manifest rules).
  for (const id of ['rra-high-privilege', 'implicit-access-token', 'audit-no-owners']) {
    const l10n = pseudoLocalizer(pseudoText);
    const meta = ruleMeta(id, l10n);
    assert.notEqual(meta.description, ruleMeta(id).description, id);
    assert.deepEqual(untranslated(meta.description, l10n.values), [], `${id}: ${meta.description}`);
    const title = ruleTitle(id, l10n);
    assert.notEqual(title, ruleTitle(id), id);
    assert.notEqual(ruleTitle(id), id, id);
    assert.deepEqual(untranslated(title, l10n.values), [], `${id}: ${title}`);
  }
  assert.equal(ruleTitle('rra-high-privilege'), 'High-privilege Microsoft Graph application permissions requested');
  assert.equal(ruleTitle('audit-no-owners'), 'App registrations without owners');
  assert.equal(ruleTitle('no-such-rule', pseudoLocalizer(pseudoText)), 'no-such-rule');
  // English on purpose: README anchors and code scanning key on these texts.
  const table = rulesTable();
  assert.match(table, /\| Implicit grant of access tokens is unsafe; use the authorization code flow with PKCE\. \|/);
  const sarif = JSON.stringify(toSarif([]));
  assert.match(
    sarif,
    /"text":"Implicit grant of access tokens is unsafe; use the authorization code flow with PKCE\."/,
  );
});

test('a message about a token type is one sentence per type, never a token type name slotted in', () => {
  /** Wraps every text in ⟦ ⟧ after filling it in: a text made of texts shows nested marks. */
  const marking: Localizer = { t: (message, ...args) => `⟦${english.t(message, ...args)}⟧` };
  const text = JSON.stringify({
    displayName: 'Claims',
    signInAudience: 'AzureADMyOrg',
    optionalClaims: {
      idToken: [{ name: 'idtyp' }, { name: 'xms_edov' }],
      accessToken: [{ name: 'xms_edov' }],
      saml2Token: [{ name: 'idtyp' }, { name: 'ctry' }, { name: 'xms_edov' }],
    },
  });
  const messages = (l10n?: Localizer): string[] =>
    lintManifest(text, { now, ...(l10n ? { l10n } : {}) })
      .problems.filter((p) => p.ruleId === 'optional-claim-token-type' || p.ruleId === 'optional-claim-edov-email')
      .map((p) => p.message);
  const en = messages();
  const marked = messages(marking);
  assert.deepEqual(en.slice().sort(), [
    "'ctry' is not emitted in SAML tokens; it is available in ID tokens and access tokens. Move it there.",
    "'idtyp' is not emitted in ID tokens; it is available in access tokens. Move it there.",
    "'idtyp' is not emitted in SAML tokens; it is available in access tokens. Move it there.",
    "'xms_edov' is not emitted in SAML tokens; it is available in ID tokens and access tokens. Move it there.",
    "xms_edov describes the email claim, which ID tokens here don't include. Add the email optional claim to idToken.",
    "xms_edov describes the email claim, which SAML tokens here don't include. Add the email optional claim to saml2Token.",
    "xms_edov describes the email claim, which access tokens here don't include. Add the email optional claim to accessToken.",
  ]);
  assert.deepEqual(
    marked,
    en.map((m) => `⟦${m}⟧`),
  );
});
