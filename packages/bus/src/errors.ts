/** Base class of every error thrown by @driftless/bus. */
export class BusError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'BusError';
  }
}

/** Connecting to NATS failed (unreachable server, bad credentials, TLS trust failure, unreadable key file). */
export class BusConnectionError extends BusError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'BusConnectionError';
  }
}

/** A message (to send or received) does not match its schema or is not JSON. */
export class MessageValidationError extends BusError {
  readonly subject: string;
  constructor(subject: string, message: string, options?: ErrorOptions) {
    super(`invalid message on ${subject}: ${message}`, options);
    this.name = 'MessageValidationError';
    this.subject = subject;
  }
}

/** A subject token or KV key is empty or cannot be decoded. */
export class InvalidTokenError extends BusError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'InvalidTokenError';
  }
}

/** Creating or updating the events stream or a KV bucket failed. */
export class TopologyError extends BusError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'TopologyError';
  }
}

/** A JetStream publish or KV put was not acknowledged. */
export class PublishError extends BusError {
  readonly subject: string;
  constructor(subject: string, options?: ErrorOptions) {
    const reason = options?.cause instanceof Error ? `: ${options.cause.message}` : '';
    super(`publish to ${subject} failed${reason}`, options);
    this.name = 'PublishError';
    this.subject = subject;
  }
}

/** Reading a KV value failed (not: the value was missing or malformed). */
export class ReadError extends BusError {
  readonly subject: string;
  constructor(subject: string, options?: ErrorOptions) {
    const reason = options?.cause instanceof Error ? `: ${options.cause.message}` : '';
    super(`read of ${subject} failed${reason}`, options);
    this.name = 'ReadError';
    this.subject = subject;
  }
}
