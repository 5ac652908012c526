/**
 * `iam-verdict eval <file…>` (alias `explain`): decides the requests of estate files, scenarios
 * or lists of scenarios, and prints each decision with its explanation (or JSON with `--json`).
 */
import {
  createAuthorizer,
  type Authorizer,
  type AuthorizationRequest,
  type Decision,
  type WorldInput,
} from '../../index.js';
import { keyValues, parseCommandArgs } from '../args.js';
import { colours, wantsColour } from '../colour.js';
import { EXIT, InputError, UsageError } from '../errors.js';
import { expandInputs, fileAccess, FILE_OPTIONS_HELP, readInput } from '../files.js';
import type { Io } from '../io.js';
import { inline } from '../terminal.js';
import { formatIssues, parseJsonInput, prefixIssues } from '../json-input.js';
import { caseMet, paintDecision, renderBrief, renderCase, renderTable, type RenderedCase } from '../render.js';
import { bundledCatalog } from '../../catalog/bundled.js';
import { parseDate } from '../../condition/date.js';
import { checkRequest } from '../../testing/check-request.js';
import { managedPoliciesOption } from '../managed-policies.js';
import {
  baseDirOf,
  loadEvalFile,
  parseExpectation,
  type EvalCase,
  type Expectation,
  type WorldSource,
} from '../scenario-file.js';

/** Help text of `eval`. */
export const EVAL_HELP = `Usage: iam-verdict eval <file|folder|glob|-> [...] [options]
       (alias: iam-verdict explain)

Decides every request in the files and explains each decision: the layer that
decided, the statements that matched, the condition that failed, the context
keys that were missing.

A file is an estate { "world": {...}, "requests": [{ "name", "request", "expect" }] },
a scenario { "world", "request", "expect" } (spec §0.3), a list of scenarios, or a
bare world used with --principal/--action/--resource. "world" may be the path of
another JSON file. See docs/world-format.md.

Options:
  --json                   print the decisions as JSON (see docs/decision.md)
  --expect allow|deny      exit 1 unless every decision is this (also explicit-deny,
                           implicit-deny)
  --check                  exit 1 when a request's own "expect" is not met
  --warnings               print the warnings about the worlds' policies (by default
                           only their number is printed)
  --brief                  one paragraph per request: decision and the explanation's
                           summary (without statements and layers)
  --principal ARN          decide this request against the file's world instead
  --action ACTION          (with --principal and --resource)
  --resource ARN
  --resource-policy NAME   key into the world's resourcePolicies
  --resource-account ID    owner of the resource (S3 ARNs carry no account)
  --context key=value      a request context key; repeat for more (same key twice
                           makes a multivalued key)
  --time ISO               request time (default: now)
  --managed-policies aws|none|DIR
                           where attached managed policies the world does not
                           define come from: aws (default) the bundled AWS managed
                           policies; DIR a folder of <PolicyName>.json documents
                           (then the bundled ones); none nothing (such a policy
                           grants nothing, with a warning)
  --color, --no-color      force colour on or off (default: on for a terminal,
                           off when NO_COLOR is set)
${FILE_OPTIONS_HELP}
  -h, --help               show this help

Every request is first checked against the world and the service catalog: an
unknown principal, account, action or resource, or a resource the action does not
take, is refused with a reason (UnknownPrincipal, UnknownAccount, UnknownAction,
UnknownResource, UnknownResourceAccount, ResourceTypeMismatch) instead of being
decided; such a refusal meets an expectation only if it names that reason.

Exit codes: 0 decided (whatever the decisions), 1 an expectation failed or the
input is invalid, 2 usage error.

Example:
  iam-verdict eval examples/estate.world.json
  iam-verdict eval 'examples/scenarios/*.json' --check
  iam-verdict eval examples/scenarios/public-read.json --expect deny
  iam-verdict eval examples/estate.world.json --principal arn:aws:iam::111111111111:user/bob \\
    --action s3:GetObject --resource arn:aws:s3:::acme-prod-assets/assets/logo.png \\
    --resource-policy acme-prod-assets --json
`;

const OPTIONS = {
  json: { type: 'boolean' },
  expect: { type: 'string' },
  check: { type: 'boolean' },
  warnings: { type: 'boolean' },
  brief: { type: 'boolean' },
  principal: { type: 'string' },
  action: { type: 'string' },
  resource: { type: 'string' },
  'resource-policy': { type: 'string' },
  'resource-account': { type: 'string' },
  context: { type: 'string', multiple: true },
  time: { type: 'string' },
  'managed-policies': { type: 'string' },
} as const;

/** One decided request, as the JSON output shows it. */
interface Result extends RenderedCase {
  readonly file: string;
}

/** The request given with --principal/--action/--resource, if any. */
function adHocRequest(
  command: string,
  v: ReturnType<typeof parseCommandArgs<typeof OPTIONS>>['values'],
): AuthorizationRequest | undefined {
  if (v.time !== undefined && !Number.isFinite(parseDate(v.time))) {
    throw new UsageError(
      `--time takes an ISO 8601 date-time such as 2026-01-31T12:00:00Z, not ${JSON.stringify(v.time)}`,
      command,
    );
  }
  const given = [
    v.principal,
    v.action,
    v.resource,
    v['resource-policy'],
    v['resource-account'],
    v.time,
    v.context,
  ].some((x) => x !== undefined);
  if (!given) return undefined;
  if (v.principal === undefined || v.action === undefined || v.resource === undefined) {
    throw new UsageError('a request on the command line needs --principal, --action and --resource', command);
  }
  const context: Record<string, string | string[]> = {};
  for (const item of v.context ?? []) {
    const kv = keyValues(command, 'context', [item]) as Record<string, string>;
    for (const [k, value] of Object.entries(kv)) {
      const prev = context[k];
      context[k] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
    }
  }
  return {
    principal: v.principal,
    action: v.action,
    resource: v.resource,
    ...(v['resource-policy'] !== undefined ? { resourcePolicy: v['resource-policy'] } : {}),
    ...(v['resource-account'] !== undefined ? { resourceAccount: v['resource-account'] } : {}),
    ...(v.time !== undefined ? { time: v.time } : {}),
    ...(Object.keys(context).length > 0 ? { context } : {}),
  };
}

/** Runs `eval`; returns the exit code. */
export async function evalCommand(args: readonly string[], io: Io, command = 'eval'): Promise<number> {
  const { values: v, positionals } = parseCommandArgs(command, args, OPTIONS);
  if (v.help) {
    io.stdout(EVAL_HELP);
    return EXIT.ok;
  }
  if (positionals.length === 0)
    throw new UsageError('give at least one file to evaluate (or - for standard input)', command);
  let expect: Expectation | undefined;
  if (v.expect !== undefined) {
    expect = parseExpectation(v.expect);
    if (!expect)
      throw new UsageError(
        `--expect takes allow, deny, explicit-deny or implicit-deny, not ${JSON.stringify(v.expect)}`,
        command,
      );
  }
  const adHoc = adHocRequest(command, v);
  const managedPolicies = managedPoliciesOption(v['managed-policies'], io.cwd, command, fileAccess(command, v, io));
  const catalog = bundledCatalog();
  const c = colours(wantsColour(io, v));
  const width = Math.max(60, Math.min(io.columns ?? 100, 120));

  const access = fileAccess(command, v, io);
  const sources = expandInputs(positionals, io.cwd, ['.json'], command, access);
  const results: Result[] = [];
  const authorizers = new Map<WorldSource, Authorizer>();
  let invalid = false;
  let warnings = 0;

  const authorizerOf = (w: WorldSource): Authorizer => {
    const known = authorizers.get(w);
    if (known) return known;
    const a = createAuthorizer(w.value as WorldInput, managedPolicies ? { managedPolicies } : {});
    authorizers.set(w, a);
    warnings += a.warnings.length;
    if (v.warnings)
      for (const line of formatIssues(prefixIssues(a.warnings, w.path), w.doc.name, w.doc.locate))
        io.stderr(`${c.yellow(line)}\n`);
    if (!a.ok) {
      invalid = true;
      for (const line of formatIssues(prefixIssues(a.errors, w.path), w.doc.name, w.doc.locate))
        io.stderr(`${c.red(line)}\n`);
    }
    return a;
  };

  for (const source of sources) {
    const doc = parseJsonInput(await readInput(source, io, access), source.name);
    const file = loadEvalFile(doc, baseDirOf(source.kind === 'file' ? source.path : undefined, io.cwd), access);
    let cases: readonly EvalCase[] = file.cases;
    if (adHoc) {
      const world = file.worlds[0];
      if (file.worlds.length !== 1 || !world)
        throw new InputError(`${source.name}: --principal/--action/--resource need a file with exactly one world`);
      cases = [{ name: `${adHoc.principal} ${adHoc.action}`, world, request: adHoc }];
    }
    if (cases.length === 0)
      throw new InputError(
        `${source.name}: no requests to decide (add "requests", or give --principal, --action and --resource)`,
      );
    for (const k of cases) {
      const authorizer = authorizerOf(k.world);
      const checked = checkRequest(authorizer, k.request as AuthorizationRequest, catalog);
      if (!checked.ok)
        io.stderr(
          `${inline(`iam-verdict: ${source.name}: ${k.name}: refused before any policy was evaluated (${checked.reason}): ${checked.message}`)}\n`,
        );
      const decision: Decision = checked.ok
        ? authorizer.authorize(k.request as AuthorizationRequest, { explain: true, allowOverrides: true })
        : { decision: 'ImplicitDeny', decidedBy: 'input', reason: checked.reason };
      results.push({
        file: source.name,
        name: k.name,
        request: k.request,
        decision,
        expect: expect ?? k.expect,
        expectReason: expect ? undefined : k.expectReason,
      });
    }
  }

  const failed = results.filter((r) => (expect !== undefined || v.check) && caseMet(r) === false).length;
  if (v.json) io.stdout(`${JSON.stringify(jsonOutput(results), null, 2)}\n`);
  else io.stdout(humanOutput(results, c, width, v.brief === true));
  if (warnings > 0 && !v.warnings && !v.json)
    io.stderr(
      `iam-verdict: the world${authorizers.size === 1 ? ' has' : 's have'} ${warnings} warning${warnings === 1 ? '' : 's'}; --warnings shows them\n`,
    );
  if (invalid) return EXIT.failed;
  return failed > 0 ? EXIT.failed : EXIT.ok;
}

function humanOutput(results: readonly Result[], c: ReturnType<typeof colours>, width: number, brief: boolean): string {
  const parts: string[] = [];
  if (brief) parts.push(renderBrief(results, c, width), '');
  else {
    if (results.length > 1) parts.push(renderTable(results, c, width), '');
    for (const [i, r] of results.entries()) parts.push(renderCase(r, i, c, width), '');
  }
  const counts = (['Allow', 'ExplicitDeny', 'ImplicitDeny'] as const).map(
    (d) => `${results.filter((r) => r.decision.decision === d).length} ${paintDecision(d, c)}`,
  );
  const withExpect = results.filter((r) => r.expect !== undefined);
  const unmet = withExpect.filter((r) => caseMet(r) === false).length;
  const expectations =
    withExpect.length === 0
      ? ''
      : unmet === 0
        ? `; ${c.green(`all ${withExpect.length} expectations met`)}`
        : `; ${c.red(`${unmet} of ${withExpect.length} expectations not met`)}`;
  parts.push(`${results.length} request${results.length === 1 ? '' : 's'}: ${counts.join(', ')}${expectations}`);
  return `${parts.join('\n')}\n`;
}

/** The JSON shape of `eval --json` (documented in docs/decision.md). */
function jsonOutput(results: readonly Result[]) {
  return {
    results: results.map((r) => {
      const met = caseMet(r);
      return {
        file: r.file,
        name: r.name,
        request: r.request,
        ...(r.expect !== undefined ? { expect: r.expect } : {}),
        ...(r.expectReason !== undefined ? { expectReason: r.expectReason } : {}),
        ...(met !== undefined ? { expectationMet: met } : {}),
        ...r.decision,
      };
    }),
  };
}
