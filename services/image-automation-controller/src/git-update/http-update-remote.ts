import * as fs from 'node:fs';
import {
  abortError,
  authorizationHeader,
  createGitHttpClient,
  defaultGitHttpClientOptions,
  fetchHttp,
  GitCacheLayout,
  type GitHttpClient,
  type HttpRemote,
  initHttpCache,
  listRefsHttp,
  markFetched,
} from '@driftless/git';
import git, { type HttpClient } from 'isomorphic-git';
import { httpPushError } from './http-push-error.js';
import { withPushOptions } from './receive-pack-options.js';
import type { RefUpdate, UpdateRemote } from './update-remote.js';

/** HTTP(S) remotes: everything through isomorphic-git with @driftless/git's client (CA, abort signal). */
export function httpUpdateRemote(remote: HttpRemote): UpdateRemote {
  return {
    url: remote.url,
    layout: GitCacheLayout.Bare,
    listRefs: () => listRefsHttp(remote),
    init: (gitdir) => initHttpCache(gitdir),
    async fetch(gitdir, branch, hash) {
      await fetchHttp(remote, gitdir, { refs: [`refs/heads/${branch}`], fullHistory: false }, {});
      await markFetched(gitdir, hash);
    },
    push: (gitdir, update, options) => pushHttp(remote, gitdir, update, options),
  };
}

async function pushHttp(
  remote: HttpRemote,
  gitdir: string,
  update: RefUpdate,
  options: readonly string[],
): Promise<void> {
  const client = createGitHttpClient({
    ...defaultGitHttpClientOptions(),
    caCert: remote.credentials.caCert,
    signal: remote.signal,
  });
  const headers = authHeaders(remote);
  try {
    const http =
      options.length > 0 && (await advertisesPushOptions(client, remote, headers))
        ? sendingPushOptions(client, options)
        : client;
    await git.push({
      fs,
      http,
      gitdir,
      url: remote.url.url,
      ref: update.localRef,
      remoteRef: update.remoteRef,
      force: update.force,
      headers,
    });
  } catch (err) {
    if (remote.signal.aborted) throw abortError(remote.signal, remote.url.display);
    throw httpPushError(remote, update.remoteRef, err);
  } finally {
    client.close();
  }
}

/** Push options are sent only to a server that asks for them, as git does. */
async function advertisesPushOptions(
  http: HttpClient,
  remote: HttpRemote,
  headers: Record<string, string>,
): Promise<boolean> {
  const info = await git.getRemoteInfo({ http, url: remote.url.url, headers, forPush: true });
  return info.capabilities.includes('push-options');
}

function sendingPushOptions(client: GitHttpClient, options: readonly string[]): HttpClient {
  return {
    async request(req) {
      if (req.method !== 'POST' || !req.url.endsWith('/git-receive-pack') || req.body === undefined) {
        return client.request(req);
      }
      const parts: Uint8Array[] = [];
      for await (const part of req.body) parts.push(part);
      return client.request({ ...req, body: once(withPushOptions(Buffer.concat(parts), options)) });
    },
  };
}

async function* once(body: Uint8Array): AsyncIterableIterator<Uint8Array> {
  yield body;
}

function authHeaders(remote: HttpRemote): Record<string, string> {
  const header = authorizationHeader(remote.url, remote.credentials);
  return header === undefined ? {} : { Authorization: header };
}
