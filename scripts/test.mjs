/**
 * `npm test`: the static checks (regex lint, type check, layer rules) run side by side with the
 * test files, so the whole command stays under a minute on a 2-core machine. Each check's output is
 * printed when it ends; the exit code is non-zero when any of them fails.
 */
import { spawn } from 'node:child_process';

const bin = (name) => `node_modules/.bin/${name}`;
const checks = [
  ['lint:regex', bin('eslint'), ['--quiet', '--no-config-lookup', '--config', 'eslint.regex.config.js', 'src']],
  ['typecheck', bin('tsc'), ['--noEmit']],
  ['lint:deps', bin('depcruise'), ['src', '--config', '.dependency-cruiser.cjs']],
];

function run(name, command, args, inherit) {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      stdio: inherit ? 'inherit' : ['ignore', 'pipe', 'pipe'],
      shell: process.platform === 'win32',
    });
    let out = '';
    child.stdout?.on('data', (d) => (out += d));
    child.stderr?.on('data', (d) => (out += d));
    child.on('error', (e) => resolve({ name, code: 1, out: String(e) }));
    child.on('close', (code) => {
      if (!inherit) process.stdout.write(`\n[${name}] ${code === 0 ? 'passed' : 'FAILED'}\n${code === 0 ? '' : out}`);
      resolve({ name, code: code ?? 1, out });
    });
  });
}

const results = await Promise.all([
  ...checks.map(([name, command, args]) => run(name, command, args, false)),
  run('vitest', bin('vitest'), ['run'], true),
]);
const failed = results.filter((r) => r.code !== 0).map((r) => r.name);
if (failed.length > 0) {
  console.error(`\nnpm test: failed: ${failed.join(', ')}`);
  process.exit(1);
}
console.log('\nnpm test: lint:regex, typecheck, lint:deps and the test files passed');
