/**
 * Characters that take one terminal column for every version of the string-width package yargs
 * and its help layout use (7 and 8, checked one by one in test/text-width.test.ts): printable
 * ASCII, Latin-1 without the soft hyphen and the copyright and registered signs (7 counts those
 * as emoji), the dashes, quotes, bullets and ellipsis of General Punctuation, and the four simple
 * arrows. Our help texts use nothing else.
 */
const ONE_COLUMN = /^[\x20-\x7E\xA0-\xA8\xAA-\xAC\xAF-\xFF\u2010-\u2027\u2190-\u2193]*$/;

/**
 * The width of `text` in terminal columns when every character in it takes exactly one, else
 * undefined. The bundled CLI answers yargs' width questions with this first (build.mjs): the
 * string-width package creates an `Intl.Segmenter` when it loads, and loading ICU's segmentation
 * data for that costs about as much as the rest of yargs together, for help texts that are ASCII.
 */
export function oneColumnWidth(text: string): number | undefined {
  return ONE_COLUMN.test(text) ? text.length : undefined;
}
