export type { NotificationController, NotificationControllerDeps, NotificationControllerOptions } from './app.js';
export { createNotificationController } from './app.js';
export type { NotificationControllerConfig } from './config.js';
export { notificationControllerConfig } from './config.js';
