// The schemas VS Code's own JSON support reads in a display language other than English: the
// contributed schema's url is a package.nls string, and each translation points it at the schemas the
// build writes from its bundle (schemas/l10n/<locale>/). Checked with the pseudo-localized bundles
// (qps-ploc, made as `npm run test:l10n` makes them) and VS Code's JSON language service.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { getLanguageService, TextDocument, type MarkupContent } from 'vscode-json-languageservice';

const root = resolve(__dirname, '../../..');

type Bundle = Record<string, string | { message: string }>;
const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;
const message = (v: string | { message: string } | undefined): string | undefined =>
  typeof v === 'string' ? v : v?.message;

/** A packaging stage with the pseudo-localized bundles and the schemas the build writes from them. */
async function pseudoStage(): Promise<{ dir: string; bundle: Bundle; done(): void }> {
  const dir = mkdtempSync(join(tmpdir(), 'entra-locale-schemas-'));
  execFileSync(process.execPath, [join(root, 'scripts', 'l10n.mjs'), '--pseudo', dir], { stdio: 'ignore' });
  const { writeLocaleSchemas } = await import('../../../scripts/l10n.mjs');
  assert.deepEqual(writeLocaleSchemas(dir), ['qps-ploc']);
  return {
    dir,
    bundle: readJson<Bundle>(join(dir, 'l10n', 'bundle.l10n.qps-ploc.json')),
    done: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** The string `description`s of a schema file and the file with them taken out (its structure). */
function split(schema: unknown): { descriptions: string[]; rest: string } {
  const descriptions: string[] = [];
  const strip = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(strip);
    if (node === null || typeof node !== 'object') return node;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) {
      if (k === 'description' && typeof v === 'string') descriptions.push(v);
      else out[k] = strip(v);
    }
    return out;
  };
  return { rest: JSON.stringify(strip(schema)), descriptions };
}

test('the contributed schema url is a package.nls string; the pseudo-localized one names the qps-ploc schema', async () => {
  const pkg = readJson<{ contributes: { jsonValidation: { url: string }[] } }>(join(root, 'package.json'));
  const nls = readJson<Record<string, string>>(join(root, 'package.nls.json'));
  assert.equal(pkg.contributes.jsonValidation[0]!.url, '%jsonValidation.url%');
  assert.equal(nls['jsonValidation.url'], './schemas/application.schema.json');
  const stage = await pseudoStage();
  try {
    const pseudoNls = readJson<Record<string, string>>(join(stage.dir, 'package.nls.qps-ploc.json'));
    assert.equal(pseudoNls['jsonValidation.url'], './schemas/l10n/qps-ploc/application.schema.json');
    assert.ok(existsSync(join(stage.dir, pseudoNls['jsonValidation.url']!)));
    // The other strings are pseudo-localized as before.
    assert.notEqual(pseudoNls['command.signIn'], nls['command.signIn']);
    const { localeSchemaProblems } = await import('../../../scripts/l10n.mjs');
    assert.deepEqual(localeSchemaProblems(stage.dir), []);
  } finally {
    stage.done();
  }
});

test('the qps-ploc schemas are the English ones with every description translated by the bundle', async () => {
  const stage = await pseudoStage();
  try {
    for (const name of [
      'application.schema.json',
      'editor/application.graph.schema.json',
      'editor/application.legacy.schema.json',
    ]) {
      const english = readJson<Record<string, unknown>>(join(root, 'schemas', name));
      const localized = readJson<Record<string, unknown>>(join(stage.dir, 'schemas', 'l10n', 'qps-ploc', name));
      const en = split(english);
      const tr = split(localized);
      // Same keys, values, $refs and examples; only the texts differ.
      assert.equal(tr.rest, en.rest, `${name}: same structure`);
      assert.equal(tr.descriptions.length, en.descriptions.length, name);
      // The editor schemas' own description has an English note on how they are generated: the
      // localized ones carry the translated description of the application schema instead.
      const note = en.descriptions[0]!.indexOf(' Editor form (');
      en.descriptions[0] = note > 0 ? en.descriptions[0]!.slice(0, note) : en.descriptions[0]!;
      en.descriptions.forEach((d, i) => {
        const expected = message(stage.bundle[d]);
        assert.ok(expected && expected !== d, `${name}: the bundle translates "${d}"`);
        assert.equal(tr.descriptions[i], expected, `${name}: description ${i}`);
      });
    }
  } finally {
    stage.done();
  }
});

test("VS Code's JSON support with the qps-ploc schema: pseudo-localized hovers and completion documentation, no findings", async () => {
  const stage = await pseudoStage();
  try {
    const nls = readJson<Record<string, string>>(join(stage.dir, 'package.nls.qps-ploc.json'));
    const service = getLanguageService({
      schemaRequestService: async (uri) => readFileSync(fileURLToPath(uri), 'utf8'),
      workspaceContext: { resolveRelativePath: (relative, base) => new URL(relative, base).href },
    });
    service.configure({
      validate: true,
      schemas: [
        { uri: pathToFileURL(join(stage.dir, nls['jsonValidation.url']!)).href, fileMatch: ['*.manifest.json'] },
      ],
    });
    const graph = readJson<{ properties: Record<string, { description: string }> }>(
      join(root, 'schemas', 'application.graph.schema.json'),
    );
    const legacy = readJson<{ properties: Record<string, { description: string }> }>(
      join(root, 'schemas', 'application.legacy.schema.json'),
    );
    const open = (text: string) => {
      const doc = TextDocument.create('file:///work/app.manifest.json', 'json', 1, text);
      return { doc, json: service.parseJSONDocument(doc) };
    };
    const hoverText = async (text: string, key: string): Promise<string> => {
      const { doc, json } = open(text);
      const hover = await service.doHover(doc, doc.positionAt(text.indexOf(`"${key}"`) + 2), json);
      const contents = hover?.contents;
      return Array.isArray(contents)
        ? contents.map((c) => (typeof c === 'string' ? c : c.value)).join('\n')
        : typeof contents === 'string'
          ? contents
          : ((contents as MarkupContent | undefined)?.value ?? '');
    };
    const pseudoOf = (english: string): string => message(stage.bundle[english])!;
    // A Graph manifest: the hover of signInAudience is its pseudo-localized description.
    const app = JSON.stringify({ displayName: 'Contoso', signInAudience: 'azureadmyorg', api: {} }, null, 2);
    const audience = await hoverText(app, 'signInAudience');
    const audienceEnglish = graph.properties.signInAudience!.description;
    assert.ok(audience.includes(pseudoOf(audienceEnglish).slice(0, 20)), `signInAudience hover: ${audience}`);
    assert.ok(!audience.includes(audienceEnglish.slice(0, 20)), `no English in the hover: ${audience}`);
    // A legacy manifest gets the legacy schema's, through the qps-ploc legacy editor schema.
    const old = JSON.stringify({ name: 'a', oauth2AllowImplicitFlow: false }, null, 2);
    const implicit = await hoverText(old, 'oauth2AllowImplicitFlow');
    assert.ok(
      implicit.includes(pseudoOf(legacy.properties.oauth2AllowImplicitFlow!.description).slice(0, 20)),
      `legacy hover: ${implicit}`,
    );
    // Completion documentation of a property not yet there.
    const { doc, json } = open(app);
    const items = (await service.doComplete(doc, doc.positionAt(app.indexOf('"displayName"')), json))?.items ?? [];
    const spa = items.find((i) => i.label === 'spa');
    const documentation = typeof spa?.documentation === 'string' ? spa.documentation : spa?.documentation?.value;
    assert.equal(documentation, pseudoOf(graph.properties.spa!.description));
    // Still no findings of its own: the translated schemas validate no more than the English ones.
    assert.deepEqual(
      (await service.doValidation(doc, json, { schemaValidation: 'error' })).map((d) => d.message),
      [],
    );
  } finally {
    stage.done();
  }
});

test('a translation names its schema: the url must be its locale’s, and only a locale with a bundle sets one', async () => {
  const { localeSchemaProblems, localeSchemaUrl, writeLocaleSchemas } = await import('../../../scripts/l10n.mjs');
  assert.deepEqual(localeSchemaProblems(), [], 'this checkout');
  const dir = mkdtempSync(join(tmpdir(), 'entra-locale-urls-'));
  try {
    mkdirSync(join(dir, 'l10n'));
    const graph = readJson<{ properties: Record<string, { description: string }> }>(
      join(root, 'schemas', 'application.graph.schema.json'),
    );
    const spa = graph.properties.spa!.description;
    // A German bundle that translates one description: that one is German in the schema, the others English.
    writeFileSync(join(dir, 'l10n', 'bundle.l10n.de.json'), JSON.stringify({ [spa]: 'Single-Page-Anwendung.' }));
    writeFileSync(join(dir, 'package.nls.de.json'), JSON.stringify({ 'command.signIn': 'Anmelden' }));
    writeFileSync(join(dir, 'package.nls.fr.json'), JSON.stringify({ 'jsonValidation.url': localeSchemaUrl('fr') }));
    assert.equal(localeSchemaUrl('de'), './schemas/l10n/de/application.schema.json');
    const problems = localeSchemaProblems(dir);
    assert.equal(problems.length, 2, problems.join('\n'));
    assert.match(
      problems.find((p) => p.startsWith('package.nls.de.json'))!,
      /schemas\/l10n\/de\/application\.schema/,
    );
    assert.match(
      problems.find((p) => p.startsWith('package.nls.fr.json'))!,
      /no l10n\/bundle\.l10n\.fr\.json/,
    );
    writeFileSync(join(dir, 'package.nls.de.json'), JSON.stringify({ 'jsonValidation.url': localeSchemaUrl('de') }));
    rmSync(join(dir, 'package.nls.fr.json'));
    assert.deepEqual(localeSchemaProblems(dir), []);

    assert.deepEqual(writeLocaleSchemas(dir), ['de']);
    const de = readJson<{ properties: Record<string, { description: string }> }>(
      join(dir, 'schemas', 'l10n', 'de', 'editor', 'application.graph.schema.json'),
    );
    assert.equal(de.properties.spa!.description, 'Single-Page-Anwendung.');
    assert.equal(de.properties.web!.description, graph.properties.web!.description);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
