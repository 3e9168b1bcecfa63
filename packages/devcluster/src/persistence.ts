import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ObjectStore } from './store.js';

const fileName = 'objects.json';

/** Loads the objects a previous run saved in `dataDir`; false when there were none. */
export function restoreStore(store: ObjectStore, dataDir: string): boolean {
  const file = join(dataDir, fileName);
  if (!existsSync(file)) return false;
  store.restore(JSON.parse(readFileSync(file, 'utf8')));
  return true;
}

/**
 * Saves every object to `dataDir` shortly after each change (one write per burst), via a temp
 * file and rename so a crash never leaves a half-written file. Returns a function that flushes
 * and stops saving.
 */
export function persistStore(store: ObjectStore, dataDir: string, delayMs = 200): () => void {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, fileName);
  let timer: NodeJS.Timeout | undefined;
  const save = () => {
    timer = undefined;
    const temp = `${file}.tmp`;
    writeFileSync(temp, JSON.stringify(store.snapshot()));
    renameSync(temp, file);
  };
  const unsubscribe = store.subscribeAll(() => {
    timer ??= setTimeout(save, delayMs);
  });
  return () => {
    unsubscribe();
    if (timer) {
      clearTimeout(timer);
      save();
    }
  };
}
