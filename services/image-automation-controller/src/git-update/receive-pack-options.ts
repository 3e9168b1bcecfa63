const flush = '0000';

/**
 * Adds git push options to a receive-pack request made by isomorphic-git, which has no support
 * for them: the `push-options` capability on the first command line, and the options as pkt-lines
 * in their own section between the command list and the pack (gitprotocol-pack "push-options").
 */
export function withPushOptions(body: Buffer, options: readonly string[]): Buffer {
  if (options.length === 0) return body;
  const firstLength = pktLength(body, 0);
  const first = body.subarray(4, firstLength);
  if (!first.includes(0)) throw new Error('receive-pack request has no capability list');
  const end = first.at(-1) === 0x0a ? first.length - 1 : first.length;
  const withCapability = Buffer.concat([first.subarray(0, end), Buffer.from(' push-options'), first.subarray(end)]);
  const commandsEnd = endOfCommands(body, firstLength);
  return Buffer.concat([
    pktLine(withCapability),
    body.subarray(firstLength, commandsEnd),
    ...options.map((option) => pktLine(option)),
    Buffer.from(flush, 'latin1'),
    body.subarray(commandsEnd),
  ]);
}

/** Offset just past the flush-pkt that ends the command list. */
function endOfCommands(body: Buffer, from: number): number {
  let offset = from;
  for (;;) {
    if (body.subarray(offset, offset + 4).toString('latin1') === flush) return offset + 4;
    offset += pktLength(body, offset);
  }
}

function pktLength(body: Buffer, offset: number): number {
  const length = Number.parseInt(body.subarray(offset, offset + 4).toString('latin1'), 16);
  if (!Number.isFinite(length) || length < 4 || offset + length > body.length) {
    throw new Error('malformed receive-pack request');
  }
  return length;
}

function pktLine(text: string | Buffer): Buffer {
  const payload = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  return Buffer.concat([Buffer.from((payload.length + 4).toString(16).padStart(4, '0'), 'latin1'), payload]);
}
