/**
 * Lambda permissions (`AWS::Lambda::Permission`, `aws_lambda_permission`) as the statements
 * Lambda adds to a function's resource policy.
 */
import type { ImportEnvironment } from './result.js';

/** The arguments of a Lambda permission. */
export interface LambdaPermission {
  readonly sid: string;
  readonly action: string;
  readonly principal: string;
  readonly sourceArn?: unknown;
  readonly sourceAccount?: unknown;
  readonly principalOrgId?: unknown;
  readonly functionUrlAuthType?: unknown;
  /** Alexa: the skill id the caller must present. */
  readonly eventSourceToken?: unknown;
  /** The permission applies only to invocations through the function URL. */
  readonly invokedViaFunctionUrl?: unknown;
}

/** The statement Lambda writes for a permission. */
export function lambdaStatement(p: LambdaPermission, partition: string): Record<string, unknown> {
  const condition: Record<string, Record<string, string>> = {};
  const add = (op: string, key: string, value: unknown) => {
    if (typeof value === 'string' && value !== '') condition[op] = { ...(condition[op] ?? {}), [key]: value };
  };
  add('ArnLike', 'AWS:SourceArn', p.sourceArn);
  add('StringEquals', 'AWS:SourceAccount', p.sourceAccount);
  add('StringEquals', 'aws:PrincipalOrgID', p.principalOrgId);
  add('StringEquals', 'lambda:FunctionUrlAuthType', p.functionUrlAuthType);
  add('StringEquals', 'lambda:EventSourceToken', p.eventSourceToken);
  if (p.invokedViaFunctionUrl === true || p.invokedViaFunctionUrl === 'true')
    add('Bool', 'lambda:InvokedViaFunctionUrl', 'true');
  return {
    Sid: p.sid,
    Effect: 'Allow',
    Principal: principalOf(p.principal, partition),
    Action: p.action,
    ...(Object.keys(condition).length > 0 ? { Condition: condition } : {}),
  };
}

function principalOf(p: string, partition: string): unknown {
  if (p === '*') return '*';
  if (/^\d{12}$/.test(p)) return { AWS: `arn:${partition}:iam::${p}:root` };
  if (p.startsWith('arn:')) return { AWS: p };
  return { Service: p };
}

/** A function's ARN from a name, a partial ARN (`123456789012:function:name`) or an ARN. */
export function functionArn(fn: string, env: ImportEnvironment): string | undefined {
  if (fn.startsWith('arn:')) return fn;
  const partial = /^(\d{12}):function:(.+)$/.exec(fn);
  if (partial) return `arn:${env.partition}:lambda:${env.region}:${partial[1]}:function:${partial[2]}`;
  return /^[\w-]+(?::[\w$-]+)?$/.test(fn)
    ? `arn:${env.partition}:lambda:${env.region}:${env.accountId}:function:${fn}`
    : undefined;
}
