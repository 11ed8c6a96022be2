// Messages between the plan view (webview) and the extension host. Types only.

/** From the webview to the host. */
export type FromPlanView =
  | { readonly type: 'apply' }
  | { readonly type: 'refresh' }
  | { readonly type: 'keepMine' }
  | { readonly type: 'compare' }
  | { readonly type: 'reveal'; readonly offset: number };

/** From the host to the webview. */
export type ToPlanView = { readonly type: 'busy'; readonly text: string };
