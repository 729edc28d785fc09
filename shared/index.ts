// The wire contracts agent and collector share. Nothing here does I/O.
export * from './schema/common.js';
export * from './schema/facts.js';
export * from './schema/finding.js';
export * from './schema/report.js';
export * from './schema/policy.js';
export * from './schema/enroll.js';
export * from './schema/errors.js';
export * from './catalogue/signals.js';
export * from './catalogue/compliance.js';
