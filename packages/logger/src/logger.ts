import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';

export type { Logger };

export interface LoggerOptions {
  name: string;
  level: string;
  format: 'json' | 'pretty';
  /** Where lines go; defaults to stdout. Tests pass a stream to read them back. */
  destination?: NodeJS.WritableStream;
}

/**
 * Paths that may hold secrets. Redaction is a safety net: code must not put
 * secrets in log objects in the first place.
 */
export const REDACTED_PATHS = [
  'secret',
  'secrets',
  '*.secret',
  '*.secrets',
  'apiKey',
  '*.apiKey',
  'token',
  '*.token',
  'authorization',
  '*.authorization',
  'headers.authorization',
  '*.headers.authorization',
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.cookie',
  '*.headers.cookie',
  'headers["set-cookie"]',
  '*.headers["set-cookie"]',
  'headers["webhook-signature"]',
  '*.headers["webhook-signature"]',
  'headers["x-csrf-token"]',
  '*.headers["x-csrf-token"]',
  'password',
  '*.password',
  'csrfToken',
  '*.csrfToken',
];

export function createLogger(options: LoggerOptions): Logger {
  const base = {
    name: options.name,
    level: options.level,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
  };
  if (options.format === 'pretty') {
    // Synchronous pretty stream (no worker thread) keeps shutdown simple.
    return pino(
      base,
      pretty({
        colorize: !options.destination,
        translateTime: 'SYS:HH:MM:ss.l',
        ignore: 'pid,hostname',
        destination: options.destination ?? 1,
        sync: true,
      }),
    );
  }
  return options.destination ? pino(base, options.destination) : pino(base);
}
