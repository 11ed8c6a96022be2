/**
 * The tenant audit over Graph: reads the snapshot (auditSnapshot.ts) while the manifest rules
 * check the applications already read, then runs the tenant rules on the whole snapshot.
 */
import { AuditCancelled, manifestFindings, runAudit } from '../../core/audit/engine';
import type { AuditApp, AuditFinding, AuditOptions } from '../../core/audit/types';
import { builtInCatalog } from '../../core/manifest/catalog';
import { readAuditSnapshot, type AuditReadProgress, type AuditReadResult } from './auditSnapshot';
import { type GraphAccess } from './client';
export { items, pages } from './auditPages';
export { readAuditApp, readAuditSnapshot } from './auditSnapshot';
export type { AuditReadOptions, AuditReadProgress, AuditReadResult } from './auditSnapshot';

export interface AuditTenantOptions extends Omit<AuditOptions, 'precomputed' | 'onProgress' | 'signal'> {
  readonly tenantId: string;
  readonly signal?: AbortSignal;
  /** Applications read so far. */
  readonly onReadProgress?: (progress: AuditReadProgress) => void;
  /** Applications checked so far (manifest rules while reading, then every rule). */
  readonly onCheckProgress?: (done: number, total: number) => void;
  /** Called once everything is read, before the tenant rules run. */
  readonly onReadDone?: () => void;
}

export interface AuditTenantResult extends AuditReadResult {
  readonly findings: AuditFinding[];
}

/** Apps linted between two yields to the event loop while the tenant is still being read. */
const LINT_SLICE = 100;

/**
 * Reads the tenant and audits it. The manifest rules need nothing but the app, so each page of
 * applications is checked while the other listings (and the next pages) are still on their way;
 * the tenant rules run once everything is read. Cancellation through `signal` at any point.
 */
export async function auditTenant(graph: GraphAccess, options: AuditTenantOptions): Promise<AuditTenantResult> {
  const { signal } = options;
  const manifestRules = options.manifestRules !== false;
  const lintOptions = { now: options.now ?? new Date(), rules: options.rules, l10n: options.l10n };
  const catalog = options.catalog ?? builtInCatalog();
  const precomputed = new Map<string, readonly AuditFinding[]>();
  const queue: Omit<AuditApp, 'hasOwners'>[] = [];
  let head = 0;
  let readDone = false;
  let failed = false;
  let total: number | undefined;
  let wake: (() => void) | undefined;
  const linting = (async () => {
    for (;;) {
      if (failed || signal?.aborted) return;
      if (head === queue.length) {
        if (readDone || signal?.aborted) return;
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
        continue;
      }
      const end = Math.min(queue.length, head + LINT_SLICE);
      for (; head < end; head++) {
        const app = queue[head]!;
        precomputed.set(app.id, manifestFindings(app, lintOptions, catalog));
      }
      if (total !== undefined) options.onCheckProgress?.(head, total);
      // Lets the responses of the other listings in between.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  })();
  let read: AuditReadResult;
  try {
    read = await readAuditSnapshot(graph, {
      tenantId: options.tenantId,
      signal,
      onProgress: (p) => {
        total = p.total;
        options.onReadProgress?.(p);
      },
      onApps: manifestRules
        ? (apps) => {
            for (const app of apps) queue.push(app);
            wake?.();
          }
        : undefined,
    });
  } catch (err) {
    failed = true;
    throw err;
  } finally {
    readDone = true;
    wake?.();
    await linting;
  }
  options.onReadDone?.();
  if (signal?.aborted) throw new AuditCancelled();
  const findings = await runAudit(read.snapshot, {
    ...options,
    catalog,
    now: lintOptions.now,
    precomputed,
    signal,
    onProgress: options.onCheckProgress,
  });
  return { ...read, findings };
}
