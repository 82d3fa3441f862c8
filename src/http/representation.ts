// A response body prepared once, at load: its bytes, strong ETags, and gzip and brotli encodings, plus how a request picks one.
import { Negotiator } from '@fastify/accept-negotiator'
import { createHash } from 'node:crypto'
import { promisify } from 'node:util'
import { brotliCompress, constants, gzip } from 'node:zlib'

export type ContentCoding = 'br' | 'gzip'

/** Below this size an encoding saves less than the header it costs, so the body is only ever sent as is. */
export const MIN_COMPRESSED_BYTES = 1024

const gzipAsync = promisify(gzip)
const brotliAsync = promisify(brotliCompress)
// Quality 5 compresses the catalog about as fast as gzip does and 10-20% smaller; 11 would take seconds at start-up.
const BROTLI_QUALITY = 5

export class Representation {
  readonly body: Buffer
  /** One strong ETag per encoding, as each encoding is a different sequence of bytes; the hash is the body's. */
  readonly etags: Readonly<Record<ContentCoding | 'identity', string>>
  /** Filled in by `compress()`; until then (and for small bodies, always) the body is sent as is. */
  encoded: Partial<Record<ContentCoding, Buffer>> = {}

  constructor (body: Buffer) {
    this.body = body
    const hash = createHash('sha1').update(body).digest('base64url')
    this.etags = { identity: `"${hash}"`, gzip: `"${hash}-gzip"`, br: `"${hash}-br"` }
  }

  static ofJson (value: unknown): Representation {
    return new Representation(Buffer.from(JSON.stringify(value)))
  }

  /** Both encodings, computed on libuv's thread pool so several bodies compress at once off the main thread. */
  async compress (): Promise<void> {
    if (this.body.length < MIN_COMPRESSED_BYTES || this.encoded.gzip !== undefined) return
    const [gzipped, brotli] = await Promise.all([
      gzipAsync(this.body),
      brotliAsync(this.body, {
        params: {
          [constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY,
          [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
          [constants.BROTLI_PARAM_SIZE_HINT]: this.body.length
        }
      })
    ])
    this.encoded = { gzip: gzipped, br: brotli }
  }

  /**
   * Whether an If-None-Match value names this body: `*`, or any of its ETags compared weakly (RFC 9110 §13.1.2),
   * so a tag received with one encoding still revalidates a request that asks for another.
   */
  matches (ifNoneMatch: string): boolean {
    for (const candidate of ifNoneMatch.split(',')) {
      let tag = candidate.trim()
      if (tag === '*') return true
      if (tag.startsWith('W/')) tag = tag.slice(2)
      if (tag === this.etags.identity || tag === this.etags.gzip || tag === this.etags.br) return true
    }
    return false
  }
}

/** A Map that forgets everything once full: clients choose the header values, so the cache must stay bounded. */
export class BoundedCache<V> extends Map<string, V> {
  constructor (private readonly limit: number) {
    super()
  }

  override set (key: string, value: V): this {
    if (this.size >= this.limit) this.clear()
    return super.set(key, value)
  }
}

// Listed in order of preference when the client rates several the same; identity wins only when rated higher.
const negotiator = new Negotiator({ supportedValues: ['br', 'gzip', 'identity'], cache: new BoundedCache<string>(256) })

/** The encoding to answer with for an Accept-Encoding value; `identity` when the client names none we have. */
export function negotiateEncoding (acceptEncoding: string | undefined): ContentCoding | 'identity' {
  if (acceptEncoding === undefined) return 'identity'
  // Content codings are case-insensitive (RFC 9110 §8.4.1).
  return (negotiator.negotiate(acceptEncoding.toLowerCase()) as ContentCoding | 'identity' | null) ?? 'identity'
}
