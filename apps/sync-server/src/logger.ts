/** pino, with the fields that could carry credentials or PHI redacted before anything is written. */
import pino, { type Logger } from 'pino';

export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { svc: 'lantern-sync-server' },
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'password', '*.password', 'refreshToken', '*.refreshToken', 'resource', '*.resource'],
      censor: '[redacted]',
    },
  });
}
