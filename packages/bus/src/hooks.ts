export const MessageDirection = { Published: 'published', Received: 'received', Dropped: 'dropped' } as const;
export type MessageDirection = (typeof MessageDirection)[keyof typeof MessageDirection];

export const MessageKind = {
  Event: 'event',
  Artifact: 'artifact',
  Status: 'status',
  Image: 'image',
  ImageTags: 'image-tags',
  Reconcile: 'reconcile',
  DeadLetter: 'dead-letter',
} as const;
export type MessageKind = (typeof MessageKind)[keyof typeof MessageKind];

/** Called once per message the bus helpers publish, receive, or drop as malformed (for telemetry counters). */
export type MessageHook = (direction: MessageDirection, kind: MessageKind) => void;
