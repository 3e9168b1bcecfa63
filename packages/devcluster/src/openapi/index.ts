export { contentHash } from './content-hash.js';
export { groupVersionPath } from './naming.js';
export { openApiV2 } from './v2-document.js';
export { openApiV3GroupVersion } from './v3-document.js';
export { openApiV3Index } from './v3-index.js';
