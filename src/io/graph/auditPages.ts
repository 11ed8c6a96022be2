// Paged listings for the audit: follows `@odata.nextLink` page by page, stops when cancelled.
import type { GraphRequest } from '@microsoft/microsoft-graph-client';
import { AuditCancelled } from '../../core/audit/engine';
import { type GraphAccess } from './client';
import * as queries from './queries';

export const pageSize = 999;
export const eventual = queries.eventual;

export type Json = Record<string, unknown>;
export interface Page {
  value?: unknown;
  '@odata.nextLink'?: unknown;
  '@odata.count'?: unknown;
}

export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
export const items = (page: unknown): Json[] => {
  const v = (page as Page | undefined)?.value;
  return Array.isArray(v) ? (v.filter((x) => x !== null && typeof x === 'object') as Json[]) : [];
};

function isRequest(value: GraphRequest | Page): value is GraphRequest {
  return typeof (value as Partial<GraphRequest>).get === 'function';
}

export function checkSignal(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AuditCancelled();
}

/**
 * Follows a listing to its end: `first` is its first request, or its already fetched first page;
 * `headers` go with every next page.
 */
export async function pages(
  graph: GraphAccess,
  first: GraphRequest | Page,
  headers: Record<string, string>,
  signal: AbortSignal | undefined,
  each: (page: Page) => void,
): Promise<void> {
  const fetched = !isRequest(first);
  let page: Page | undefined = fetched ? first : undefined;
  let next: string | GraphRequest | undefined = fetched ? undefined : first;
  while (page !== undefined || next !== undefined) {
    if (page === undefined) {
      checkSignal(signal);
      try {
        page = await graph.get<Page>(next!, typeof next === 'string' ? headers : {}, signal);
      } catch (err) {
        // The request in flight is stopped by the signal (no waiting for its answer).
        if (signal?.aborted) throw new AuditCancelled();
        throw err;
      }
    }
    each(page);
    next = str(page['@odata.nextLink']);
    page = undefined;
  }
}
