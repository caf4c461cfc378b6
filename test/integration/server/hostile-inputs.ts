// Hostile inputs for the route fuzzer, derived from the server's own OpenAPI document so a new route or field is
// fuzzed without anyone listing it: a plausible value for every schema (so one bad field is the only reason to
// refuse a request), and, per schema, values no validator may accept (NUL, unpaired surrogates, over-long text,
// wrong types, out-of-range numbers, unknown enum members).
import fc from 'fast-check';

export type JsonSchema = {
  type?: string | string[];
  format?: string;
  pattern?: string;
  enum?: unknown[];
  const?: unknown;
  nullable?: boolean;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  allOf?: JsonSchema[];
  default?: unknown;
};

const typeOf = (s: JsonSchema): string | undefined => (Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type);
const branches = (s: JsonSchema) => s.oneOf ?? s.anyOf ?? null;

function sampleString(s: JsonSchema, hint: string): string {
  if (s.format === 'email' || /mail/i.test(hint)) return 'fuzz.valide@exemple.fr';
  if (s.format === 'uuid') return '0190b0a0-0000-7000-8000-000000000001';
  if (s.format === 'date-time') return '2025-06-16T10:00:00.000Z';
  if (s.format === 'date' || /^\^\\d\{4\}-/.test(s.pattern ?? '') || /(date|entry|exit|on)$/i.test(hint)) return '2025-07-01';
  if (s.format === 'uri' || /link|url/i.test(hint)) return 'https://exemple.fr/fuzz';
  if (/siret/i.test(hint)) return '73282932000074';
  if (/password/i.test(hint)) return 'Mot-de-passe-fuzz-1';
  const base = 'fuzz';
  return base.length >= (s.minLength ?? 0) ? base.slice(0, s.maxLength ?? base.length) : base.padEnd(s.minLength!, 'z');
}

/** A plausible value for a schema: the fuzzer changes one part of it into something hostile. */
export function sample(s: JsonSchema, hint = ''): unknown {
  if (s.const !== undefined) return s.const;
  if (s.enum) return s.enum[0];
  if (s.default !== undefined) return s.default;
  const options = branches(s);
  if (options?.length) return sample(options[0]!, hint);
  if (s.allOf?.length) return Object.assign({}, ...s.allOf.map((x) => sample(x, hint)));
  switch (typeOf(s)) {
    case 'string':
      return sampleString(s, hint);
    case 'integer':
    case 'number':
      return Math.max(s.minimum ?? 1, Math.min(1, s.maximum ?? 1));
    case 'boolean':
      return false;
    case 'array':
      return Array.from({ length: Math.max(1, s.minItems ?? 0) }, () => sample(s.items ?? {}, hint));
    case 'object':
      return Object.fromEntries(Object.entries(s.properties ?? {}).map(([k, v]) => [k, sample(v, k)]));
    default:
      return s.nullable ? null : 'fuzz';
  }
}

/** Every place in a sample the fuzzer may poison, with the schema that governs it. */
export function places(s: JsonSchema, value: unknown, path: (string | number)[] = []): { path: (string | number)[]; schema: JsonSchema }[] {
  const here = path.length ? [{ path, schema: s }] : [];
  const options = branches(s);
  if (options?.length) {
    // The sample took the first branch: its fields are the ones present.
    return [...here, ...places({ ...options[0]!, nullable: s.nullable ?? options[0]!.nullable }, value, path).filter((p) => p.path.length > path.length)];
  }
  if (typeOf(s) === 'object' && value && typeof value === 'object' && !Array.isArray(value)) {
    return [...here, ...Object.entries(s.properties ?? {}).flatMap(([k, v]) => places(v, (value as Record<string, unknown>)[k], [...path, k]))];
  }
  if (typeOf(s) === 'array' && Array.isArray(value) && value.length) return [...here, ...places(s.items ?? {}, value[0], [...path, 0])];
  return here;
}

const NUL_AND_SURROGATES = ['\u0000', '\ud800', '\udfff', '\udc00\ud800'];

/** Text no string field may accept: a NUL byte or an unpaired surrogate somewhere in otherwise ordinary text. */
export const poisonedText = fc
  .tuple(fc.string({ maxLength: 12 }), fc.constantFrom(...NUL_AND_SURROGATES), fc.string({ maxLength: 12 }))
  .map(([a, bad, b]) => a + bad + b);

/** Values a field with this schema must refuse. Never null unless the schema forbids null. */
export function hostileFor(s: JsonSchema): fc.Arbitrary<unknown> {
  const options: fc.Arbitrary<unknown>[] = [
    fc.constantFrom<unknown>({ $gt: '' }, [[[[[]]]]], JSON.parse('{"__proto__":{"admin":true}}')),
  ];
  if (!s.nullable && !(Array.isArray(s.type) && s.type.includes('null'))) options.push(fc.constant(null));
  const t = branches(s) ? 'union' : typeOf(s);
  if (t !== 'string' && t !== 'union') options.push(poisonedText);
  if (t !== 'number' && t !== 'integer' && t !== 'union') options.push(fc.constantFrom(0, -1, 1e308, 12345));
  if (t !== 'boolean' && t !== 'union') options.push(fc.constant(true));
  switch (t) {
    case 'string':
      options.push(poisonedText);
      if (s.maxLength !== undefined) options.push(fc.integer({ min: s.maxLength + 1, max: s.maxLength + 64 }).map((n) => 'x'.repeat(n)));
      if (s.enum) options.push(fc.constantFrom('PAS_UNE_VALEUR', `${String(s.enum[0])}\u0000`));
      break;
    case 'integer':
    case 'number':
      options.push(fc.constantFrom('1', 'NaN', 1.5e300, -1e300));
      if (t === 'integer') options.push(fc.constant(1.5));
      if (s.minimum !== undefined) options.push(fc.constant(s.minimum - 1));
      if (s.maximum !== undefined && s.maximum < Number.MAX_SAFE_INTEGER) options.push(fc.constant(s.maximum + 1));
      break;
    case 'array':
      options.push(fc.constant('pas un tableau'));
      if (s.maxItems !== undefined && s.maxItems <= 1000) options.push(fc.constant(Array.from({ length: s.maxItems + 1 }, () => sample(s.items ?? {}))));
      break;
    case 'object':
      options.push(fc.constantFrom<unknown>([], 'objet'));
      break;
    case 'union':
      options.push(fc.constantFrom<unknown>([], 'objet', 42));
      break;
  }
  return fc.oneof(...options);
}

/** A path parameter no route may take for an id: NUL, surrogates, broken percent-encoding, or too long. */
export const hostilePathSegment: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('%00', 'of-demo%00', '%00%00', '%ED%A0%80', '%ED%B0%80', '%C0%80', '%FF', '%', '%zz', '%E2%82'),
  fc.integer({ min: 101, max: 600 }).map((n) => 'a'.repeat(n)),
  poisonedText.map((t) => [...t].map((ch) => (ch.length === 1 && ch.charCodeAt(0) >= 0xd800 && ch.charCodeAt(0) <= 0xdfff ? '%ED%A0%80' : encodeURIComponent(ch))).join('')),
);

/** A query value no parameter may take. */
export const hostileQueryValue: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('%00', '%00%00', '%ED%A0%80', '-1', '1e400', 'NaN', '99999999999999999999', '%zz'),
  fc.integer({ min: 201, max: 5000 }).map((n) => 'q'.repeat(n)),
  poisonedText.map((t) => [...t].map((ch) => (ch.length === 1 && ch.charCodeAt(0) >= 0xd800 && ch.charCodeAt(0) <= 0xdfff ? '%ED%A0%80' : encodeURIComponent(ch))).join('')),
);

/** Whole bodies that are not what any route takes. */
export const hostileRawBody: fc.Arbitrary<{ body: string; contentType: string }> = fc.oneof(
  fc.constantFrom('{', '{"a":', 'null', '[]', '"texte"', '1e999', '{"__proto__":{"admin":true}}', '{"constructor":{"prototype":{"admin":true}}}', '\u0000', '{"a":"\\u0000"}')
    .map((body) => ({ body, contentType: 'application/json' })),
  fc.integer({ min: 1000, max: 20_000 }).map((depth) => ({ body: '['.repeat(depth) + ']'.repeat(depth), contentType: 'application/json' })),
  fc.constant({ body: `{"x":"${'y'.repeat(1_100_000)}"}`, contentType: 'application/json' }),
  fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'application/xml').map((contentType) => ({ body: 'a=1&b=%00', contentType })),
);

export function setAt(root: unknown, path: (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  const copy = (Array.isArray(root) ? [...(root as unknown[])] : { ...(root as Record<string, unknown>) }) as Record<string | number, unknown>;
  const [head, ...rest] = path;
  copy[head!] = setAt(copy[head!], rest, value);
  return copy;
}
