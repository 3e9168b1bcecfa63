export { freePort } from './free-port.js';
export type { NatsServer, NatsServerOptions } from './nats-server.js';
export {
  defaultNatsServerOptions,
  NatsServerNotInstalledError,
  NatsServerStartError,
  startNatsServer,
} from './nats-server.js';
