// @hvmpack/audit: which host identifiers reach a guest, what a policy says of them, and redaction.
export type { Identifier, IdentifierClass, IdentifierPlace, Policy, PolicyAction, PolicyRule, Reach, Severity, Verdict } from './model.js';
