#!/usr/bin/env node
// Fails when package.json and the code disagree: a declared command, view or setting that the
// code never registers or reads, or a command/view the code registers that is not declared.
// Last line: "drift: N passed, N failed" (one check per declared or registered item).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tsImport } from 'tsx/esm/api';
import { readmeWithSettings } from './readme-settings.mjs';
import { bundleDrift, localeSchemaProblems, schemaUrlKey } from './l10n.mjs';
import { readmeScreenshots, screenshotsDir, staleScreenshots } from './lib/screenshots.mjs';

const root = resolve(fileURLToPath(import.meta.url), '../..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const contributes = pkg.contributes ?? {};

const sources = readdirSync(join(root, 'src'), { recursive: true })
  .map(String)
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
  .map((f) => ({ file: join('src', f), text: readFileSync(join(root, 'src', f), 'utf8') }));
const allText = sources.map((s) => s.text).join('\n');

// Commands: the ids of the features' command tables (src/vscode/commandIds.ts; the compiler checks that each
// feature's table has one handler per id, and the in-host suite that every declared command is registered).
const { commandTableIds } = await tsImport(join(root, 'src/vscode/commandIds.ts'), import.meta.url);
const tableIds = commandTableIds();
const registered = new Set(tableIds.map((c) => c.id));
const commandIds = new Map(tableIds.map((c) => [c.id, c.feature]));
for (const { text } of sources) {
  // Commands must come from a table: a direct registerCommand call would bypass it.
  for (const m of text.matchAll(/commands\.register(?:TextEditor)?Command\(\s*(?!id\b)([^,)]+)/g))
    registered.add(`(outside a command table) ${m[1].trim()}`);
}
const declaredCommands = new Set((contributes.commands ?? []).map((c) => c.command));

// Views: declared under contributes.views; registered with createTreeView / registerTreeDataProvider / registerWebviewViewProvider.
const declaredViews = new Set(
  Object.values(contributes.views ?? {})
    .flat()
    .map((v) => v.id),
);
const registeredViews = new Set();
for (const { text } of sources) {
  for (const m of text.matchAll(
    /(?:createTreeView|registerTreeDataProvider|registerWebviewViewProvider)\(\s*(?:ViewId\.(\w+)|'([^']+)')/g,
  )) {
    if (m[2]) registeredViews.add(m[2]);
    if (m[1]) {
      const value = allText.match(new RegExp(`\\b${m[1]}\\s*:\\s*'([^']+)'`));
      registeredViews.add(value ? value[1] : `ViewId.${m[1]}`);
    }
  }
}

// Settings: every declared key must be read somewhere, either as the full key or as the part after a
// section that the code passes to getConfiguration('<section>').
const declaredSettings = Object.keys(
  Array.isArray(contributes.configuration)
    ? Object.assign({}, ...contributes.configuration.map((c) => c.properties ?? {}))
    : (contributes.configuration?.properties ?? {}),
);
const quoted = new Set([...allText.matchAll(/['"`]([\w.-]+)['"`]/g)].map((m) => m[1]));
const sections = new Set([...allText.matchAll(/getConfiguration\(\s*['"`]([\w.-]+)['"`]/g)].map((m) => m[1]));
function settingUsed(key) {
  if (quoted.has(key)) return true;
  for (const section of sections) {
    if (key.startsWith(`${section}.`) && quoted.has(key.slice(section.length + 1))) return true;
  }
  return false;
}
// Reverse: full setting keys the code reads with get/inspect/update/affectsConfiguration must be declared.
const readKeys = new Set();
for (const { text } of sources) {
  const fileSections = [...text.matchAll(/getConfiguration\(\s*['"`]([\w.-]+)['"`]/g)].map((m) => m[1]);
  for (const m of text.matchAll(/affectsConfiguration\(\s*['"`](entra\.[\w.-]+)['"`]/g)) readKeys.add(m[1]);
  for (const m of text.matchAll(/\.(?:get|inspect|update)(?:<[^>]*>)?\(\s*['"`]([\w.-]+)['"`]/g)) {
    if (m[1].startsWith('entra.')) readKeys.add(m[1]);
    else if (fileSections.length === 1 && fileSections[0].startsWith('entra'))
      readKeys.add(`${fileSections[0]}.${m[1]}`);
  }
}
const declaredSettingSet = new Set(declaredSettings);
const isSettingPrefix = (key) => declaredSettings.some((d) => d.startsWith(`${key}.`));

const problems = [];
let passed = 0;
const check = (ok, message) => (ok ? (passed += 1) : problems.push(message));

for (const id of declaredCommands)
  check(registered.has(id), `command ${id} is declared in package.json but never registered in code`);
for (const id of registered)
  check(
    declaredCommands.has(id),
    `command ${id} is registered in code but not declared in package.json contributes.commands`,
  );
for (const [id, feature] of commandIds)
  check(
    tableIds.filter((c) => c.id === id).length === 1,
    `command ${id} of the ${feature} command table is in more than one table`,
  );
for (const id of declaredViews)
  check(
    registeredViews.has(id),
    `view ${id} is declared in package.json but no tree or webview provider is registered for it`,
  );
for (const id of registeredViews)
  check(declaredViews.has(id), `view ${id} is registered in code but not declared in package.json contributes.views`);
for (const key of declaredSettings)
  check(settingUsed(key), `setting ${key} is declared in package.json but never read in code`);
for (const key of readKeys)
  check(
    declaredSettingSet.has(key) || isSettingPrefix(key),
    `setting ${key} is read in code but not declared in package.json`,
  );
for (const c of contributes.commands ?? []) {
  check(c.category === 'Entra' || c.category === '%command.category%', `command ${c.command} has no "Entra" category`);
  check(typeof c.title === 'string' && c.title.startsWith('%'), `command ${c.command} title is not localised (%key%)`);
}
const nls = JSON.parse(readFileSync(join(root, 'package.nls.json'), 'utf8'));
for (const m of JSON.stringify(pkg).matchAll(/"%([^%"]+)%"/g))
  check(m[1] in nls, `package.nls.json has no string for %${m[1]}%`);

// Walkthroughs: every `command:` link in a step's description or Markdown media names a declared
// command, media files exist, and completion events name a declared view or command, or a context
// key the code sets.
const nlsText = (v) => (typeof v === 'string' && /^%[^%]+%$/.test(v) ? (nls[v.slice(1, -1)] ?? v) : (v ?? ''));
const commandLinks = (text) => [...String(text).matchAll(/\(command:([\w.-]+)/g)].map((m) => m[1]);
for (const w of contributes.walkthroughs ?? []) {
  for (const step of w.steps ?? []) {
    const where = `walkthrough ${w.id} step ${step.id}`;
    const texts = [[`${where} description`, nlsText(step.description)]];
    const mediaPath =
      step.media?.markdown ?? step.media?.svg ?? (typeof step.media?.image === 'string' ? step.media.image : undefined);
    if (mediaPath) {
      let media;
      try {
        media = readFileSync(join(root, mediaPath), 'utf8');
      } catch {
        media = undefined;
      }
      check(media !== undefined, `${where}: media ${mediaPath} does not exist`);
      if (media !== undefined && mediaPath.endsWith('.md')) texts.push([`${where} media ${mediaPath}`, media]);
    }
    for (const [label, text] of texts) {
      for (const id of commandLinks(text))
        check(declaredCommands.has(id), `${label} links command:${id}, which is not declared in package.json`);
    }
    for (const event of step.completionEvents ?? []) {
      const [kind, name] = [event.slice(0, event.indexOf(':')), event.slice(event.indexOf(':') + 1)];
      if (kind === 'onView')
        check(declaredViews.has(name), `${where}: completion event ${event} names no declared view`);
      else if (kind === 'onCommand')
        check(declaredCommands.has(name), `${where}: completion event ${event} names no declared command`);
      else if (kind === 'onContext')
        check(
          allText.includes(`'${name}'`),
          `${where}: completion event ${event}: no code sets the context key ${name}`,
        );
    }
  }
}

const readme = readFileSync(join(root, 'README.md'), 'utf8');
const rulesTable = spawnSync(
  process.execPath,
  ['--import', 'tsx', join(root, 'scripts/generate-rules-table.ts'), '--check'],
  { cwd: root, encoding: 'utf8' },
);
check(
  rulesTable.status === 0,
  `the README rule table is out of date: run npm run docs:rules -- --write (${(rulesTable.stderr || '').trim()})`,
);
check(
  readmeWithSettings(readme) === readme,
  'the README settings table is out of date: run node scripts/readme-settings.mjs --write',
);

// Localization: package.json points at the bundle folder, and l10n/bundle.l10n.json holds exactly
// the strings of the l10n.t calls in src/ (regenerated into a temporary folder and compared).
check(pkg.l10n === './l10n', 'package.json has no "l10n": "./l10n" (VS Code would not load the string bundle)');
const l10nProblems = bundleDrift();
check(
  l10nProblems.length === 0,
  `l10n/bundle.l10n.json differs from the l10n.t calls in src/ (${l10nProblems.slice(0, 5).join('; ')}${l10nProblems.length > 5 ? `; ${l10nProblems.length - 5} more` : ''}): regenerate with npm run l10n`,
);
// VS Code's JSON support reads the contributed schema by a package.nls url (each translation names its
// locale's schema, built from its bundle).
for (const v of contributes.jsonValidation ?? [])
  check(v.url === `%${schemaUrlKey}%`, `jsonValidation url ${v.url} is not the package.nls string %${schemaUrlKey}%`);
check(
  typeof nls[schemaUrlKey] === 'string' && existsSync(join(root, nls[schemaUrlKey])),
  `package.nls.json: "${schemaUrlKey}" names no schema file`,
);
for (const p of localeSchemaProblems()) check(false, p);

// README images: each is recorded with a hash of the sources it shows (media/screenshots/manifest.json).
const readmeImages = [...readme.matchAll(/!\[[^\]]*\]\((media\/screenshots\/[^)]+\.png)\)/g)].map((m) => m[1]);
const shotProblems = staleScreenshots(root);
for (const image of readmeImages) {
  const stale = shotProblems.filter((p) => p.startsWith(image));
  const listed = Object.keys(readmeScreenshots).some((name) => `${screenshotsDir}/${name}.png` === image);
  check(
    listed && stale.length === 0,
    stale[0] ?? `${image} (shown in the README) is not taken by a browser check (scripts/lib/screenshots.mjs)`,
  );
}

for (const p of problems) console.error(`drift: ${p}`);
console.log(`drift: ${passed} passed, ${problems.length} failed`);
process.exit(problems.length ? 1 : 0);
