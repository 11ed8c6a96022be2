// The command-line tool takes its texts from the extension's bundle for the locale asked for
// (--locale or the environment), English without one; the token panel carries the bundle for its script.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commands } from '../../../src/cli/commands';
import { summary } from '../../../src/cli/lint';
import { main } from '../../../src/cli/main';
import { localeFromEnv, messageLanguage, normalizeLocale, takeLocaleOption, useLocale } from '../../../src/cli/l10n';
import { toHtml } from '../../../src/core/audit/report';
import type { CliIo } from '../../../src/cli/types';

const dir = mkdtempSync(join(tmpdir(), 'entra-cli-l10n-'));
writeFileSync(
  join(dir, 'bundle.l10n.de.json'),
  JSON.stringify({ '{0} problems': '{0} Probleme', 'Commands:': 'Befehle:' }),
);
after(() => {
  useLocale(undefined);
  rmSync(dir, { recursive: true, force: true });
});

function io(): CliIo & { out: string[] } {
  const out: string[] = [];
  return { out, stdout: (t) => out.push(t), stderr: (t) => out.push(t), readStdin: async () => '' };
}

test('locale names from POSIX and BCP 47 forms', () => {
  assert.equal(normalizeLocale('de_DE.UTF-8'), 'de-de');
  assert.equal(normalizeLocale('fr_CA@euro'), 'fr-ca');
  assert.equal(normalizeLocale('qps-ploc'), 'qps-ploc');
  assert.equal(normalizeLocale('C'), undefined);
  assert.equal(normalizeLocale('POSIX'), undefined);
  assert.equal(normalizeLocale('../../etc/passwd'), undefined);
  assert.equal(localeFromEnv({ LANG: 'de_DE.UTF-8' }), 'de-de');
  assert.equal(localeFromEnv({ LANG: 'de_DE.UTF-8', LC_ALL: 'fr_FR.UTF-8' }), 'fr-fr');
  assert.equal(localeFromEnv({ ENTRA_WORKBENCH_LOCALE: 'ja', LC_ALL: 'fr_FR' }), 'ja');
  assert.equal(localeFromEnv({}), undefined);
});

test('--locale is taken out of the arguments in both forms', () => {
  assert.deepEqual(takeLocaleOption(['lint', '--locale', 'de', 'a.json']), { args: ['lint', 'a.json'], locale: 'de' });
  assert.deepEqual(takeLocaleOption(['--locale=fr', 'decode']), { args: ['decode'], locale: 'fr' });
  assert.deepEqual(takeLocaleOption(['lint', 'a.json']), { args: ['lint', 'a.json'] });
});

test('a bundle for the language (de-de falls back to de) translates; English and unknown locales do not', () => {
  assert.equal(useLocale('de-de', [dir]), join(dir, 'bundle.l10n.de.json'));
  assert.equal(summary([], 2, 0), '0 Probleme (0 errors, 0 warnings) in 2 files');
  assert.equal(useLocale('en-us', [dir]), undefined);
  assert.equal(summary([], 2, 0), '0 problems (0 errors, 0 warnings) in 2 files');
  assert.equal(useLocale('sv', [dir]), undefined);
  assert.equal(summary([], 2, 0), '0 problems (0 errors, 0 warnings) in 2 files');
});

test("the language of the bundle in use names the HTML report's lang", () => {
  const page = (): string => toHtml([], { tenant: 't', generated: 'now', language: messageLanguage() });
  useLocale('de-de', [dir]);
  assert.equal(messageLanguage(), 'de');
  assert.match(page(), /<html lang="de">/);
  useLocale('sv', [dir]);
  assert.equal(messageLanguage(), 'en');
  assert.match(page(), /<html lang="en">/);
  useLocale(undefined);
});

test('the HTML report counts one finding in the singular', () => {
  const one = {
    ruleId: 'audit-no-owners',
    severity: 'warning' as const,
    appId: 'a',
    objectId: 'o',
    displayName: 'App',
    path: '',
    message: 'App has no owners.',
  };
  assert.match(toHtml([one], { tenant: 't', generated: 'now' }), /<p>1 finding \(0 errors?, 1 warnings?/);
  assert.match(toHtml([one, one], { tenant: 't', generated: 'now' }), /<p>2 findings \(/);
});

test('the shipped bundle folder is found from source; a locale without a bundle prints English help', async () => {
  const en = io();
  assert.equal(await main(['--help', '--locale', 'xx'], en, {}), 0);
  assert.match(en.out.join(''), /^Commands:$/m);
  assert.match(en.out.join(''), /--locale L/);
  // The committed English bundle holds the help texts (keys = English).
  const bundle = (await import('../../../l10n/bundle.l10n.json', { with: { type: 'json' } })).default as Record<
    string,
    string
  >;
  for (const key of ['Commands:', 'Options:', "unknown command '{0}'. Run '{1} --help' for the list."])
    assert.ok(key in bundle, `the bundle lacks ${key}`);
});

test('the pseudo bundle made from the committed one translates the lint summary', async () => {
  const { execFileSync } = await import('node:child_process');
  const root = join(__dirname, '..', '..', '..');
  const pseudoDir = mkdtempSync(join(tmpdir(), 'entra-cli-pseudo-'));
  try {
    execFileSync(process.execPath, [join(root, 'scripts', 'l10n.mjs'), '--pseudo', pseudoDir], { stdio: 'ignore' });
    useLocale('qps-ploc', [join(pseudoDir, 'l10n')]);
    const text = summary([], 1, 0);
    assert.notEqual(text, '0 problems (0 errors, 0 warnings) in 1 file');
    assert.doesNotMatch(text, /problems|errors|warnings/);
    assert.match(text, /^0 .* \(0 .*, 0 .*\) .* 1 .*$/);
  } finally {
    useLocale(undefined);
    rmSync(pseudoDir, { recursive: true, force: true });
  }
});

test("every command's help comes from the bundle; English stays the default", async () => {
  const { execFileSync } = await import('node:child_process');
  const root = join(__dirname, '..', '..', '..');
  const help = async (locale: string | undefined, args: string[]): Promise<string> => {
    const out = io();
    await main([...(locale ? ['--locale', locale] : []), ...args], out, {});
    return out.out.join('');
  };
  const english: string[] = [];
  for (const c of commands) {
    english.push(await help(undefined, [c.name, '--help']), await help(undefined, [c.name, '--no-such-option']));
    assert.match(english.at(-2)!, new RegExp(`^Usage: entra-workbench ${c.name}`));
  }
  assert.match(english.join('\n'), /unknown option --no-such-option/);
  const pseudoDir = mkdtempSync(join(tmpdir(), 'entra-cli-pseudo-'));
  try {
    execFileSync(process.execPath, [join(root, 'scripts', 'l10n.mjs'), '--pseudo', pseudoDir], { stdio: 'ignore' });
    useLocale('qps-ploc', [join(pseudoDir, 'l10n')]);
    const pseudo: string[] = [];
    // Read from the commands (main() would load the locale from the shipped folders, not the pseudo one).
    for (const c of commands) pseudo.push(c.usage, c.summary);
    const text = pseudo.join('\n');
    // Each English line with words in it (option names included) reads differently in the
    // pseudo-locale; a line listing names only (the clouds) is data, not text.
    const lines = english
      .join('\n')
      .split('\n')
      .filter((l) => /(^|[\s(])[a-z]{3,}/.test(l) && !/no-such-option/.test(l));
    assert.ok(lines.length > 100, `only ${lines.length} help lines`);
    const same = lines.filter((l) => text.includes(l.trim()));
    assert.deepEqual(same, []);
  } finally {
    useLocale(undefined);
    rmSync(pseudoDir, { recursive: true, force: true });
  }
  assert.equal(await help(undefined, ['lint', '--help']), english[commands.findIndex((c) => c.name === 'lint') * 2]);
});

test("the subcommands' argument errors follow the locale; exit codes and English stay as they were", async () => {
  const { execFileSync } = await import('node:child_process');
  const root = join(__dirname, '..', '..', '..');
  const cases: [string, string[]][] = [
    ['decode', ['--now', 'yesterday']],
    ['decode', ['--authority', 'http://login.example']],
    ['decode', ['--cloud', 'Moon']],
    ['decode', ['--trust-issuer', 'http://issuer.example']],
    ['decode', ['a.b.c', 'd.e.f']],
    ['lint', ['--format', 'xml', 'a.json']],
    ['lint', ['--now', 'yesterday', 'a.json']],
    ['lint', []],
    ['lint', ['no-such-dir-*/*.json']],
    ['audit', ['--format', 'xml']],
    ['audit', ['--fail-on', 'never']],
    ['audit', ['--rules', 'no-such-rule']],
    ['audit', ['--now', 'yesterday']],
    ['cert', []],
    ['cert', ['add']],
    ['cert', ['add', '--app', 'x']],
    ['secret', []],
    ['secret', ['add']],
    ['secret', ['add', '--app', 'x', '--days', '0']],
    ['catalog', []],
    ['catalog', ['push']],
    ['apply', []],
    ['explain', ['--nope']],
  ];
  // The first line of stderr without the program name: the message (the usage follows it).
  const run = async (name: string, args: string[]): Promise<[number, string]> => {
    const out = io();
    const code = await commands.find((c) => c.name === name)!.run(args, out);
    const first = out.out.join('').split('\n')[0]!;
    return [code, first.replace(/^entra-workbench( \w+)?: /, '')];
  };
  const english: [number, string][] = [];
  for (const [name, args] of cases) english.push(await run(name, args));
  assert.deepEqual(english[0], [2, '--now needs an ISO 8601 date, got "yesterday"']);
  assert.deepEqual(english[2], [
    2,
    '--cloud needs AzureCloud, AzureUSGovernment, AzureUSGovernmentDoD or AzureChinaCloud (for another authority use --authority)',
  ]);
  assert.deepEqual(english[5], [2, '--format must be text, json or sarif, got "xml"']);
  assert.deepEqual(english[7], [2, 'give at least one manifest file']);
  assert.deepEqual(english[8], [2, 'no file matches no-such-dir-*/*.json']);
  const pseudoDir = mkdtempSync(join(tmpdir(), 'entra-cli-pseudo-'));
  try {
    execFileSync(process.execPath, [join(root, 'scripts', 'l10n.mjs'), '--pseudo', pseudoDir], { stdio: 'ignore' });
    useLocale('qps-ploc', [join(pseudoDir, 'l10n')]);
    for (const [i, [name, args]] of cases.entries()) {
      const [code, message] = await run(name, args);
      const [enCode, enMessage] = english[i]!;
      const what = `${name} ${args.join(' ')}: ${enMessage} / ${message}`;
      assert.equal(code, enCode, what);
      assert.notEqual(message, enMessage, what);
      // No word of the English sentence is left, apart from what was typed and the names it lists.
      const kept = new Set(
        args
          .join(' ')
          .split(/[^A-Za-z]+/)
          .concat(['AzureCloud', 'AzureUSGovernment', 'AzureUSGovernmentDoD', 'AzureChinaCloud', 'Custom'])
          .concat(['text', 'json', 'sarif', 'html', 'error', 'warning', 'https']),
      );
      const sentence = enMessage.replace(/--[a-z-]+|"[^"]*"/g, ' ');
      const words = (sentence.match(/[A-Za-z]{4,}/g) ?? []).filter((w) => !kept.has(w));
      assert.ok(words.length > 0 || /^--\S+ is required$/.test(enMessage), what);
      const translated = message.replace(/--[a-z-]+|"[^"]*"/g, ' ');
      for (const w of words) assert.doesNotMatch(translated, new RegExp(`\\b${w}\\b`), what);
    }
  } finally {
    useLocale(undefined);
    rmSync(pseudoDir, { recursive: true, force: true });
  }
  for (const [i, [name, args]] of cases.entries()) assert.deepEqual(await run(name, args), english[i]);
});
