// The one rule every string crossing the HTTP boundary follows. PostgreSQL refuses NUL in text (the request then
// failed with a 500), and a UTF-16 surrogate without its pair cannot be encoded as UTF-8 (drivers silently store
// U+FFFD instead): both are refused at the edge, with the field named, like any other invalid value. The bound
// keeps a single field from costing more than the whole body is worth.
import { z } from 'zod';

/** NUL, or a surrogate code unit standing alone (with the u flag a well-formed pair reads as one code point). */
const UNSAFE_TEXT = /[\0\p{Cs}]/u;

export const SAFE_TEXT_MESSAGE = 'texte invalide : caractère nul ou mal encodé';

export function isSafeText(value: string): boolean {
  return !UNSAFE_TEXT.test(value);
}

/** The check itself, for string formats (URL, ...) that are not built with safeText(). */
export const SAFE_TEXT = z.refine<string>(isSafeText, { message: SAFE_TEXT_MESSAGE });

/** A string of at most `max` UTF-16 units, with no NUL and no unpaired surrogate; chain .trim(), .min() as usual. */
export function safeText(max: number) {
  return z.string().max(max).check(SAFE_TEXT);
}
