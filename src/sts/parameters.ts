/**
 * AssumeRole parameters (spec §6.2). They live in the model layer (`authorize` checks them), so
 * that the model never imports the STS layer above it; this module keeps the STS-side name.
 */
export * from '../model/assume-role-parameters.js';
