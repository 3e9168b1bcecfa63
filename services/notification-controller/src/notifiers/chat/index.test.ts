import { describe, expect, it } from 'vitest';
import { chatNotifiers } from './index.js';

describe('chatNotifiers', () => {
  it('holds one notifier for each chat type', () => {
    expect(chatNotifiers.map((notifier) => notifier.type).sort()).toEqual([
      'discord',
      'googlechat',
      'lark',
      'matrix',
      'msteams',
      'rocket',
      'slack',
      'telegram',
      'webex',
      'zulip',
    ]);
  });
});
