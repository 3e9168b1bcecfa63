export { putArtifact, watchArtifacts } from './artifacts.js';
export type { NatsConfig } from './config.js';
export { busOptionsFromConfig, natsConfig, topologyOptionsFromConfig } from './config.js';
export type { Bus, BusDeps } from './connect.js';
export { connectBus } from './connect.js';
export { publishDeadLetter } from './dead-letters.js';
export { parseMessage } from './decode.js';
export {
  BusConnectionError,
  BusError,
  InvalidTokenError,
  MessageValidationError,
  PublishError,
  ReadError,
  TopologyError,
} from './errors.js';
export type { ConsumeEventsOptions, EventConsumer, EventDelivery, EventHandler } from './event-consumer.js';
export { consumeEvents, defaultConsumeEventsOptions } from './event-consumer.js';
export type { EventOutbox, EventOutboxOptions } from './event-outbox.js';
export { createEventOutbox, defaultEventOutboxOptions } from './event-outbox.js';
export type { EventPublisherOptions, PublishedEvent } from './events.js';
export { createEventPublisher, publishEvent } from './events.js';
export type { MessageHook } from './hooks.js';
export { MessageDirection, MessageKind } from './hooks.js';
export { deleteImageTags, getImageTags, putImageTags } from './image-tags.js';
export { deleteImage, putImage, watchImages } from './images.js';
export type { KvMirror, MirrorListener } from './kv-mirror.js';
export { createKvMirror } from './kv-mirror.js';
export type { BusWatch, WatchEvent } from './kv-watch.js';
export { WatchEventType } from './kv-watch.js';
export type { BusLogger } from './logger.js';
export type { Artifact, DeadLetter, ImageSelection, ImageTags, Readiness, ReconcileRequest } from './messages.js';
export {
  artifactSchema,
  deadLetterSchema,
  fluxEventSchema,
  imageSelectionSchema,
  imageTagsSchema,
  readinessSchema,
  reconcileRequestSchema,
} from './messages.js';
export type { BusAuth, BusOptions, BusTlsOptions } from './options.js';
export { AuthType, defaultBusOptions } from './options.js';
export type { ReconcileRequestHandler, ReconcileSubscription, SubscribeReconcileOptions } from './reconcile.js';
export { requestReconcile, subscribeReconcileRequests } from './reconcile.js';
export { getStatus, putStatus, readinessOf, statusPublisher, watchStatus } from './status.js';
export type { EventSubjectParts, ImagePolicyRef, ObjectRef } from './subjects.js';
export {
  BucketName,
  bucketName,
  deadLetterSubject,
  deadLettersStreamName,
  deadLettersStreamSubject,
  decodeToken,
  encodeToken,
  eventFilterSubject,
  eventSubject,
  eventsStreamName,
  eventsStreamSubject,
  imageKey,
  imageKeyFilter,
  objectKey,
  objectKeyFilter,
  parseEventSubject,
  parseImageKey,
  parseObjectKey,
  parseReconcileSubject,
  reconcileFilterSubject,
  reconcileSubject,
  validatePrefix,
} from './subjects.js';
export type { TopologyOptions, TopologyResult } from './topology.js';
export { defaultTopologyOptions, ensureTopology, TopologyAction } from './topology.js';
