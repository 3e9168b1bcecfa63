export {
  createImageAutomationController,
  type ImageAutomationController,
  type ImageAutomationControllerOptions,
} from './app.js';
