import type { PubAck } from '@nats-io/jetstream';
import type { Bus } from './connect.js';
import { encodeMessage } from './decode.js';
import { PublishError } from './errors.js';
import { MessageDirection, MessageKind } from './hooks.js';
import { type DeadLetter, deadLetterSchema } from './messages.js';
import { deadLetterSubject } from './subjects.js';

/**
 * Stores an event that a Provider never accepted in the dead-letter stream and waits for the ack.
 * The message id makes a repeated call for the same event and Provider a no-op.
 */
export async function publishDeadLetter(bus: Bus, letter: DeadLetter): Promise<{ seq: number }> {
  const subject = deadLetterSubject(bus.prefix, letter.provider);
  const data = encodeMessage(deadLetterSchema, subject, letter);
  let ack: PubAck;
  try {
    ack = await bus.js.publish(subject, data, {
      msgID: `${letter.eventSequence}.${letter.provider.namespace}.${letter.provider.name}.${letter.alert.name}`,
    });
  } catch (err) {
    throw new PublishError(subject, { cause: err });
  }
  bus.onMessage(MessageDirection.Published, MessageKind.DeadLetter);
  return { seq: ack.seq };
}
