type Level = 'debug' | 'info' | 'warn' | 'error';
const rank: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** One line per entry on stderr: time, level, scope, message and key=value fields. */
export function createLogger(scope: string, level: Level = 'info'): Logger {
  const write = (at: Level, message: string, fields?: Record<string, unknown>) => {
    if (rank[at] < rank[level]) return;
    const extra = fields
      ? ' ' + Object.entries(fields).map(([k, v]) => `${k}=${v instanceof Error ? v.stack ?? v.message : JSON.stringify(v)}`).join(' ')
      : '';
    process.stderr.write(`${new Date().toISOString()} ${at.toUpperCase()} [${scope}] ${message}${extra}\n`);
  };
  return {
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
  };
}
