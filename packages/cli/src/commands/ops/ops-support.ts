import { cliKinds } from '../../context/flux-kinds.js';

/** JetStream's code for a stream that does not exist. */
const streamNotFoundCode = 10059;

/**
 * The kind a person means (`ks`, `gitrepository`, `GitRepository`), spelled as the controllers
 * put it into subjects and log fields; unknown words are kept as typed.
 */
export function canonicalKind(word: string): string {
  const lower = word.toLowerCase();
  const found = cliKinds.find(
    (entry) =>
      entry.kind.toLowerCase() === lower ||
      entry.aliases.includes(lower) ||
      (entry.words.length === 1 && entry.words[0] === lower),
  );
  return found?.kind ?? word;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function isStreamNotFound(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  return error.name === 'StreamNotFoundError' || code === streamNotFoundCode;
}
