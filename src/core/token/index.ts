// Token analysis: extraction, decoding, explanation and signature verification. No vscode import.
export * from './extract';
export * from './decode';
export * from './analyze';
export * from './catalog';
export * from './time';
export { explainHeader, explainPayloadClaim, knownHeaderParams, knownPayloadClaims } from './claims';
export { knownAmrMethods, describeAmrMethod, describeClientAuth } from './claimValues';
export * from './verify';
