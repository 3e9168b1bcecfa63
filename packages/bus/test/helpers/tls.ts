import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface TestPki {
  caFile: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
}

/** A throwaway CA with a server certificate for 127.0.0.1 (SAN) and a client certificate, made with openssl. */
export async function makePki(dir: string, name = 'ca'): Promise<TestPki> {
  const f = (file: string) => join(dir, `${name}-${file}`);
  const openssl = (...args: string[]) => run('openssl', args, { cwd: dir });
  await openssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '2',
    '-subj',
    `/CN=driftless test ${name}`,
    '-keyout',
    f('ca.key'),
    '-out',
    f('ca.pem'),
  );
  const issue = async (cn: string, base: string, ext: string) => {
    await openssl(
      'req',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-subj',
      `/CN=${cn}`,
      '-keyout',
      f(`${base}.key`),
      '-out',
      f(`${base}.csr`),
    );
    await run('sh', ['-c', `printf '%s\\n' "${ext}" > ${f(`${base}.ext`)}`]);
    await openssl(
      'x509',
      '-req',
      '-in',
      f(`${base}.csr`),
      '-CA',
      f('ca.pem'),
      '-CAkey',
      f('ca.key'),
      '-CAcreateserial',
      '-days',
      '2',
      '-extfile',
      f(`${base}.ext`),
      '-out',
      f(`${base}.pem`),
    );
  };
  await issue('127.0.0.1', 'server', 'subjectAltName=IP:127.0.0.1,DNS:localhost');
  await issue('driftless-client', 'client', 'extendedKeyUsage=clientAuth');
  return {
    caFile: f('ca.pem'),
    serverCert: f('server.pem'),
    serverKey: f('server.key'),
    clientCert: f('client.pem'),
    clientKey: f('client.key'),
  };
}
