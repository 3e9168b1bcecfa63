import type { FluxEvent } from '@driftless/api';
import { z } from 'zod';

const rfc3339 = () => z.iso.datetime({ offset: true });
const nonEmpty = () => z.string().min(1);

/** Latest artifact of a source; value in the artifacts bucket. */
export const artifactSchema = z.object({
  kind: nonEmpty().describe('Source kind, e.g. GitRepository'),
  namespace: nonEmpty(),
  name: nonEmpty(),
  revision: nonEmpty().describe('Flux revision, e.g. main@sha1:<40 hex>'),
  digest: z
    .string()
    .regex(/^sha256:[0-9a-f]{64}$/, 'expected sha256:<64 lowercase hex>')
    .describe('Digest of the artifact tarball'),
  url: z.url().describe('Where appliers download the artifact'),
  size: z.number().int().nonnegative().describe('Size in bytes'),
  lastUpdateTime: rfc3339(),
});
export type Artifact = z.infer<typeof artifactSchema>;

const involvedObjectSchema = z.object({
  kind: nonEmpty(),
  namespace: nonEmpty(),
  name: nonEmpty(),
  apiVersion: z.string().optional(),
  uid: z.string().optional(),
  resourceVersion: z.string().optional(),
});

/** Flux's event JSON (fluxcd/pkg/apis/event), the payload of the events stream. */
export const fluxEventSchema = z.object({
  involvedObject: involvedObjectSchema,
  severity: z.enum(['trace', 'info', 'error']),
  timestamp: rfc3339(),
  message: z.string(),
  reason: nonEmpty(),
  metadata: z.record(z.string(), z.string()).optional(),
  reportingController: nonEmpty(),
  reportingInstance: z.string().optional(),
}) satisfies z.ZodType<FluxEvent>;

/** Payload of a reconcile-now request; `requestedAt` mirrors the `reconcile.fluxcd.io/requestedAt` annotation value. */
export const reconcileRequestSchema = z.object({
  requestedAt: nonEmpty(),
  requestedBy: z.string().optional().describe('Who asked, e.g. a Receiver or the CLI'),
});
export type ReconcileRequest = z.infer<typeof reconcileRequestSchema>;

/** Latest image selected by an ImagePolicy; value in the images bucket. */
export const imageSelectionSchema = z.object({
  namespace: nonEmpty(),
  name: nonEmpty().describe('ImagePolicy name'),
  image: nonEmpty().describe('Image repository, e.g. ghcr.io/org/app'),
  tag: nonEmpty(),
  digest: z
    .string()
    .regex(/^sha256:[0-9a-f]{64}$/)
    .optional(),
  latestImage: nonEmpty().describe('<image>:<tag>, as in the ImagePolicy status'),
  lastUpdateTime: rfc3339(),
});
export type ImageSelection = z.infer<typeof imageSelectionSchema>;

/** The tags an ImageRepository's last scan found; value in the image-tags bucket, so a restart needs no rescan. */
export const imageTagsSchema = z.object({
  namespace: nonEmpty(),
  name: nonEmpty().describe('ImageRepository name'),
  image: nonEmpty().describe('Canonical image name, e.g. docker.io/library/nginx'),
  revision: nonEmpty().describe('sha256 of the tag list'),
  scanTime: rfc3339(),
  tags: z.array(z.string()),
});
export type ImageTags = z.infer<typeof imageTagsSchema>;

/** Readiness of an object after a reconcile; value in the status bucket. */
export const readinessSchema = z.object({
  ready: z.boolean(),
  reason: z.string(),
  message: z.string(),
  revision: z.string().optional().describe('Last applied or produced revision'),
  observedGeneration: z.number().int(),
});
export type Readiness = z.infer<typeof readinessSchema>;

/** An event a Provider never accepted, kept in the dead-letter stream for people to inspect or replay. */
export const deadLetterSchema = z.object({
  event: fluxEventSchema,
  provider: z.object({ namespace: nonEmpty(), name: nonEmpty(), type: nonEmpty() }),
  alert: z.object({ namespace: nonEmpty(), name: nonEmpty() }),
  error: z.string().describe('Why the last attempt failed (never holds secrets)'),
  attempts: z.number().int().positive(),
  failedAt: rfc3339(),
  eventSequence: z.number().int().nonnegative().describe('Sequence of the event in the events stream'),
});
export type DeadLetter = z.infer<typeof deadLetterSchema>;
