/** The toolkit's version, printed by `hvmpack --version` (kept equal to packages/cli/package.json). */
export const VERSION = '0.1.0';
