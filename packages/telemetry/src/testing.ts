export { memoryLogger } from './memory-logger.js';
