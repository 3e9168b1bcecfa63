export type { EventuallyOptions } from './eventually.js';
export { defaultEventuallyOptions, eventually } from './eventually.js';
export { freePort } from './free-port.js';
export type { NatsServer, NatsServerOptions } from './nats-server.js';
export {
  defaultNatsServerOptions,
  NatsServerNotInstalledError,
  NatsServerStartError,
  startNatsServer,
} from './nats-server.js';
