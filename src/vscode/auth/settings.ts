import * as vscode from 'vscode';
import { defaultRequestTimeoutSeconds } from '../../io/graph/client';
import { getCloud, isCloudName, type Cloud, type CloudName } from '../../core/entra/clouds';

export type SignInMethod = 'vscode' | 'azureCli' | 'deviceCode' | 'environment' | 'clientSecret' | 'clientCertificate';

export const signInMethods: readonly SignInMethod[] = [
  'vscode',
  'azureCli',
  'deviceCode',
  'environment',
  'clientSecret',
  'clientCertificate',
];

/** Setting keys (under `entra.`) this feature reads. */
export const SettingKey = {
  method: 'signIn.method',
  clientId: 'signIn.clientId',
  certificatePath: 'signIn.certificatePath',
  cloud: 'cloud',
  authorityHost: 'customCloud.authorityHost',
  graphBaseUrl: 'customCloud.graphBaseUrl',
  tenants: 'tenants',
  pageSize: 'explorer.pageSize',
  requestTimeoutSeconds: 'explorer.requestTimeoutSeconds',
} as const;

/** Settings that point at endpoints or credentials: workspace values are ignored in untrusted workspaces. */
const endpointSettings = new Set<string>([
  SettingKey.method,
  SettingKey.clientId,
  SettingKey.certificatePath,
  SettingKey.cloud,
  SettingKey.authorityHost,
  SettingKey.graphBaseUrl,
  SettingKey.tenants,
]);

/** Reads `entra.<key>`; in untrusted workspaces endpoint settings come from user settings only. */
export function read<T>(key: string, fallback: T): T {
  const config = vscode.workspace.getConfiguration('entra');
  if (!vscode.workspace.isTrusted && endpointSettings.has(key)) {
    const inspected = config.inspect<T>(key);
    return inspected?.globalValue ?? inspected?.defaultValue ?? fallback;
  }
  return config.get<T>(key, fallback);
}

export interface ExplorerSettings {
  readonly method: SignInMethod;
  readonly cloud: Cloud;
  readonly cloudName: CloudName;
  readonly clientId: string;
  readonly certificatePath: string;
  readonly tenants: readonly string[];
  readonly pageSize: number;
  /** Per Graph request, each retry its own (1–600 s). */
  readonly requestTimeoutSeconds: number;
}

export function readSettings(): ExplorerSettings {
  const methodValue = read<string>(SettingKey.method, 'vscode');
  const method = (signInMethods as readonly string[]).includes(methodValue) ? (methodValue as SignInMethod) : 'vscode';
  const cloudValue = read<string>(SettingKey.cloud, 'AzureCloud');
  const cloudName: CloudName = isCloudName(cloudValue) ? cloudValue : 'AzureCloud';
  const cloud = getCloud(
    cloudName,
    {
      authorityHost: read<string>(SettingKey.authorityHost, ''),
      graphBaseUrl: read<string>(SettingKey.graphBaseUrl, ''),
    },
    vscode.l10n,
  );
  const tenants = read<unknown>(SettingKey.tenants, []);
  return {
    method,
    cloud,
    cloudName,
    clientId: read<string>(SettingKey.clientId, '').trim(),
    certificatePath: read<string>(SettingKey.certificatePath, '').trim(),
    tenants: Array.isArray(tenants)
      ? tenants.filter((t): t is string => typeof t === 'string' && t.trim() !== '').map((t) => t.trim())
      : [],
    pageSize: read<number>(SettingKey.pageSize, 200),
    requestTimeoutSeconds: clampTimeout(read<unknown>(SettingKey.requestTimeoutSeconds, defaultRequestTimeoutSeconds)),
  };
}

function clampTimeout(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value)
    ? Math.min(600, Math.max(1, value))
    : defaultRequestTimeoutSeconds;
}

export function affectsExplorer(e: vscode.ConfigurationChangeEvent): boolean {
  return [...endpointSettings, SettingKey.pageSize, SettingKey.requestTimeoutSeconds].some((k) =>
    e.affectsConfiguration(`entra.${k}`),
  );
}
