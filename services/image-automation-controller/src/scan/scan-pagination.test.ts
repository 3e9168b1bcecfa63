import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type DockerRegistry, pushImageTags, startDockerRegistry } from '@driftless/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseImageName } from './image-name.js';
import { scanTags } from './scan-tags.js';
import { tagListRevision } from './tag-list.js';

/**
 * Debian's registry (distribution 2.8) ignores `?n=` on tag lists, so this front serves the real registry's tags
 * in pages with a `Link: <…?last=…&n=…>; rel="next"` header, as distribution 3, ghcr.io or Docker Hub do.
 */
async function startPagingFront(registry: DockerRegistry): Promise<{ host: string; pages: string[]; server: Server }> {
  const pages: string[] = [];
  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://front');
    const match = url.pathname.match(/^\/v2\/(.+)\/tags\/list$/);
    if (match === null) {
      res.writeHead(404).end();
      return;
    }
    pages.push(url.search);
    const upstream = await fetch(`${registry.url}/v2/${match[1]}/tags/list`);
    const all = ((await upstream.json()) as { tags: string[] }).tags.sort();
    const last = url.searchParams.get('last');
    const size = Number(url.searchParams.get('n') ?? all.length);
    const rest = last === null ? all : all.filter((tag) => tag > last);
    const page = rest.slice(0, size);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (rest.length > size) {
      headers.link = `</v2/${match[1]}/tags/list?last=${encodeURIComponent(page.at(-1) ?? '')}&n=${size}>; rel="next"`;
    }
    res.writeHead(200, headers).end(JSON.stringify({ name: match[1], tags: page }));
  });
  server.listen({ host: '127.0.0.1', port: 0 });
  await once(server, 'listening');
  return { host: `127.0.0.1:${(server.address() as AddressInfo).port}`, pages, server };
}

describe('scanTags over a paginated tag list', () => {
  const tags = Array.from({ length: 12 }, (_, i) => `1.${i}.0`);
  let registry: DockerRegistry;
  let front: Awaited<ReturnType<typeof startPagingFront>>;

  beforeAll(async () => {
    registry = await startDockerRegistry();
    await pushImageTags(registry, 'paged/app', tags);
    front = await startPagingFront(registry);
  });
  afterAll(async () => {
    front?.server.close();
    await registry?.stop();
  });

  it('follows the Link header until the last page', async () => {
    const access = { credentials: {}, insecure: true, signal: AbortSignal.timeout(20_000) };
    const result = await scanTags(parseImageName(`${front.host}/paged/app`), access, [], { tagPageSize: 5 });
    expect(front.pages).toEqual(['?n=5', '?last=1.2.0&n=5', '?last=1.7.0&n=5']);
    expect(result.tags).toEqual([...tags].sort());
    expect(result.revision).toBe(tagListRevision(tags));
    expect(result.latestTags).toEqual([
      '1.9.0',
      '1.8.0',
      '1.7.0',
      '1.6.0',
      '1.5.0',
      '1.4.0',
      '1.3.0',
      '1.2.0',
      '1.11.0',
      '1.10.0',
    ]);
  });
});
