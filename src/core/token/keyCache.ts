// The cache of OpenID metadata and signing keys: one per owner (the token panel's feature, a CLI
// run, a test), created by the caller and passed to verifyToken.

interface CacheEntry {
  readonly value: unknown;
  readonly fetchedAt: number;
}

/** Caches OpenID metadata and key sets per URL for a time-to-live. */
export class KeyCache {
  private readonly entries = new Map<string, CacheEntry>();
  /** Key lookup functions per key-set object, so imported keys are reused while the set is cached. */
  private keySets = new WeakMap<object, unknown>();
  constructor(readonly ttlMs = 60 * 60 * 1000) {}

  get(url: string, nowMs: number): unknown {
    const e = this.entries.get(url);
    if (e === undefined || nowMs - e.fetchedAt > this.ttlMs) return undefined;
    return e.value;
  }

  set(url: string, value: unknown, nowMs: number): void {
    this.entries.set(url, { value, fetchedAt: nowMs });
  }

  delete(url: string): void {
    this.entries.delete(url);
  }

  clear(): void {
    this.entries.clear();
    this.keySets = new WeakMap();
  }

  /** The key lookup function of a cached key set, imported once while the set is cached. */
  keySet<K>(jwks: object, create: () => K): K {
    let keySet = this.keySets.get(jwks) as K | undefined;
    if (keySet === undefined) {
      keySet = create();
      this.keySets.set(jwks, keySet);
    }
    return keySet;
  }
}
