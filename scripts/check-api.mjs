#!/usr/bin/env node
/**
 * The declaration-file check (issue #12), run after `npm run build`:
 *
 * 1. No internal type reaches a published declaration file: every `dist/*.d.ts` and `dist/*.d.cts`
 *    is scanned for compiled internals (`Compiled…`, `Glob`, `ContextMap`, `ArnPattern`,
 *    `PrincipalMatcher`, `StatementIndex`, `ResolvedPrincipal`), zod types (`Zod…`, `z.`, an import
 *    of `zod`) and mutable `Map`s.
 * 2. The public API does not change unnoticed: for each entry point of package.json `exports`, the
 *    exported names with their kinds and declarations (comments dropped, whitespace collapsed) are
 *    written to a normalized report and compared with the committed `api/iam-verdict.api.md`.
 *    A deliberate change is recorded with `npm run check:api -- --update`.
 *
 * Exits 1 with the offending lines when either check fails.
 */
import { existsSync, readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const DIST = join(ROOT, 'dist');
const REPORT = join(ROOT, 'api/iam-verdict.api.md');
const update = process.argv.includes('--update');

/** Names and patterns that must not appear in any published declaration file. */
const FORBIDDEN = [
  { what: 'a compiled internal (Compiled…)', re: /\bCompiled[A-Z]\w*/ },
  { what: 'the compiled wildcard pattern Glob', re: /\bGlob\b/ },
  { what: 'the internal context map ContextMap', re: /\bContextMap\b/ },
  { what: 'a compiled matcher', re: /\b(ArnPattern|PrincipalMatcher|StatementIndex|StatementList|ResourceMatcher)\b/ },
  { what: 'a resolved principal (holds compiled policies)', re: /\bResolvedPrincipal\b/ },
  { what: 'a zod type', re: /\bZod[A-Z]\w*|\bz\.[a-z$]|from ['"]zod['"]/ },
  { what: 'a mutable Map (use ReadonlyMap)', re: /(?<![\w.])Map<|\bnew Map\b/ },
];

if (!existsSync(DIST)) {
  console.error('check:api: dist/ is missing; run `npm run build` first');
  process.exit(1);
}

const problems = [];
const declarationFiles = readdirSync(DIST).filter((f) => f.endsWith('.d.ts') || f.endsWith('.d.cts'));
for (const file of declarationFiles) {
  const lines = readFileSync(join(DIST, file), 'utf8').split('\n');
  lines.forEach((line, i) => {
    const code = line.replace(/\/\/.*$|^\s*\*.*$|\/\*\*.*?\*\//g, ''); // doc comments may mention anything
    for (const { what, re } of FORBIDDEN) {
      if (re.test(code)) problems.push(`dist/${file}:${i + 1}: ${what}: ${line.trim()}`);
    }
  });
}

/** The ESM declaration file of each public entry point, from package.json `exports`. */
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const entries = Object.entries(pkg.exports)
  .filter(([, target]) => typeof target === 'object' && target.import?.types)
  .map(([subpath, target]) => ({
    name: subpath === '.' ? pkg.name : `${pkg.name}/${subpath.slice(2)}`,
    file: join(ROOT, target.import.types),
  }));

const program = ts.createProgram(
  entries.map((e) => e.file),
  {
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    types: [],
  },
);
const checker = program.getTypeChecker();
const printer = ts.createPrinter({ removeComments: true, newLine: ts.NewLineKind.LineFeed });

/** One declaration as text: comments removed, whitespace collapsed. */
function declarationText(node) {
  const text = printer.printNode(ts.EmitHint.Unspecified, node, node.getSourceFile());
  return text
    .replace(/\s+/g, ' ')
    .replace(/^(export )?declare /, '')
    .trim();
}

/** A class declaration without its `private` members (and `#private` fields). */
function withoutPrivateMembers(node) {
  const isPrivate = (m) =>
    (m.name && ts.isPrivateIdentifier(m.name)) ||
    (ts.canHaveModifiers(m) && (ts.getModifiers(m) ?? []).some((x) => x.kind === ts.SyntaxKind.PrivateKeyword));
  return ts.factory.updateClassDeclaration(
    node,
    ts.getModifiers(node),
    node.name,
    node.typeParameters,
    node.heritageClauses,
    node.members.filter((m) => !isPrivate(m)),
  );
}

/** The kind and declaration of an exported symbol. */
function describe(symbol) {
  const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
  const decls = target.declarations ?? [];
  return decls.map((d) => {
    if (ts.isVariableDeclaration(d)) {
      const type = checker.typeToString(
        checker.getTypeOfSymbolAtLocation(target, d),
        undefined,
        ts.TypeFormatFlags.NoTruncation,
      );
      return `const ${symbol.name}: ${type}`;
    }
    if (
      ts.isFunctionDeclaration(d) ||
      ts.isInterfaceDeclaration(d) ||
      ts.isTypeAliasDeclaration(d) ||
      ts.isClassDeclaration(d) ||
      ts.isModuleDeclaration(d)
    ) {
      // Declarations are renamed by the bundler (`type X as Y`); print them under their exported name.
      // A class's private members are not API: they are left out, so that refactoring them needs no update.
      const text = declarationText(ts.isClassDeclaration(d) ? withoutPrivateMembers(d) : d);
      const own = target.name;
      return own === symbol.name ? text : text.replace(new RegExp(`\\b${own}\\b`), symbol.name);
    }
    return `${ts.SyntaxKind[d.kind]} ${symbol.name}`;
  });
}

const report = [
  '# iam-verdict public API',
  '',
  'Generated by `npm run check:api -- --update` from the built declaration files: every export of every',
  'entry point, comments dropped. `npm run check:api` fails when the build differs from this file.',
  '',
];
for (const entry of entries) {
  const source = program.getSourceFile(entry.file);
  if (!source) {
    problems.push(`${entry.file}: declaration file missing`);
    continue;
  }
  const moduleSymbol = checker.getSymbolAtLocation(source);
  const exports = moduleSymbol ? checker.getExportsOfModule(moduleSymbol) : [];
  report.push(`## ${entry.name}`, '', '```ts');
  for (const symbol of [...exports].sort((a, b) => a.name.localeCompare(b.name))) {
    for (const line of describe(symbol)) report.push(line);
  }
  report.push('```', '');
}
const text = `${report.join('\n')}`;

if (update) {
  mkdirSync(dirname(REPORT), { recursive: true });
  writeFileSync(REPORT, text);
  console.log(`check:api: wrote ${REPORT.slice(ROOT.length + 1)}`);
} else if (!existsSync(REPORT)) {
  problems.push('api/iam-verdict.api.md is missing: run `npm run check:api -- --update` and commit it');
} else {
  const committed = readFileSync(REPORT, 'utf8').split('\n');
  const built = text.split('\n');
  const gone = committed.filter((l) => !built.includes(l));
  const added = built.filter((l) => !committed.includes(l));
  if (gone.length > 0 || added.length > 0) {
    problems.push(
      'the public API differs from api/iam-verdict.api.md (record a deliberate change with `npm run check:api -- --update`):',
      ...gone.map((l) => `  - ${l}`),
      ...added.map((l) => `  + ${l}`),
    );
  }
}

if (problems.length > 0) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log(
  `check:api: ${declarationFiles.length} declaration files clean; ${entries.length} entry points match api/iam-verdict.api.md`,
);
