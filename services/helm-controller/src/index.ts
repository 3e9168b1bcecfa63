export { createHelmController, type HelmController, type HelmControllerOptions } from './app.js';
