/**
 * Collects validation issues while a policy is checked. Issues are data, never thrown.
 */
import type { Issue, Severity } from './issues.js';
import { checkIssueCount, DEFAULT_LIMITS } from './limits.js';
import type { IssueCode } from '../json/issue-codes.js';

/**
 * Receives errors and warnings found by the validators. At most `maxIssues` are kept (the work
 * budget, docs/security.md G4); past that, one `too-many-issues` error stands for the rest, and
 * `errors` keeps counting so that the input still fails closed.
 */
export class IssueSink {
  readonly issues: Issue[] = [];
  private errorCount = 0;
  private dropped = 0;

  constructor(private readonly maxIssues: number = DEFAULT_LIMITS.maxIssues) {}

  /** Records an error: the policy becomes unusable (fail closed). */
  error(code: IssueCode, path: string, message: string): void {
    this.add('error', code, path, message);
  }

  /** Records a warning: reported, but the policy stays usable. */
  warn(code: IssueCode, path: string, message: string): void {
    this.add('warning', code, path, message);
  }

  /** `true` once any error was recorded. */
  get hasErrors(): boolean {
    return this.errorCount > 0;
  }

  /** How many errors were recorded so far. */
  get errors(): number {
    return this.errorCount;
  }

  private add(severity: Severity, code: IssueCode, path: string, message: string): void {
    if (severity === 'error') this.errorCount++;
    if (checkIssueCount(this.issues.length, this.maxIssues)) {
      this.issues.push({ severity, code, path, message });
      return;
    }
    this.dropped++;
    const summary: Issue = {
      severity: 'error',
      code: 'too-many-issues',
      path: '',
      message: `${this.dropped} more issues were not reported (at most ${this.maxIssues} are)`,
    };
    if (this.dropped === 1) {
      this.errorCount++;
      this.issues.push(summary);
    } else this.issues[this.issues.length - 1] = summary;
  }
}
