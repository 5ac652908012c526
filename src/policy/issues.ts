/** Issues as data (moved to the json layer, the lowest, so that every layer can report them). */
export * from '../json/issues.js';
