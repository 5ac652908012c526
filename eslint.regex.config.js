// CI check for super-linear regular expressions (issue #11): `npm run lint:regex`.
// Only the two rules that find catastrophic backtracking are enabled; style is not checked here.
import tsParser from '@typescript-eslint/parser';
import regexp from 'eslint-plugin-regexp';

export default [
  {
    files: ['src/**/*.ts'],
    languageOptions: { parser: tsParser },
    plugins: { regexp },
    linterOptions: { noInlineConfig: true },
    rules: {
      'regexp/no-super-linear-backtracking': 'error',
      'regexp/no-super-linear-move': 'error',
    },
  },
];
