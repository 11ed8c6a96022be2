/** The tenant explorer's tree nodes, one kind per file. */
export { ContextValue, ExplorerNode, type ExplorerHost } from './base';
export { AppNode, buildSections } from './app';
export { ErrorNode } from './error';
export { ListNode } from './list';
export { LoadMoreNode } from './loadMore';
export { LoadingNode } from './loading';
export { TenantNode } from './tenant';
export { ValueNode } from './value';
export {
  attentionCount,
  credentialSummary,
  expiringSoonDays,
  expiryState,
  readableDate,
  type ExpiryState,
} from '../../../core/tenant/sections';
