// The app's pino logger (keys scrubbed and redacted), its lazy per-request children, and request lines at `debug` only.
import { LogController, type FastifyBaseLogger, type FastifyReply, type FastifyRequest } from 'fastify'
import { pino, type Bindings, type ChildLoggerOptions, type DestinationStream, type Level, type Logger, type LoggerOptions } from 'pino'
import { LOG_LEVELS, type LogFormat, type LogLevel } from './config.js'
import { bearerKeyOf } from './hooks/bearer-auth.js'
import type { SecretScrubber } from './http/secret-scrubber.js'

export interface LoggerSettings {
  logLevel: LogLevel
  logFormat: LogFormat
}

/** JSON lines to `stream` (tests) or stdout; pretty lines on a terminal or when asked for. */
export async function createLogger (settings: LoggerSettings, stream: DestinationStream | undefined, scrubber: SecretScrubber): Promise<Logger> {
  const options: LoggerOptions = {
    level: settings.logLevel,
    serializers: {
      // Fastify's request fields, with any key the client pasted into the URL taken out.
      // A server-side request always has a URL and a socket, the ones Node parsed it from.
      req: (request: FastifyRequest) => ({
        method: request.method,
        url: scrubber.scrub(String(request.url), bearerKeyOf(request)),
        host: request.headers.host,
        remoteAddress: request.socket.remoteAddress,
        remotePort: request.socket.remotePort
      })
    },
    // Keys must never reach a log line, whatever serializer or level logs the request headers.
    redact: {
      paths: ['req.headers.authorization', 'request.headers.authorization', 'headers.authorization', 'authorization'],
      censor: '[redacted]'
    }
  }
  const pretty = settings.logFormat === 'pretty' || (settings.logFormat === 'auto' && stream === undefined && process.stdout.isTTY)
  if (stream !== undefined || !pretty) return pino(options, stream ?? process.stdout)
  // Loaded only when used: pino-pretty adds to start-up time and is never needed in CI or containers.
  const { default: pinoPretty } = await import('pino-pretty')
  return pino(options, pinoPretty({ colorize: true, sync: true }))
}

const LEVELS = LOG_LEVELS.filter((level): level is Level => level !== 'silent')

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

/** Fastify's `childLoggerFactory`: the app's logger is always pino (createLogger). */
export function lazyChildLogger (logger: FastifyBaseLogger, bindings: Bindings, options: ChildLoggerOptions): FastifyBaseLogger {
  return new LazyChildLogger(logger as Logger, bindings, options) as unknown as FastifyBaseLogger
}

/** Request lines at `debug` (one when a request completes), so the default `info` level logs no line per request. */
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
