import {
  Algorithms,
  createAccount,
  createOperator,
  createUser,
  encodeAccount,
  encodeOperator,
  encodeUser,
  fmtCreds,
} from '@nats-io/jwt';

export interface OperatorSetup {
  /** nats-server config text: operator, system account and memory resolver with the account preloaded. */
  config: string;
  /** Contents of a `.creds` file for a user of the account. */
  creds: Uint8Array;
}

/** Decentralized-auth setup: an operator, a JetStream-enabled account and a user, all generated here. */
export async function makeOperatorSetup(): Promise<OperatorSetup> {
  const operator = createOperator();
  const account = createAccount();
  const system = createAccount();
  const user = createUser();
  const opts = { algorithm: Algorithms.v2 };
  const operatorJwt = await encodeOperator('driftless-test', operator, { system_account: system.getPublicKey() }, opts);
  const accountJwt = await encodeAccount(
    'DRIFTLESS',
    account,
    {
      limits: {
        subs: -1,
        data: -1,
        payload: -1,
        imports: -1,
        exports: -1,
        wildcards: true,
        conn: -1,
        leaf: -1,
        mem_storage: -1,
        disk_storage: -1,
        streams: -1,
        consumer: -1,
      },
    },
    { ...opts, signer: operator },
  );
  const systemJwt = await encodeAccount('SYS', system, {}, { ...opts, signer: operator });
  const userJwt = await encodeUser('driftless-controller', user, account, {}, opts);
  const config = [
    `operator: ${operatorJwt}`,
    `system_account: ${system.getPublicKey()}`,
    'resolver: MEMORY',
    'resolver_preload: {',
    `  ${account.getPublicKey()}: ${accountJwt}`,
    `  ${system.getPublicKey()}: ${systemJwt}`,
    '}',
  ].join('\n');
  return { config, creds: fmtCreds(userJwt, user) };
}
