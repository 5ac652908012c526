/** The condition operators (spec §3.4), defined in the policy layer whose validator needs them too. */
export * from '../policy/condition-operators.js';
