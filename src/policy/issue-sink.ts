/**
 * Collects validation issues while a policy is checked. Issues are data, never thrown.
 */
import type { Issue, Severity } from './issues.js';

/** Receives errors and warnings found by the validators. */
export class IssueSink {
  readonly issues: Issue[] = [];
  private errorCount = 0;

  /** Records an error: the policy becomes unusable (fail closed). */
  error(code: string, path: string, message: string): void {
    this.add('error', code, path, message);
  }

  /** Records a warning: reported, but the policy stays usable. */
  warn(code: string, path: string, message: string): void {
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

  private add(severity: Severity, code: string, path: string, message: string): void {
    if (severity === 'error') this.errorCount++;
    this.issues.push({ severity, code, path, message });
  }
}
