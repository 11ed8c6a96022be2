// `entra-workbench plan` and `apply`: what applying a manifest to its app registration changes,
// then (apply, confirmed) the PATCHes in order. Exit codes of plan: 0 no changes, 2 changes,
// 1 error (including conflicts and rule errors that block the apply).
import * as l10n from '@vscode/l10n';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { getNodeValue, parseTree } from 'jsonc-parser';
import { applyEdit, planForTenant, type ApplyOutcome } from '../io/graph/writes';
import { toManifest, type Json, type JsonObject, type Plan } from '../core/plan';
import { productName } from '../core/version';
import {
  UsageError,
  appRef,
  baseFileOf,
  confirmWrite,
  connect,
  connectionOptions,
  connectionUsage,
  parse,
  readText,
  reportError,
} from './tenant';
import type { CliCommand } from './types';
import { errorText, writeFailureText } from '../core/graph/errors';

function shared(): string {
  return l10n.t(
    `  --app ID           the app (appId or object id; default: the manifest's id, else appId)
  --base FILE        the manifest as pulled (default: FILE's base copy written by pull, if any)`,
  );
}

function planUsage(): string {
  return l10n.t(
    `Usage: {0} plan FILE [--app ID] [--base FILE] [--format text|json] [connection options]

Compares the manifest (Microsoft Graph or legacy format) with the app registration in the tenant
and lists each change and the Graph requests apply would send. Read-only: one GET.

{1}
  --format F         text (default) or json

{2}

Exit codes: 0 no changes; 2 changes; 1 error (also conflicts and rule errors that block apply).`,
    productName,
    shared(),
    connectionUsage(),
  );
}

function applyUsage(): string {
  return l10n.t(
    `Usage: {0} apply FILE [--app ID] [--base FILE] --yes [connection options]

Re-reads the app, plans again and sends only the changed properties, in order (an enabled scope
or app role is disabled before it is removed or changed). Stops without writing when the tenant
changed a property you edited since the base, or when a manifest rule reports an error.
Without --yes it asks on a terminal, and refuses when stdin is not one.

{1}
  --yes              apply without asking

{2}

Exit codes: 0 applied (or nothing to do); 1 error, conflict, blocked or not confirmed.`,
    productName,
    shared(),
    connectionUsage(),
  );
}

interface Loaded {
  text: string;
  value: JsonObject | undefined;
  base: JsonObject | undefined;
  baseFile: string | undefined;
}

function load(file: string, baseOption: string | boolean | undefined): Loaded {
  const text = readText(file);
  const root = parseTree(text.replace(/^\uFEFF/, ''));
  const v: unknown = root ? getNodeValue(root) : undefined;
  const value = v && typeof v === 'object' && !Array.isArray(v) ? (v as JsonObject) : undefined;
  if (!value) throw new UsageError(l10n.t('{0}: not a JSON object (an app manifest)', file));
  const baseFile =
    typeof baseOption === 'string' ? baseOption : existsSync(baseFileOf(file)) ? baseFileOf(file) : undefined;
  let base: JsonObject | undefined;
  if (baseFile) {
    try {
      base = JSON.parse(readFileSync(baseFile, 'utf8')) as JsonObject;
    } catch (err) {
      throw new UsageError(`${baseFile}: ${errorText(err, l10n)}`);
    }
    // A base copy of another app does not apply.
    if (typeof base.id === 'string' && typeof value.id === 'string' && base.id.toLowerCase() !== value.id.toLowerCase())
      base = undefined;
  }
  return { text, value, base, baseFile: base ? baseFile : undefined };
}

const show = (v: Json | undefined) => (v === undefined ? '(absent)' : JSON.stringify(v));

export function planJson(plan: Plan): string {
  return JSON.stringify(
    {
      app: plan.app,
      changes: plan.changes.map((c) => ({
        path: c.path,
        op: c.op,
        before: c.before ?? null,
        after: c.after ?? null,
        summary: c.summary,
      })),
      requests: plan.requests.map((r) => ({ method: r.method, url: r.url })),
      blocked: plan.blocked.map((b) => ({ ruleId: b.ruleId, message: b.message })),
    },
    null,
    2,
  );
}

export function planText(plan: Plan): string {
  const lines = [`Plan for ${plan.app.displayName} (appId ${plan.app.appId}, object id ${plan.app.id})`];
  if (plan.changes.length === 0) lines.push('  No changes.');
  for (const c of plan.changes)
    lines.push(`  ${c.op === 'add' ? '+' : c.op === 'remove' ? '-' : '~'} ${c.summary}    [${c.path}]`);
  if (plan.ignored.length > 0) {
    lines.push('Not written:');
    for (const i of plan.ignored) lines.push(`  ${i.path}: ${i.note}`);
  }
  if (plan.requests.length > 0) {
    lines.push('Requests (after re-reading the app):');
    plan.requests.forEach((r, i) => lines.push(`  ${i + 1}. ${r.method} ${r.url}    (${r.purpose})`));
  }
  if (plan.blocked.length > 0) {
    lines.push('Blocked by manifest rules (fix these first):');
    for (const b of plan.blocked) lines.push(`  ${b.ruleId}: ${b.message}`);
  }
  return `${lines.join('\n')}\n`;
}

export function conflictText(plan: Plan): string {
  const lines = [
    'Conflict: these properties changed in the tenant since your base copy, and you changed them too.',
    'Pull again, redo your edit on the new copy, then plan again.',
  ];
  for (const c of plan.conflicts)
    lines.push(
      `  ${c.path}`,
      `    base:   ${show(c.base)}`,
      `    tenant: ${show(c.tenant)}`,
      `    mine:   ${show(c.mine)}`,
    );
  return `${lines.join('\n')}\n`;
}

export const planCommand: CliCommand = {
  name: 'plan',
  get summary() {
    return l10n.t('list what applying a manifest to its app registration would change');
  },
  get usage() {
    return planUsage();
  },
  async run(args, io) {
    try {
      const { values, positionals } = parse(args, {
        app: { type: 'string' },
        base: { type: 'string' },
        format: { type: 'string' },
        ...connectionOptions,
      });
      if (positionals.length !== 1) throw new UsageError(l10n.t('give one manifest file'));
      const format = values.format ?? 'text';
      if (format !== 'text' && format !== 'json')
        throw new UsageError(l10n.t('{0} must be {1} or {2}', '--format', 'text', 'json'));
      const loaded = load(positionals[0]!, values.base);
      const graph = connect(values);
      const { plan } = await planForTenant(graph, appRef(values.app, loaded.value), {
        desired: loaded.text,
        ...(loaded.base ? { base: loaded.base } : {}),
        l10n,
      });
      io.stdout(format === 'json' ? `${planJson(plan)}\n` : planText(plan));
      if (plan.conflicts.length > 0) {
        io.stderr(conflictText(plan));
        return 1;
      }
      if (plan.blocked.length > 0) return 1;
      return plan.changes.length > 0 ? 2 : 0;
    } catch (err) {
      return reportError(err, io, planUsage());
    }
  },
};

export function outcomeText(outcome: ApplyOutcome): string {
  switch (outcome.status) {
    case 'applied':
      return `${
        outcome.results.length === 1
          ? l10n.t('Applied: 1 request sent.')
          : l10n.t('Applied: {0} requests sent.', outcome.results.length)
      }\n`;
    case 'unchanged':
      return `${l10n.t('Nothing to apply: the tenant already matches the manifest.')}\n`;
    case 'failed':
      return `${outcome.results.map((r) => `  ${r.status.padEnd(7)} ${r.request.method} ${r.request.url} (${r.request.purpose})`).join('\n')}\n`;
    default:
      return '';
  }
}

export const applyCommand: CliCommand = {
  name: 'apply',
  get summary() {
    return l10n.t('apply a manifest to its app registration (changed properties only)');
  },
  get usage() {
    return applyUsage();
  },
  async run(args, io) {
    try {
      const { values, positionals } = parse(args, {
        app: { type: 'string' },
        base: { type: 'string' },
        yes: { type: 'boolean' },
        ...connectionOptions,
      });
      if (positionals.length !== 1) throw new UsageError(l10n.t('give one manifest file'));
      const loaded = load(positionals[0]!, values.base);
      const graph = connect(values);
      const ref = appRef(values.app, loaded.value);
      const options = { desired: loaded.text, ...(loaded.base ? { base: loaded.base } : {}), l10n };
      let confirmedPlan: Plan | undefined;
      if (values.yes !== true) {
        // Show the plan first, then ask; the apply re-reads and stops if the requests changed meanwhile.
        const { plan } = await planForTenant(graph, ref, options);
        io.stdout(planText(plan));
        if (plan.conflicts.length > 0 || plan.blocked.length > 0 || plan.requests.length === 0) confirmedPlan = plan;
        else if (!(await confirmWrite(values, io, 'apply', `${l10n.t('Apply these changes? [y/N]')} `))) return 1;
        else confirmedPlan = plan;
      }
      const outcome = await applyEdit(graph, ref, {
        ...options,
        ...(confirmedPlan ? { confirmed: confirmedPlan } : {}),
      });
      if (values.yes === true) io.stdout(planText(outcome.plan));
      io.stdout(outcomeText(outcome));
      if (outcome.status === 'conflict') {
        io.stderr(conflictText(outcome.plan));
        return 1;
      }
      if (outcome.status === 'blocked') {
        io.stderr(`${productName}: ${l10n.t('not applied: manifest rule errors (listed above) block it.')}\n`);
        return 1;
      }
      if (outcome.status === 'changed') {
        io.stderr(
          `${productName}: ${l10n.t('not applied: the tenant changed since the plan was shown; run apply again to see the new plan.')}\n`,
        );
        return 1;
      }
      if (outcome.status === 'failed') {
        io.stderr(`${productName}: ${writeFailureText(outcome.failure, l10n)}\n`);
        return 1;
      }
      if (outcome.status === 'applied' && loaded.baseFile) {
        // The base copy now is what was written (certificate keys left out, as Graph lists them).
        const result = toManifest(outcome.plan.result);
        if (Array.isArray(result.keyCredentials))
          result.keyCredentials = result.keyCredentials.map((k) =>
            k && typeof k === 'object' && !Array.isArray(k) ? { ...k, key: null } : k,
          );
        writeFileSync(loaded.baseFile, `${JSON.stringify(result, null, 2)}\n`);
      }
      return 0;
    } catch (err) {
      return reportError(err, io, applyUsage());
    }
  },
};
