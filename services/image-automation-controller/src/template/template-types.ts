import type { FileChanges } from '../setters/setter-types.js';

/** What a commit messageTemplate sees (Flux's TemplateData). */
export interface CommitTemplateInput {
  automation: { namespace: string; name: string };
  changes: FileChanges[];
  /** `spec.git.commit.messageTemplateValues`. */
  values: Record<string, string>;
}

/** A messageTemplate that does not parse or does not execute; the message says where. */
export class TemplateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateError';
  }
}
