import type { PolicyImage, PolicyName } from './setter-types.js';

/** The text every file with a marker contains; files without it are not parsed (as Flux screens them). */
export const markerToken = '"$imagepolicy"';

/** Which part of the selected image a marker writes. */
export const MarkerField = {
  Image: 'image',
  Tag: 'tag',
  Name: 'name',
  Digest: 'digest',
} as const;
export type MarkerField = (typeof MarkerField)[keyof typeof MarkerField];

/** A parsed `# {"$imagepolicy": "<namespace>:<policy>[:tag|:name|:digest]"}` comment. */
export interface ImagePolicyMarker {
  /** The setter as written, e.g. `apps:podinfo:tag`. */
  setter: string;
  policy: PolicyName;
  field: MarkerField;
}

const fieldSuffixes: Readonly<Record<string, MarkerField>> = {
  tag: MarkerField.Tag,
  name: MarkerField.Name,
  digest: MarkerField.Digest,
};

/**
 * Parses a YAML comment (with its leading `#`) as an image policy marker. Like kyaml, any number of leading `#` and
 * any JSON spacing are accepted, and the rest must be a JSON object of strings with a `$imagepolicy` key; anything
 * else is not a marker and yields undefined.
 */
export function parseMarker(comment: string): ImagePolicyMarker | undefined {
  const setter = setterOf(comment.replace(/^#+/, ''));
  if (setter === undefined) return undefined;
  const parts = setter.split(':');
  if (parts.length < 2 || parts.length > 3 || parts.some((part) => !/^\S+$/.test(part))) return undefined;
  const [namespace, name, suffix] = parts;
  const field = suffix === undefined ? MarkerField.Image : fieldSuffixes[suffix];
  if (field === undefined) return undefined;
  return { setter, policy: { namespace, name }, field };
}

function setterOf(json: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
  const values = Object.values(parsed);
  if (!values.every((value) => typeof value === 'string' || value === null)) return undefined;
  const setter = (parsed as Record<string, unknown>).$imagepolicy;
  return typeof setter === 'string' && setter !== '' ? setter : undefined;
}

/**
 * The value a marker writes for the policy's image, as Flux's setters do: the full reference is `name:tag`, or
 * `name:tag@digest` when the policy reflects a digest; `:tag` is the tag alone, `:name` the name, `:digest` the
 * digest. Undefined when a `:digest` marker has no digest to write: Flux defines no digest setter then, so the
 * value is left as it is.
 */
export function markerValue(field: MarkerField, image: PolicyImage): string | undefined {
  switch (field) {
    case MarkerField.Image:
      return image.digest ? `${image.name}:${image.tag}@${image.digest}` : `${image.name}:${image.tag}`;
    case MarkerField.Tag:
      return image.tag;
    case MarkerField.Name:
      return image.name;
    case MarkerField.Digest:
      return image.digest || undefined;
  }
}
