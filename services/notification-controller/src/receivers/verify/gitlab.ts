import { filterEvent, headerValue } from './headers.js';
import { secretMatches } from './hmac.js';
import { reconcile, reject, type WebhookInput, type WebhookVerdict } from './verdict.js';

/** `gitlab`: GitLab sends the webhook's secret token verbatim in `X-Gitlab-Token`. */
export function verifyGitlab(input: WebhookInput): WebhookVerdict {
  const presented = headerValue(input.headers, 'x-gitlab-token');
  if (presented === undefined) return reject(401, 'the X-Gitlab-Token header is missing');
  if (!secretMatches(presented, input.token)) {
    return reject(401, 'the X-Gitlab-Token header does not match the Receiver token');
  }
  return filterEvent('GitLab', headerValue(input.headers, 'x-gitlab-event'), input.events) ?? reconcile();
}
