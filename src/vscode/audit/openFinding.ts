// Opening a finding: the tenant's manifest of its app, with the property selected.
import type { JSONPath } from 'jsonc-parser';
import type { AuditFinding } from '../../core/audit/types';
import { fromPointer } from '../../core/manifest/json';
import { showManifestAt } from '../util/manifestAt';
import { type OpenFindingResult } from './api';

/** The JSON pointer of a finding as a jsonc-parser path (array indexes as numbers). */
export function pointerPath(pointer: string): JSONPath {
  return fromPointer(pointer).map((s) => (/^(0|[1-9]\d*)$/.test(s) ? Number(s) : s));
}

/** Opens the tenant's manifest of the finding's app and selects the property (or its nearest parent). */
export async function openFinding(tenant: string, finding: AuditFinding): Promise<OpenFindingResult> {
  const { uri, selection } = await showManifestAt(
    tenant,
    finding.appId,
    finding.displayName,
    pointerPath(finding.path),
  );
  return { uri: uri.toString(), selection };
}
