import { once } from 'node:events';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface WebhookSink {
  /** `http://127.0.0.1:<port>/alerts`, the address of the example Provider. */
  url: string;
  stop(): Promise<void>;
}

interface ReceivedEvent {
  severity?: string;
  reason?: string;
  message?: string;
  involvedObject?: { kind?: string; namespace?: string; name?: string };
}

const maxBody = 1024 * 1024;

async function readBody(request: IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of request) {
    body += chunk;
    if (body.length > maxBody) throw new Error('body too large');
  }
  return body;
}

export function describeAlert(event: ReceivedEvent): string {
  const object = event.involvedObject ?? {};
  const message = (event.message ?? '').trim().replaceAll('\n', '; ');
  return `${event.severity ?? 'info'} ${object.kind}/${object.namespace}/${object.name} ${event.reason ?? ''}: ${message}`;
}

/** A local endpoint for the example `generic` Provider: it prints every alert it receives. */
export async function startWebhookSink(print: (event: ReceivedEvent) => void): Promise<WebhookSink> {
  const server = createServer((request, response) => {
    readBody(request).then(
      (body) => {
        try {
          print(JSON.parse(body) as ReceivedEvent);
          response.writeHead(200).end();
        } catch {
          response.writeHead(400).end('expected a JSON event\n');
        }
      },
      () => response.writeHead(413).end(),
    );
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/alerts`,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
