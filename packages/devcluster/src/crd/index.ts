export { defaultAndPrune } from './default-and-prune.js';
export { establishCrd } from './establish.js';
export {
  type FieldError,
  FieldErrorType,
  formatFieldError,
} from './field-error.js';
export { InvalidObjectError, invalidObjectMessage, qualifiedKind } from './invalid-object.js';
export { unknownFieldPaths } from './prune.js';
export { resourceTypesFromCrd } from './resource-types.js';
export { crdFieldErrors, validateCrd } from './validate-crd.js';
export { validateCustomObject } from './validate-custom-object.js';
