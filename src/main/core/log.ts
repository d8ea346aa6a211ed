/** Structured logging to stderr: one JSON line per event, so bad input leaves a trace without crashing. */

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

function threshold(): number {
  const env = process.env.WARROOM_LOG_LEVEL as LogLevel | undefined;
  return ORDER[env && env in ORDER ? env : 'info'];
}

export function createLogger(
  scope: string,
  sink: (line: string) => void = (l) => process.stderr.write(l + '\n'),
): Logger {
  const min = threshold();
  const write = (level: LogLevel, msg: string, fields?: Record<string, unknown>): void => {
    if (ORDER[level] < min) return;
    sink(JSON.stringify({ t: new Date().toISOString(), level, scope, msg, ...fields }));
  };
  return {
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
  };
}

/** A logger that drops everything: for tests and benchmarks that measure, not read, logs. */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
