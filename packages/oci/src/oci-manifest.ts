import { z } from 'zod';
import { OciManifestError } from './oci-errors.js';

export const ManifestMediaType = {
  OciManifest: 'application/vnd.oci.image.manifest.v1+json',
  OciIndex: 'application/vnd.oci.image.index.v1+json',
  DockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  DockerManifestList: 'application/vnd.docker.distribution.manifest.list.v2+json',
} as const;
export type ManifestMediaType = (typeof ManifestMediaType)[keyof typeof ManifestMediaType];

/** Every manifest type the client asks for, in the `Accept` header. */
export const manifestAccept = Object.values(ManifestMediaType).join(', ');

const digestSchema = z.string().regex(/^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/);

export const OciDescriptorSchema = z.object({
  mediaType: z.string(),
  digest: digestSchema,
  size: z.number().int().nonnegative(),
  annotations: z.record(z.string(), z.string()).optional(),
  artifactType: z.string().optional(),
});
export type OciDescriptor = z.infer<typeof OciDescriptorSchema>;

export const OciImageManifestSchema = z.object({
  schemaVersion: z.literal(2),
  mediaType: z.string().optional(),
  artifactType: z.string().optional(),
  config: OciDescriptorSchema,
  layers: z.array(OciDescriptorSchema),
  annotations: z.record(z.string(), z.string()).optional(),
});
export type OciImageManifest = z.infer<typeof OciImageManifestSchema>;

export const OciIndexSchema = z.object({
  schemaVersion: z.literal(2),
  mediaType: z.string().optional(),
  manifests: z.array(OciDescriptorSchema),
  annotations: z.record(z.string(), z.string()).optional(),
});
export type OciIndex = z.infer<typeof OciIndexSchema>;

export type ParsedManifest =
  | { readonly kind: 'image'; readonly manifest: OciImageManifest }
  | { readonly kind: 'index'; readonly manifest: OciIndex };

const indexTypes = new Set<string>([ManifestMediaType.OciIndex, ManifestMediaType.DockerManifestList]);

/** Parses a manifest body; the media type comes from the body, else from the response's `Content-Type`. */
export function parseManifest(body: Buffer, contentType: string | undefined, subject: string): ParsedManifest {
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch (err) {
    throw new OciManifestError(subject, 'the manifest is not valid JSON', { cause: err });
  }
  const declared = (json as { mediaType?: unknown } | null)?.mediaType;
  const mediaType = typeof declared === 'string' ? declared : contentType?.split(';')[0].trim();
  const isIndex =
    (mediaType !== undefined && indexTypes.has(mediaType)) ||
    (json as { manifests?: unknown })?.manifests !== undefined;
  const result = isIndex ? OciIndexSchema.safeParse(json) : OciImageManifestSchema.safeParse(json);
  if (!result.success) {
    throw new OciManifestError(subject, `unsupported manifest: ${z.prettifyError(result.error)}`);
  }
  return isIndex
    ? { kind: 'index', manifest: result.data as OciIndex }
    : { kind: 'image', manifest: result.data as OciImageManifest };
}
