import * as OpenCC from 'opencc-js';

// Hong Kong and Taiwan variants both map to Mainland Simplified; converting twice is harmless.
const fromHk = OpenCC.Converter({ from: 'hk', to: 'cn' });
const fromTw = OpenCC.Converter({ from: 'twp', to: 'cn' });

/**
 * The form in which two reports of the same thing compare equal: Simplified characters,
 * half-width letters and digits (NFKC), lower case, no whitespace or punctuation.
 */
export function normalise(text: string): string {
  const simplified = fromTw(fromHk(text.normalize('NFKC')));
  return simplified.toLowerCase().replace(/[\p{P}\p{S}\p{Z}\s]+/gu, '');
}

/** Like normalise, but keeps single spaces between runs, for display-friendly search text. */
export function normaliseForSearch(text: string): string {
  const simplified = fromTw(fromHk(text.normalize('NFKC')));
  return simplified.toLowerCase().replace(/[\p{P}\p{S}\p{Z}\s]+/gu, ' ').trim();
}
