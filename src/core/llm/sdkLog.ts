/** What both provider clients share about logging: the SDK's own log lines, and a failure in one line. */
import type { Failure } from './anthropicErrors';

type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** The logger shape both official SDKs (`@anthropic-ai/sdk`, `openai`) accept. */
export type SdkLogger = Record<LogLevel, (message: string, ...rest: unknown[]) => void>;

export function describeFailure(f: Failure): string {
  // Bedrock's AWS error type says more than its status (ThrottlingException vs ServiceQuotaExceededException).
  const said = [f.status, f.awsType].filter((part) => part !== undefined).join(' ');
  return `${f.reason}${said === '' ? '' : ` (${said})`}: ${f.detail}`;
}

/** The SDK's log lines, prefixed `sdk:`, into the run's log. */
export function sdkLogger(log: (level: LogLevel, message: string) => void): SdkLogger {
  const format = (message: string, rest: unknown[]): string =>
    [
      'sdk:',
      message,
      ...rest.map((r) => (typeof r === 'string' ? r : (JSON.stringify(r) ?? String(r)))),
    ].join(' ');
  return {
    error: (message, ...rest) => log('error', format(message, rest)),
    warn: (message, ...rest) => log('warn', format(message, rest)),
    info: (message, ...rest) => log('info', format(message, rest)),
    debug: (message, ...rest) => log('debug', format(message, rest)),
  };
}
