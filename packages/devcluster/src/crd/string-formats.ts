/**
 * The string formats CRD schemas may use (the rest are ignored, as the API server strips them),
 * checked leniently: the shape, not every corner of go-openapi's parsers.
 */

const ipv4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

function isIpv6(value: string): boolean {
  if (!/^[0-9a-fA-F:.]+$/.test(value) || !value.includes(':')) return false;
  const [head, ...rest] = value.split('::');
  if (rest.length > 1) return false;
  const groups = (part: string) => (part === '' ? [] : part.split(':'));
  const all = [...groups(head), ...groups(rest[0] ?? '')];
  const last = all[all.length - 1] ?? '';
  const embedsIpv4 = last.includes('.');
  if (embedsIpv4 && !ipv4.test(last)) return false;
  const hextets = embedsIpv4 ? all.slice(0, -1) : all;
  if (!hextets.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g))) return false;
  const width = hextets.length + (embedsIpv4 ? 2 : 0);
  return rest.length === 1 ? width < 8 : width === 8;
}

function isCidr(value: string): boolean {
  const [ip, bits, ...extra] = value.split('/');
  if (extra.length || bits === undefined || !/^\d{1,3}$/.test(bits)) return false;
  if (ipv4.test(ip)) return Number(bits) <= 32;
  return isIpv6(ip) && Number(bits) <= 128;
}

function isUri(value: string): boolean {
  if (value.startsWith('/')) return true;
  try {
    return Boolean(new URL(value).protocol);
  } catch {
    return false;
  }
}

const uuid = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

const checks: Record<string, (value: string) => boolean> = {
  bsonobjectid: (v) => /^[0-9a-f]{24}$/i.test(v),
  uri: isUri,
  email: (v) => /^[^@\s]+@[^@\s]+$/.test(v),
  hostname: (v) =>
    v.length <= 255 &&
    /^([a-zA-Z0-9]([-a-zA-Z0-9]{0,61}[a-zA-Z0-9])?)(\.[a-zA-Z0-9]([-a-zA-Z0-9]{0,61}[a-zA-Z0-9])?)*\.?$/.test(v),
  ipv4: (v) => ipv4.test(v),
  ipv6: isIpv6,
  cidr: isCidr,
  mac: (v) => /^([0-9a-f]{2}[:-]){5}[0-9a-f]{2}$/i.test(v) || /^([0-9a-f]{4}\.){2}[0-9a-f]{4}$/i.test(v),
  uuid: (v) => uuid.test(v),
  uuid3: (v) => /^[0-9a-f]{8}-?[0-9a-f]{4}-?3[0-9a-f]{3}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i.test(v),
  uuid4: (v) => /^[0-9a-f]{8}-?[0-9a-f]{4}-?4[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$/i.test(v),
  uuid5: (v) => /^[0-9a-f]{8}-?[0-9a-f]{4}-?5[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$/i.test(v),
  isbn: (v) => /^(\d[- ]?){9}[\dXx]$/.test(v) || /^(\d[- ]?){12}\d$/.test(v),
  isbn10: (v) => /^(\d[- ]?){9}[\dXx]$/.test(v),
  isbn13: (v) => /^(\d[- ]?){12}\d$/.test(v),
  creditcard: (v) => /^\d{12,19}$/.test(v.replace(/\D/g, '')),
  ssn: (v) => /^\d{3}[- ]?\d{2}[- ]?\d{4}$/.test(v),
  hexcolor: (v) => /^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/.test(v),
  rgbcolor: (v) => /^rgb\(\s*\d{1,3}\s*,\s*\d{1,3}\s*,\s*\d{1,3}\s*\)$/.test(v),
  byte: (v) => /^[A-Za-z0-9+/\s]*={0,2}$/.test(v) && v.replace(/\s/g, '').length % 4 === 0,
  password: () => true,
  date: (v) => /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v)),
  duration: (v) =>
    /^[-+]?((\d+(\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h))+$/.test(v) ||
    /^\d+\s*(ns|us|ms|s|m|h|d|w|nanoseconds?|microseconds?|milliseconds?|seconds?|minutes?|hours?|days?|weeks?)$/.test(
      v,
    ),
  datetime: (v) =>
    /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}:?\d{2})?$/.test(v) &&
    !Number.isNaN(Date.parse(v.slice(0, 10))),
};

const normalize = (format: string) => format.replace(/[-_]/g, '').toLowerCase();

/** The schema's format if the API server validates it, undefined if it is ignored. */
export const supportedFormat = (format: string | undefined): string | undefined =>
  format && normalize(format) in checks ? format : undefined;

export const matchesFormat = (format: string, value: string): boolean => checks[normalize(format)]?.(value) ?? true;
