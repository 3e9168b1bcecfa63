import type { Bus } from './connect.js';
import { MessageKind } from './hooks.js';
import { deleteValue, getValue, putValue } from './kv-bucket.js';
import { type ImageTags, imageTagsSchema } from './messages.js';
import { BucketName, type ImagePolicyRef, imageKey } from './subjects.js';

/** Stores the tags an ImageRepository's scan found under `<namespace>.<imagerepository>`. */
export function putImageTags(bus: Bus, tags: ImageTags): Promise<number> {
  return putValue(bus, BucketName.ImageTags, MessageKind.ImageTags, imageTagsSchema, imageKey(tags), tags);
}

/** The tags of the last scan of an ImageRepository; undefined when it was never scanned. */
export function getImageTags(bus: Bus, repository: ImagePolicyRef): Promise<ImageTags | undefined> {
  return getValue(bus, BucketName.ImageTags, MessageKind.ImageTags, imageTagsSchema, imageKey(repository));
}

/** Forgets the tags of a deleted ImageRepository. */
export function deleteImageTags(bus: Bus, repository: ImagePolicyRef): Promise<void> {
  return deleteValue(bus, BucketName.ImageTags, imageKey(repository));
}
