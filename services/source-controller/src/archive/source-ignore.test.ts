import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sourceIgnoreFilter } from './source-ignore.js';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function tree(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'source-ignore-'));
  dirs.push(dir);
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), content);
  }
  return dir;
}

async function excluded(files: Record<string, string>, specIgnore?: string): Promise<string[]> {
  const dir = await tree(files);
  const filter = await sourceIgnoreFilter(dir, specIgnore);
  return Object.keys(files)
    .filter((path) => {
      const parts = path.split('/');
      return parts.some((_, i) => filter(parts.slice(0, i + 1).join('/'), i < parts.length - 1));
    })
    .sort();
}

describe('sourceIgnoreFilter', () => {
  it('leaves out VCS files and Flux default exclusions when nothing else is set', async () => {
    expect(
      await excluded({
        'app/deploy.yaml': '',
        '.gitignore': '',
        'logo.png': '',
        'docs/shot.jpg': '',
        '.github/workflows/ci.yaml': '',
        'nested/.sops.yaml': '',
        'bundle.tar.gz': '',
      }),
    ).toEqual([
      '.github/workflows/ci.yaml',
      '.gitignore',
      'bundle.tar.gz',
      'docs/shot.jpg',
      'logo.png',
      'nested/.sops.yaml',
    ]);
  });

  it('replaces the defaults with spec.ignore, which may re-include with !', async () => {
    expect(
      await excluded(
        { 'app/deploy.yaml': '', 'app/secret.yaml': '', 'logo.png': '', '.gitmodules': '' },
        '/app/*\n!/app/deploy.yaml\n# c\n',
      ),
    ).toEqual(['.gitmodules', 'app/secret.yaml']);
  });

  it('scopes a nested .sourceignore to its directory and applies spec.ignore after it', async () => {
    expect(
      await excluded(
        {
          'base/.sourceignore': '*.md\n',
          'base/readme.md': '',
          'base/kustomization.yaml': '',
          'other/readme.md': '',
          'other/notes.txt': '',
        },
        'notes.txt',
      ),
    ).toEqual(['other/notes.txt', 'base/readme.md'].sort());
  });

  it('reads the root .sourceignore with directory-only patterns', async () => {
    expect(
      await excluded({ '.sourceignore': 'tests/\n', 'tests/a.yaml': '', 'app/tests': '', 'app/x.yaml': '' }),
    ).toEqual(['tests/a.yaml']);
  });
});
