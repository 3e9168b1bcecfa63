import { goNumber, goQuote, goSyntax } from './go-format.js';

/** The `reason` of a `Status` cause, as `k8s.io/apimachinery/pkg/util/validation/field` names them. */
export const FieldErrorType = {
  NotFound: 'FieldValueNotFound',
  Required: 'FieldValueRequired',
  Duplicate: 'FieldValueDuplicate',
  Invalid: 'FieldValueInvalid',
  NotSupported: 'FieldValueNotSupported',
  Forbidden: 'FieldValueForbidden',
  TooLong: 'FieldValueTooLong',
  TooMany: 'FieldValueTooMany',
  Internal: 'InternalError',
  TypeInvalid: 'FieldValueTypeInvalid',
} as const;
export type FieldErrorType = (typeof FieldErrorType)[keyof typeof FieldErrorType];

/**
 * One validation failure. `message` is the error body the API server puts in the `Status` cause
 * (`Invalid value: "x": must be ...`); `formatFieldError` adds the field in front.
 */
export interface FieldError {
  type: FieldErrorType;
  field: string;
  message: string;
}

const typeText: Record<FieldErrorType, string> = {
  FieldValueNotFound: 'Not found',
  FieldValueRequired: 'Required value',
  FieldValueDuplicate: 'Duplicate value',
  FieldValueInvalid: 'Invalid value',
  FieldValueNotSupported: 'Unsupported value',
  FieldValueForbidden: 'Forbidden',
  FieldValueTooLong: 'Too long',
  FieldValueTooMany: 'Too many',
  InternalError: 'Internal error',
  FieldValueTypeInvalid: 'Invalid value',
};

/** The value marker for errors whose body leaves the bad value out. */
const omitted = Symbol('omitted');

/** A bad value already printed the way Go prints it (for Go structs, which have no JSON form here). */
export class GoLiteral {
  constructor(readonly text: string) {}
}

function valueText(value: unknown): string {
  if (value instanceof GoLiteral) return value.text;
  if (value === null || value === undefined) return goQuote('null');
  if (typeof value === 'string') return goQuote(value);
  if (typeof value === 'number') return goNumber(value);
  if (typeof value === 'boolean') return String(value);
  return goSyntax(value);
}

function fieldError(type: FieldErrorType, field: string, value: unknown, detail: string): FieldError {
  const valueless = type === 'FieldValueRequired' || type === 'FieldValueForbidden' || type === 'FieldValueTooLong';
  let body = typeText[type];
  if (!valueless && type !== 'InternalError' && value !== omitted) body += `: ${valueText(value)}`;
  if (detail) body += `: ${detail}`;
  return { type, field, message: body };
}

/** `field.Path.String()` of an empty path. */
export const rootField = '<nil>';

export const requiredError = (field: string, detail = ''): FieldError =>
  fieldError('FieldValueRequired', field, omitted, detail);

export const forbiddenError = (field: string, detail: string): FieldError =>
  fieldError('FieldValueForbidden', field, omitted, detail);

export const invalidError = (field: string, value: unknown, detail: string): FieldError =>
  fieldError('FieldValueInvalid', field, value, detail);

export const typeInvalidError = (field: string, value: unknown, detail: string): FieldError =>
  fieldError('FieldValueTypeInvalid', field, value, detail);

export const duplicateError = (field: string, value: unknown): FieldError =>
  fieldError('FieldValueDuplicate', field, value, '');

export const notSupportedError = (field: string, value: unknown, validValues: string[]): FieldError =>
  fieldError(
    'FieldValueNotSupported',
    field,
    value,
    validValues.length ? `supported values: ${validValues.map(goQuote).join(', ')}` : '',
  );

export const tooLongError = (field: string, maxLength: number): FieldError =>
  fieldError(
    'FieldValueTooLong',
    field,
    omitted,
    maxLength >= 0 ? `may not be longer than ${maxLength}` : 'value is too long',
  );

export const tooManyError = (field: string, actual: number, max: number): FieldError =>
  fieldError(
    'FieldValueTooMany',
    field,
    actual >= 0 ? actual : omitted,
    max >= 0 ? `must have at most ${max} items` : 'has too many items',
  );

/** `spec.replicas: Invalid value: ...` — the error as it reads in a `Status` message. */
export const formatFieldError = (error: FieldError): string => `${error.field}: ${error.message}`;
