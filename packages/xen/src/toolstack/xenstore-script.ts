// A POSIX sh script of xenstore-write calls, for toolstacks that do not use libxl: the domid is
// its only argument, every value passes through a single-quoted word unexpanded.
import { escapeXenstoreValue, DOMID_FIRST_RESERVED, type XenstoreEntry } from './xenstore.js';

/** Quotes a string as one POSIX sh word: single quotes, each `'` written as `'\''`. */
export function shQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

function writeCall(entries: readonly XenstoreEntry[]): string[] {
  // One call per group: xenstore-write writes all its pairs in one transaction. `--` because
  // getopt would take a value starting with `-` for an option.
  const lines = ['"${XENSTORE_WRITE:-xenstore-write}" -- \\'];
  entries.forEach((e, i) => {
    lines.push(`  "$d"/${shQuote(e.path)} ${shQuote(escapeXenstoreValue(e.value))}${i + 1 < entries.length ? ' \\' : ''}`);
  });
  return lines;
}

/**
 * The script: `sh xenstore.sh DOMID` writes every key under `/local/domain/DOMID/` with the
 * real `xenstore-write` (or `$XENSTORE_WRITE`, e.g. `echo` for a dry run). Values are escaped for
 * xenstore-write's own unescaping (no `-R`, which older clients lack). Proposal keys go in a
 * second call under a comment saying stock hvmloader ignores them.
 */
export function xenstoreScript(entries: readonly XenstoreEntry[], title = 'xenstore keys for an HVM guest\'s hvmloader'): string {
  const stock = entries.filter((e) => e.reader !== 'proposal');
  const proposals = entries.filter((e) => e.reader === 'proposal');
  const lines = [
    '#!/bin/sh',
    `# hvmpack: ${title.replace(/\n/g, ' ')}.`,
    '# Usage: sh xenstore.sh DOMID   (after `xl create -p`, before `xl unpause`: hvmloader reads',
    '# these keys when the guest starts). XENSTORE_WRITE=echo prints the call instead.',
    'set -eu',
    'if [ "$#" -ne 1 ]; then echo "usage: $0 DOMID" >&2; exit 2; fi',
    'case $1 in',
    `  ''|*[!0-9]*|??????*) echo "$0: DOMID must be a number below ${DOMID_FIRST_RESERVED}" >&2; exit 2 ;;`,
    'esac',
    `if [ "$1" -ge ${DOMID_FIRST_RESERVED} ]; then echo "$0: DOMID must be a number below ${DOMID_FIRST_RESERVED}" >&2; exit 2; fi`,
    'd=/local/domain/$1',
  ];
  if (stock.length > 0) lines.push(...writeCall(stock));
  if (proposals.length > 0) {
    lines.push('# hvmpack proposals (docs/toolstack.md): no stock hvmloader reads these keys.');
    lines.push(...writeCall(proposals));
  }
  return lines.join('\n') + '\n';
}
