import { filterEvent, firstHeader, mediaType } from './headers.js';
import {
  checkHexHmac,
  type HmacAlgorithm,
  parsePrefixedSignature,
  type SignatureCheck,
  signatureRejection,
} from './hmac.js';
import { ignore, reconcile, reject, type WebhookInput, type WebhookVerdict } from './verdict.js';

/**
 * One header that may carry the body's HMAC: either `<algorithm>=<hex>` (GitHub style) or bare hex
 * of a fixed algorithm (`X-Gitea-Signature`).
 */
export type SignatureHeader =
  | { name: string; format: 'prefixed'; algorithms: readonly HmacAlgorithm[] }
  | { name: string; format: 'bare'; algorithm: HmacAlgorithm };

/** How one GitHub-like sender signs and names its deliveries. */
export interface HubSender {
  /** For messages: "GitHub", "Gitea", "Bitbucket Server". */
  label: string;
  /** Canonical header names, in the order they are preferred; only the first present is checked. */
  signatureHeaders: readonly SignatureHeader[];
  /** Headers naming the event, in the order they are preferred. */
  eventHeaders: readonly string[];
  /** The event a sender uses to test the hook; acknowledged but never reconciled. */
  pingEvent: string;
}

/** go-github's ValidatePayload accepts only these bodies; Flux answers anything else with an error. */
const acceptedMediaTypes: readonly string[] = ['application/json', 'application/x-www-form-urlencoded'];

function checkSignature(header: SignatureHeader, value: string, input: WebhookInput): SignatureCheck | 'unparsed' {
  if (header.format === 'bare') return checkHexHmac(header.algorithm, input.token, input.body, value);
  const signature = parsePrefixedSignature(value, header.algorithms);
  if (signature === undefined) return 'unparsed';
  return checkHexHmac(signature.algorithm, input.token, input.body, signature.hex);
}

/**
 * GitHub-style verification shared by github, gitea and bitbucket (Server): the HMAC of the body
 * first, then the content type, the ping, and the `spec.events` filter.
 */
export function verifyHubDelivery(sender: HubSender, input: WebhookInput): WebhookVerdict {
  const names = sender.signatureHeaders.map((h) => h.name);
  const found = firstHeader(
    input.headers,
    names.map((n) => n.toLowerCase()),
  );
  if (found === undefined) {
    return reject(401, `${sender.label} signature is missing (expected one of ${names.join(', ')})`);
  }
  const header = sender.signatureHeaders.find((h) => h.name.toLowerCase() === found.name)!;
  const check = checkSignature(header, found.value, input);
  if (check === 'unparsed') {
    const algorithms = header.format === 'prefixed' ? header.algorithms.join('|') : '';
    return reject(401, `the ${header.name} header is malformed (expected <${algorithms}>=<hex>)`);
  }
  const rejection = signatureRejection(check, header.name);
  if (rejection !== undefined) return rejection;

  const type = mediaType(input.headers);
  if (!acceptedMediaTypes.includes(type)) {
    return reject(400, `${sender.label} payload has unsupported Content-Type ${JSON.stringify(type)}`);
  }

  const event = firstHeader(
    input.headers,
    sender.eventHeaders.map((n) => n.toLowerCase()),
  )?.value;
  if (event?.toLowerCase() === sender.pingEvent) return ignore(`${sender.label} ${sender.pingEvent} acknowledged`);
  return filterEvent(sender.label, event, input.events) ?? reconcile();
}
