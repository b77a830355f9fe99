/** Structured log fields. */
export type LogFields = Readonly<Record<string, unknown>>;

/** A minimal structured logger; a pino logger fits through a two-line adapter. */
export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
}

/** Drops everything; the default, so a library never writes to the console on its own. */
export function silentLogger(): Logger {
  const noop = (): void => undefined;
  return { debug: noop, info: noop, warn: noop, error: noop };
}

/** Writes to the console, for the simulator and debugging. */
export function consoleLogger(prefix = 'sync'): Logger {
  const line = (level: string, msg: string, fields?: LogFields): string =>
    `[${prefix}] ${level} ${msg}${fields === undefined ? '' : ` ${JSON.stringify(fields)}`}`;
  return {
    debug: (m, f) => console.debug(line('debug', m, f)),
    info: (m, f) => console.info(line('info', m, f)),
    warn: (m, f) => console.warn(line('warn', m, f)),
    error: (m, f) => console.error(line('error', m, f)),
  };
}
