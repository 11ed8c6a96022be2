// Token analysis: extraction, decoding, explanation and signature verification. No vscode import.
export * from './extract';
export * from './decode';
export * from './analyze';
export * from './catalog';
export * from './time';
export {
  explainHeader,
  explainPayloadClaim,
  knownHeaderParams,
  knownPayloadClaims,
  knownAmrMethods,
  describeAmrMethod,
} from './claims';
export * from './verify';
