import { isIP } from 'node:net';
import { createRegistryClient, OciRequestError, type RegistryClient } from '@driftless/oci';
import { registryApiHost } from './image-name.js';
import type { ImageName, RegistryAccess } from './scan-types.js';

export interface RegistrySessionOptions {
  /** Tags asked for per page of the tag list. */
  tagPageSize: number;
  userAgent: string;
}

export function defaultRegistrySessionOptions(): RegistrySessionOptions {
  return { tagPageSize: 1000, userAgent: 'driftless-image-automation-controller' };
}

const privateRanges: readonly (readonly [number, number])[] = [
  [0x0a000000, 0xff000000], // 10.0.0.0/8
  [0xac100000, 0xfff00000], // 172.16.0.0/12
  [0xc0a80000, 0xffff0000], // 192.168.0.0/16
];

function hostWithoutPort(registry: string): string {
  if (registry.startsWith('[')) return registry.slice(1, registry.indexOf(']'));
  return registry.split(':')[0];
}

function isPrivateIpv4(host: string): boolean {
  if (isIP(host) !== 4) return false;
  const value = host.split('.').reduce((acc, octet) => acc * 256 + Number(octet), 0);
  return privateRanges.some(([network, mask]) => (value & mask) >>> 0 === network);
}

/**
 * Registries go-containerregistry (and so Flux) also tries over plain HTTP when HTTPS fails: localhost,
 * loopback and RFC 1918 addresses.
 */
export function isLocalRegistry(registry: string): boolean {
  const host = hostWithoutPort(registry).toLowerCase();
  return (
    host === 'localhost' || host.endsWith('.localhost') || host === '127.0.0.1' || host === '::1' || isPrivateIpv4(host)
  );
}

const plainHttpAnswerCodes = new Set(['EPROTO', 'ERR_SSL_WRONG_VERSION_NUMBER', 'ERR_SSL_PACKET_LENGTH_TOO_LONG']);

/** The TLS handshake got a non-TLS answer: the server speaks plain HTTP. */
function answeredPlainHttp(error: unknown): boolean {
  if (!(error instanceof OciRequestError) || error.status !== undefined) return false;
  const code = (error.cause as NodeJS.ErrnoException | undefined)?.code;
  return code !== undefined && plainHttpAnswerCodes.has(code);
}

function clientFor(name: ImageName, access: RegistryAccess, insecure: boolean, options: RegistrySessionOptions) {
  return createRegistryClient(registryApiHost(name), {
    insecure,
    credentials: access.credentials,
    caCert: access.caCert,
    signal: access.signal,
    tagPageSize: options.tagPageSize,
    userAgent: options.userAgent,
  });
}

/**
 * Runs `use` with a client for the image's registry: HTTPS unless `access.insecure`; a local registry that
 * answers HTTPS with plain HTTP is retried over HTTP, as Flux does. Certificate errors are never retried.
 */
export async function withRegistryClient<T>(
  name: ImageName,
  access: RegistryAccess,
  use: (client: RegistryClient) => Promise<T>,
  options: Partial<RegistrySessionOptions> = {},
): Promise<T> {
  const opts = { ...defaultRegistrySessionOptions(), ...options };
  try {
    return await use(clientFor(name, access, access.insecure, opts));
  } catch (error) {
    if (access.insecure || !isLocalRegistry(name.registry) || !answeredPlainHttp(error)) throw error;
    return use(clientFor(name, access, true, opts));
  }
}
