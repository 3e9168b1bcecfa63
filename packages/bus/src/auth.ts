import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import {
  type Authenticator,
  credsAuthenticator,
  nkeyAuthenticator,
  tokenAuthenticator,
  usernamePasswordAuthenticator,
} from '@nats-io/transport-node';
import { BusConnectionError } from './errors.js';
import { AuthType, type BusAuth } from './options.js';

/**
 * Builds the authenticator for `auth`. Key files are read on every (re)connect so that rotated
 * credentials (a re-mounted Kubernetes Secret) are picked up; they are checked once up front so that
 * a missing file fails the first connect with a clear message.
 */
export async function buildAuthenticator(auth: BusAuth): Promise<Authenticator | undefined> {
  switch (auth.type) {
    case AuthType.None:
      return undefined;
    case AuthType.UserPassword:
      return usernamePasswordAuthenticator(auth.user, auth.password);
    case AuthType.Token:
      return tokenAuthenticator(auth.token);
    case AuthType.NKey: {
      await checkReadable(auth.seedFile, 'NKey seed');
      return nkeyAuthenticator(() => new TextEncoder().encode(readFileSync(auth.seedFile, 'utf8').trim()));
    }
    case AuthType.Creds: {
      await checkReadable(auth.credsFile, 'credentials');
      return credsAuthenticator(() => new Uint8Array(readFileSync(auth.credsFile)));
    }
  }
}

async function checkReadable(file: string, what: string): Promise<void> {
  try {
    await readFile(file);
  } catch (err) {
    throw new BusConnectionError(`cannot read the NATS ${what} file ${file}`, { cause: err });
  }
}
