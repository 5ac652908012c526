/** The request principal (defined in the match layer, whose principal matching reads it). */
export * from '../match/request-principal.js';
