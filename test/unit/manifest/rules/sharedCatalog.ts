// A permission catalogue built at run time from ../shared/data/microsoft-info (Microsoft Graph only),
// for tests that read the shared corpus. Nothing from ../shared is copied into the repository.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { PermissionCatalog, PermissionInfo, ResourceInfo } from '../../../../src/core/manifest/types';

export const repoRoot = path.resolve(__dirname, '../../../..');
export const sharedDir = path.resolve(repoRoot, '../shared');
export const hasShared = existsSync(path.join(sharedDir, 'README.md'));

interface Raw {
  Id?: unknown;
  Value?: unknown;
}

function load(file: string, type: 'Scope' | 'Role'): PermissionInfo[] {
  const raw = JSON.parse(readFileSync(path.join(sharedDir, 'data/microsoft-info', file), 'utf8')) as Raw[];
  return raw
    .filter((r) => typeof r.Id === 'string' && typeof r.Value === 'string')
    .map((r) => ({ id: String(r.Id).toLowerCase(), value: String(r.Value), type }));
}

export function sharedGraphCatalog(): PermissionCatalog {
  const graph: ResourceInfo & { complete: boolean } = {
    appId: '00000003-0000-0000-c000-000000000000',
    displayName: 'Microsoft Graph',
    scopes: load('GraphDelegateRoles.json', 'Scope'),
    roles: load('GraphAppRoles.json', 'Role'),
    complete: true,
  };
  return {
    getResource: (k) => (k.toLowerCase() === graph.appId || k.toLowerCase() === 'microsoft graph' ? graph : undefined),
    resources: () => [graph],
  };
}
