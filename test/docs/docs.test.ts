/**
 * The documentation cannot rot: every ```ts block of README.md and docs/*.md, and of the `@example`
 * tags in src/, is type-checked and run against the library's source, and
 * `console.log(x); // => text` lines must print `text`.
 * Every ```json block must be valid JSON. A block fenced as ```ts skip is illustrative code that
 * cannot run on its own (it reads the reader's files, or is a test file of the reader's project).
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli } from '../cli/helpers.js';
import { extractExamples, extractSnippets, instrument, type Snippet } from './snippets.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ENTRY = join(ROOT, 'src/index.js'); // resolved to src/index.ts by vite and by TypeScript
const OUT = join(ROOT, '.vitest-cache/doc-snippets');

const files = [
  'README.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];
const sources = readdirSync(join(ROOT, 'src'), { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.ts'))
  .map((f) => `src/${f.split('\\').join('/')}`)
  .sort();
const examples = sources.flatMap((f) => extractExamples(readFileSync(join(ROOT, f), 'utf8'), f));
const snippets = [...files.flatMap((f) => extractSnippets(readFileSync(join(ROOT, f), 'utf8'), f)), ...examples];

/** The public entry points: each one's doc comment has an `@example` that runs. */
const ENTRY_POINTS = [
  'parsePolicy',
  'evaluate',
  'compilePolicySet',
  'createAuthorizer',
  'evaluateScenario',
  'validateWorld',
  'assumeRole',
  'assumeRoleWithWebIdentity',
  'assumeRoleWithSAML',
  'getFederationToken',
  'getSessionToken',
  'serviceRoleCredentials',
  'instanceProfileCredentials',
  'lambdaExecutionCredentials',
  'authenticate',
  'fromCloudFormation',
  'fromTerraformPlan',
  'fromAuthorizationDetails',
  'importWorld',
  'mergeWorlds',
  'runTestSuite',
  'parseTestSuite',
  'formatSuiteTable',
  'describeDecision',
  'installMatchers',
];
const code = snippets.filter((s) => (s.lang === 'ts' || s.lang === 'typescript') && !s.flags.includes('skip'));
const json = snippets.filter((s) => s.lang === 'json');

const fileOf = (s: Snippet) => join(OUT, `${s.file.replace(/[^\w]/g, '_')}_${s.line}.ts`);

beforeAll(() => {
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  for (const s of code) writeFileSync(fileOf(s), instrument(s.code, ENTRY));
});

afterAll(() => {
  rmSync(OUT, { recursive: true, force: true });
});

describe('documentation snippets', () => {
  it('README.md and the guide have TypeScript snippets to check', () => {
    expect(code.filter((s) => s.file === 'README.md').length).toBeGreaterThanOrEqual(1);
    expect(code.filter((s) => s.file === 'docs/guide.md').length).toBeGreaterThanOrEqual(6);
  });

  it('every public entry point has an @example in its TSDoc', () => {
    const missing = ENTRY_POINTS.filter((name) => {
      const declared = new RegExp(`/\\*\\*((?:(?!\\*/)[\\s\\S])*)\\*/\\s*export (?:async )?function ${name}\\b`);
      const comment = sources
        .map((f) => declared.exec(readFileSync(join(ROOT, f), 'utf8'))?.[1])
        .find((c) => c !== undefined);
      return !comment?.includes('@example') || !comment.includes('```ts');
    });
    expect(missing).toEqual([]);
    expect(examples.length).toBeGreaterThanOrEqual(ENTRY_POINTS.length);
  });

  it('every TypeScript snippet type-checks (strict, as the library)', () => {
    const config = ts.readConfigFile(join(ROOT, 'tsconfig.json'), (p) => ts.sys.readFile(p));
    const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT);
    const program = ts.createProgram(code.map(fileOf), { ...parsed.options, noEmit: true, noUnusedLocals: false });
    // Only the snippets' own diagnostics: src/ is type-checked by `tsc --noEmit` already, and asking
    // for every file's diagnostics would check it a second time.
    const problems = program
      .getSourceFiles()
      .filter((f) => f.fileName.startsWith(OUT))
      .flatMap((f) => [...program.getSyntacticDiagnostics(f), ...program.getSemanticDiagnostics(f)])
      .map((d) => {
        const at = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : undefined;
        const s = code.find((x) => fileOf(x) === d.file?.fileName);
        return `${s?.file}:${(s?.line ?? 0) + (at?.line ?? 0)}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
      });
    expect(problems).toEqual([]);
  }, 120_000);

  for (const s of code) {
    it(`${s.file}:${s.line} runs`, async () => {
      const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
      try {
        await import(fileOf(s));
      } finally {
        log.mockRestore();
      }
    });
  }

  it('the output README.md shows for npm start is what npm start prints', async () => {
    const shown = snippets.find((s) => s.file === 'README.md' && s.flags.includes('npm-start'));
    const script = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } })
      .scripts.start;
    const args = /node dist\/cli\.js (.+)$/.exec(script)?.[1]?.split(' ');
    expect(shown).toBeDefined();
    expect(args).toBeDefined();
    const run = await runCli(args ?? []);
    expect(run.code).toBe(0);
    const lines = (shown?.code ?? '').split('\n').filter((l) => l.trim() !== '…');
    expect(run.stdout.split('\n').slice(0, lines.length)).toEqual(lines);
  });

  for (const s of json) {
    it(`${s.file}:${s.line} is JSON`, () => {
      expect(() => JSON.parse(s.code)).not.toThrow();
    });
  }
});
