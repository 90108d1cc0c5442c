import pino from 'pino';

export type Logger = pino.Logger;

export function createLogger(level: pino.LevelWithSilent, name = 'mall'): Logger {
  return pino({ name, level, redact: ['req.headers.authorization', '*.password', '*.passwordHash'] });
}
