import { ImageReason } from '@driftless/api';
import { OciAuthenticationError, OciError, OciRequestError } from '@driftless/oci';
import { ImageNameError } from './image-name.js';
import { RegistryAccessError } from './registry-access.js';
import { ExclusionListError } from './tag-list.js';

/** Reasons an ImageRepository scan fails with; Flux reports every failure of the scan itself as ReadOperationFailed. */
export const ScanReason = {
  ImageURLInvalid: ImageReason.ImageURLInvalid,
  AuthenticationFailed: ImageReason.AuthenticationFailed,
  ReadOperationFailed: ImageReason.ReadOperationFailed,
} as const;
export type ScanReason = (typeof ScanReason)[keyof typeof ScanReason];

export interface ScanFailure {
  reason: ScanReason;
  message: string;
}

const networkProblems: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset by peer',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'no route to host',
  ENETUNREACH: 'network is unreachable',
  ENOTFOUND: 'no such host',
  EAI_AGAIN: 'temporary failure in name resolution',
  EPROTO: 'the registry does not answer HTTPS (set spec.insecure for a plain-HTTP registry)',
  ERR_SSL_WRONG_VERSION_NUMBER: 'the registry does not answer HTTPS (set spec.insecure for a plain-HTTP registry)',
};

const untrustedCertificateCodes = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
]);

const scanFailed = (detail: string) => `scan failed: ${detail}`;

/** `GET https://user:pw@host/v2/…` → `host` (never the user info). */
function hostOf(requestUrl: string): string | undefined {
  try {
    return new URL(requestUrl.split(' ').pop() ?? '').host;
  } catch {
    return undefined;
  }
}

function withoutUserInfo(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/)[^/@\s]*@/gi, '$1');
}

/** A connection-level failure (no HTTP answer) in words a user can act on. */
function describeConnectionError(error: OciRequestError): string | undefined {
  const cause = error.cause as (NodeJS.ErrnoException & { code?: string }) | undefined;
  const code = cause?.code;
  const host = hostOf(error.url) ?? 'the registry';
  if (code !== undefined && networkProblems[code] !== undefined) return `${host}: ${networkProblems[code]}`;
  if (code !== undefined && untrustedCertificateCodes.has(code)) {
    return `${host}: TLS certificate signed by an unknown authority (${cause?.message}); put its CA as ca.crt in the Secret of spec.certSecretRef`;
  }
  if (code === 'ABORT_ERR' || error.message.endsWith('request aborted')) {
    return `${host}: the request was aborted (spec.timeout reached or the controller is stopping)`;
  }
  return undefined;
}

function describe(error: unknown): ScanFailure {
  if (error instanceof ImageNameError) return { reason: ScanReason.ImageURLInvalid, message: error.message };
  if (error instanceof RegistryAccessError) return { reason: ScanReason.AuthenticationFailed, message: error.message };
  if (error instanceof OciAuthenticationError) {
    return { reason: ScanReason.AuthenticationFailed, message: scanFailed(error.message) };
  }
  if (error instanceof OciRequestError && error.status === undefined) {
    const detail = describeConnectionError(error) ?? error.message;
    return { reason: ScanReason.ReadOperationFailed, message: scanFailed(detail) };
  }
  if (error instanceof ExclusionListError || error instanceof OciError) {
    return { reason: ScanReason.ReadOperationFailed, message: scanFailed(error.message) };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { reason: ScanReason.ReadOperationFailed, message: scanFailed(message) };
}

/**
 * Maps an error of `parseImageName`, `readRegistryAccess`, `scanTags` or `resolveTagDigest` to the Ready
 * condition's reason and message. Bad names stall (ImageURLInvalid); Secrets and rejected credentials give
 * AuthenticationFailed; everything else ReadOperationFailed, retried.
 */
export function scanFailure(error: unknown): ScanFailure {
  const failure = describe(error);
  return { reason: failure.reason, message: withoutUserInfo(failure.message) };
}
