/** A paged list of app registrations (one view, or one search) as the tenant model keeps it. */
import type { GraphError } from '../graph/errors';
import type { AppListEntry } from './types';
import type { AppListQuery } from './ports';

export class AppList {
  readonly entries: AppListEntry[] = [];
  /** Where Graph said the next page is (`@odata.nextLink`, passed back as given). */
  nextLink: string | undefined;
  /** True once the first page was requested. */
  started = false;
  error: GraphError | undefined;
  loading: Promise<void> | undefined;

  constructor(
    readonly key: string,
    readonly query: AppListQuery,
  ) {}

  get complete(): boolean {
    return this.started && this.loading === undefined && this.nextLink === undefined && this.error === undefined;
  }

  get hasMore(): boolean {
    return this.nextLink !== undefined;
  }
}
