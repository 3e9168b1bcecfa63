import type { Bus } from './connect.js';
import { MessageKind } from './hooks.js';
import { deleteValue, putValue } from './kv-bucket.js';
import { type BusWatch, watchBucket } from './kv-watch.js';
import { type ImageSelection, imageSelectionSchema } from './messages.js';
import { BucketName, type ImagePolicyRef, imageKey, imageKeyFilter, parseImageKey } from './subjects.js';

/** Stores the image an ImagePolicy selected under `<namespace>.<imagepolicy>`; returns the KV revision. */
export function putImage(bus: Bus, selection: ImageSelection): Promise<number> {
  return putValue(bus, BucketName.Images, MessageKind.Image, imageSelectionSchema, imageKey(selection), selection);
}

/** Removes the selection of a deleted ImagePolicy (watchers see a delete). */
export function deleteImage(bus: Bus, policy: ImagePolicyRef): Promise<void> {
  return deleteValue(bus, BucketName.Images, imageKey(policy));
}

/** Watches selected images (optionally of some policies only): current values first, then updates. */
export function watchImages(
  bus: Bus,
  filter: Partial<ImagePolicyRef> = {},
): Promise<BusWatch<ImagePolicyRef, ImageSelection>> {
  return watchBucket(bus, {
    bucket: BucketName.Images,
    kind: MessageKind.Image,
    schema: imageSelectionSchema,
    keyFilter: imageKeyFilter(filter),
    parseKey: parseImageKey,
    mismatch: (key, value) =>
      key.namespace === value.namespace && key.name === value.name
        ? undefined
        : 'image selection namespace/name do not match its key',
  });
}
