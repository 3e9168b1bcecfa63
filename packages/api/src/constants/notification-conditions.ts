/** Condition reasons notification-controller uses. */
export const NotificationReason = {
  Initialized: 'Initialized',
  ValidationFailed: 'ValidationFailed',
  TokenNotFound: 'TokenNotFound',
} as const;
export type NotificationReason = (typeof NotificationReason)[keyof typeof NotificationReason];
