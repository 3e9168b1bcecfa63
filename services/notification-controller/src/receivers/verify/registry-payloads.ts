import { z } from 'zod';
import { parseJsonBody } from './json-body.js';
import { reconcile, type WebhookInput, type WebhookVerdict } from './verdict.js';

// These senders do not sign their deliveries; as in Flux, the secret webhook path is the only
// authentication, and the body must look like the sender's push payload.

/** Docker Hub push: Flux reads `push_data.tag` and `repository.repo_url`. */
const DockerHubPayloadSchema = z.object({
  push_data: z.object({ tag: z.string() }),
  repository: z.object({ repo_url: z.string() }),
});

/** Quay "Repository Push" notification: Flux reads `docker_url` and `updated_tags`. */
const QuayPayloadSchema = z.object({
  docker_url: z.string(),
  updated_tags: z.array(z.string()),
});

/**
 * Azure Container Registry event: Flux reads `action`, `target.repository` and `target.tag`. A push
 * by digest carries no tag, so the tag may be absent.
 */
const AcrPayloadSchema = z.object({
  action: z.string(),
  target: z.object({ repository: z.string(), tag: z.string().optional() }),
});

export function verifyDockerHub(input: WebhookInput): WebhookVerdict {
  const payload = parseJsonBody(DockerHubPayloadSchema, input.body, 'Docker Hub push payload');
  return payload.ok ? reconcile() : payload.verdict;
}

export function verifyQuay(input: WebhookInput): WebhookVerdict {
  const payload = parseJsonBody(QuayPayloadSchema, input.body, 'Quay repository push payload');
  return payload.ok ? reconcile() : payload.verdict;
}

export function verifyAcr(input: WebhookInput): WebhookVerdict {
  const payload = parseJsonBody(AcrPayloadSchema, input.body, 'Azure Container Registry event');
  return payload.ok ? reconcile() : payload.verdict;
}
