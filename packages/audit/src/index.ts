// @hvmpack/audit: which host identifiers reach a guest, what a policy says of them, and redaction.
export type { Identifier, IdentifierClass, IdentifierPlace, Policy, PolicyAction, PolicyRule, Reach, Severity, Verdict } from './model.js';
export { hmacSha256 } from './redact-hmac.js';
export { Placeholders, significantLength, TEXT_PLACEHOLDER_PREFIX, type PlaceholderShape } from './redact-placeholders.js';
export { chooseIdentifiers, isFillerValue, maskValue, redactAcpiTables, redactSmbiosStructures, type AcpiRedaction, type RedactionChange, type RedactionChoice, type SmbiosRedaction } from './redact.js';
export { redactAcpiSet, redactFile, redactSmbiosBlob, redactSmbiosTable, type ChooseAcpi, type ChooseSmbios, type RedactedAcpi, type RedactedFile, type RedactedSmbios } from './redact-formats.js';
