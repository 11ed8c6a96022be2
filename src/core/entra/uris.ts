// The `entra:` URI scheme: manifests read from a tenant open as `entra:` documents in the editor,
// and audit findings name their app as `entra://{tenant}/applications/{id}`.
export const ENTRA_URI_SCHEME = 'entra';
