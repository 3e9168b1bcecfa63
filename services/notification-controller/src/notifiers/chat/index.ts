import type { Notifier } from '../notifier.js';
import { discordNotifier } from './discord.js';
import { googlechatNotifier } from './googlechat.js';
import { larkNotifier } from './lark.js';
import { matrixNotifier } from './matrix.js';
import { msteamsNotifier } from './msteams.js';
import { rocketNotifier } from './rocket.js';
import { slackNotifier } from './slack.js';
import { telegramNotifier } from './telegram.js';
import { webexNotifier } from './webex.js';
import { zulipNotifier } from './zulip.js';

/** Notifiers that post a message to a chat service. */
export const chatNotifiers: readonly Notifier[] = [
  slackNotifier,
  msteamsNotifier,
  discordNotifier,
  rocketNotifier,
  googlechatNotifier,
  webexNotifier,
  telegramNotifier,
  larkNotifier,
  matrixNotifier,
  zulipNotifier,
];
