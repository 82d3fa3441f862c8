// Request logging at `debug` (one line when a request completes), so the default `info` level logs no line per request.
import { LogController, type FastifyBaseLogger, type FastifyReply, type FastifyRequest } from 'fastify'
import type { Bindings, ChildLoggerOptions, Level, Logger } from 'pino'

const LEVELS: readonly Level[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace']

/**
 * Fastify's per-request child logger, made only when the request logs something at an enabled level: at the default
 * level most requests log nothing, and a pino child per request was a few percent of a small answer's cost.
 */
export class LazyChildLogger {
  #child: Logger | undefined

  constructor (readonly parent: Logger, readonly bindings: Bindings, readonly options: ChildLoggerOptions) {}

  get level (): string {
    return (this.#child ?? this.parent).level
  }

  set level (level: string) {
    this.logger.level = level
  }

  /** The real child, made on first use. */
  get logger (): Logger {
    return (this.#child ??= this.parent.child(this.bindings, this.options))
  }

  isLevelEnabled (level: string): boolean {
    return (this.#child ?? this.parent).isLevelEnabled(level)
  }

  child (bindings: Bindings, options?: ChildLoggerOptions): Logger {
    return this.logger.child(bindings, options)
  }

  silent (): void {}
}

export interface LazyChildLogger extends Pick<FastifyBaseLogger, Level> {}

for (const level of LEVELS) {
  LazyChildLogger.prototype[level] = function (this: LazyChildLogger, ...args: Parameters<FastifyBaseLogger[Level]>) {
    if (this.isLevelEnabled(level)) this.logger[level](...args)
  }
}

/** Fastify's `childLoggerFactory`: the app's logger is always pino (see app.ts). */
export function lazyChildLogger (logger: FastifyBaseLogger, bindings: Bindings, options: ChildLoggerOptions): FastifyBaseLogger {
  return new LazyChildLogger(logger as Logger, bindings, options) as unknown as FastifyBaseLogger
}

export class RequestLogController extends LogController {
  override incomingRequest (): void {}

  override requestCompleted (error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (error !== null && error !== undefined) {
      reply.log.error({ req: request, res: reply, err: error, responseTime: reply.elapsedTime }, 'request errored')
    } else if ((reply.log as unknown as Pick<Logger, 'isLevelEnabled'>).isLevelEnabled('debug')) {
      // Checked first, so a request at the default level builds no object for a line nobody writes.
      reply.log.debug({ req: request, res: reply, responseTime: reply.elapsedTime }, 'request completed')
    }
  }
}
