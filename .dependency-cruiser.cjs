/**
 * The layers of iam-verdict (issue #10): types / json / catalog → policy / lint → match → condition →
 * evaluate → model → sts / import / managed → testing / audit / analysis → parallel → cli. A module may import from its own layer and the layers before it,
 * never from a later one. `npm run lint:deps` checks it (and `npm test` runs that first).
 */
const LAYERS = [
  ['types', 'json', 'catalog'],
  ['policy', 'lint'],
  ['match'],
  ['condition'],
  ['evaluate'],
  ['model'],
  ['sts', 'import', 'managed'],
  ['testing', 'audit', 'analysis'],
  ['parallel'],
  ['cli'],
];

const forbidden = LAYERS.slice(0, -1).map((layer, i) => {
  const later = LAYERS.slice(i + 1).flat();
  return {
    name: `no-upward-import-from-${layer.join('-')}`,
    comment: `src/${layer.join(', src/')} may not import from a later layer (${later.join(', ')})`,
    severity: 'error',
    from: { path: `^src/(${layer.join('|')})/` },
    to: { path: `^src/(${later.join('|')})/` },
  };
});

module.exports = {
  forbidden: [
    ...forbidden,
    {
      name: 'no-circular',
      comment: 'Modules may not depend on each other in a circle.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true, viaOnly: { pathNot: '^src/(index|vitest)\\.ts$' } },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^(node_modules|dist)/' },
  },
};
