import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { notificationControllerMain, spawnService } from './harness.js';

describe('notification-controller process', () => {
  it('refuses an invalid environment with exit status 2 and names the variable', async () => {
    const { child, output } = spawnService(notificationControllerMain, {
      NATS_URL: 'nats://127.0.0.1:4222',
      EVENT_CONCURRENCY: '0',
    });
    const [code] = await once(child, 'exit');
    expect(code).toBe(2);
    expect(output()).toContain('EVENT_CONCURRENCY');
  });
});
