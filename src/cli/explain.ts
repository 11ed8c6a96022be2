// `entra-workbench explain`: explains a sign-in error offline (AADSTS code, request details).
import * as l10n from '@vscode/l10n';
import { parseOptions } from './args';
import { diagnose, oauthErrorHint, requestFacts, whoFixes, type Diagnosis } from '../core/doctor/index';
import type { CliCommand, CliIo } from './types';

function usage(): string {
  return l10n.t(
    `Usage: entra-workbench explain [--json] <text | ->

Explains a Microsoft Entra sign-in error offline: paste the error page's text, an AADSTS message,
a redirect URL with error=/error_description=, a token endpoint JSON error or an authorize URL.
Prints the AADSTS code's meaning and fix with documentation links, and what the text says about
the request (client_id, redirect_uri, scope, response_type, tenant, trace and correlation ids).
stdin is read when the argument is "-" or missing. Input beyond 256 KB is ignored.

  --json   print {request, explanation, others, empty} as JSON

Exit codes: 0 something was recognised; 1 nothing recognised; 2 bad usage.`,
  );
}

export function formatDiagnosis(d: Diagnosis): string {
  const lines: string[] = [];
  const r = d.request;
  if (d.explanation) {
    const e = d.explanation;
    lines.push(
      `AADSTS${e.code}: ${e.title}`,
      '',
      l10n.t('What it means  {0}', e.meaning),
      l10n.t('What to change {0}', e.fix),
    );
    if (e.who) lines.push(whoFixes(e.who, l10n));
    lines.push('', l10n.t('Docs'), ...e.links.map((l) => `  ${l}`));
  } else {
    lines.push(l10n.t('No AADSTS code found in the text.'));
    const hint = oauthErrorHint(r.error, l10n);
    if (hint) lines.push(hint);
  }
  for (const o of d.others) lines.push('', l10n.t('Also AADSTS{0}: {1}. {2}', o.code, o.title, o.fix));
  const present = requestFacts(r, { withDescription: false }, l10n);
  if (present.length) {
    lines.push('', l10n.t('Request'));
    for (const [k, v] of present) lines.push(`  ${k.padEnd(15)} ${v}`);
  }
  if (r.truncated) lines.push('', l10n.t('Note: the input was longer than 256 KB; only its start was read.'));
  return lines.join('\n') + '\n';
}

async function run(args: string[], io: CliIo): Promise<number> {
  const parsed = parseOptions(args, { json: { type: 'boolean' } });
  if (typeof parsed === 'string') {
    io.stderr(`entra-workbench explain: ${parsed}\n${usage()}\n`);
    return 2;
  }
  const { positionals } = parsed;
  const values = { json: parsed.values.json ?? false };
  const input =
    positionals.length === 0 || (positionals.length === 1 && positionals[0] === '-')
      ? await io.readStdin()
      : positionals.join(' ');
  const d = diagnose(input, l10n);
  if (values.json) {
    const { request, explanation, others, empty } = d;
    io.stdout(`${JSON.stringify({ request, explanation: explanation ?? null, others, empty }, null, 2)}\n`);
  } else if (d.empty)
    io.stderr(
      `entra-workbench explain: ${l10n.t('nothing recognised. Paste the AADSTS message, the error page text, or the URL with error= or client_id=.')}\n`,
    );
  else io.stdout(formatDiagnosis(d));
  return d.empty ? 1 : 0;
}

export const explainCommand: CliCommand = {
  name: 'explain',
  get summary() {
    return l10n.t('explain a sign-in error (AADSTS code, request details)');
  },
  get usage() {
    return usage();
  },
  run,
};
