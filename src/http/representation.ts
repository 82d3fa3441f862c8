// A response body prepared once, at load: its bytes, strong ETags, and gzip and brotli encodings, plus how a request picks one.
import { createHash } from 'node:crypto'
import { promisify } from 'node:util'
import { brotliCompress, constants, gzip } from 'node:zlib'
import { JSON_CONTENT_TYPE } from './content-types.js'

export type ContentCoding = 'br' | 'gzip'

/** The headers a representation is sent with, in the order they are written. */
export type RepresentationHeaders = Readonly<Record<string, string>>

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
  #compressing: Promise<void> | undefined
  readonly #okHeaders: Partial<Record<ContentCoding | 'identity', RepresentationHeaders>> = {}
  readonly #notModifiedHeaders: Partial<Record<ContentCoding | 'identity', RepresentationHeaders>> = {}

  constructor (body: Buffer) {
    this.body = body
    const hash = createHash('sha1').update(body).digest('base64url')
    this.etags = { identity: `"${hash}"`, gzip: `"${hash}-gzip"`, br: `"${hash}-br"` }
  }

  /**
   * The headers of a 200 in `coding`, built once and reused: a small answer's cost was largely its headers, set one by
   * one on every request.
   */
  okHeaders (coding: ContentCoding | 'identity'): RepresentationHeaders {
    return (this.#okHeaders[coding] ??= Object.freeze({
      ...this.notModifiedHeaders(coding),
      ...(coding === 'identity' ? {} : { 'content-encoding': coding }),
      'content-type': JSON_CONTENT_TYPE
    }))
  }

  /** The headers of a 304 for the bytes of `coding`: no content headers, as there is no content. */
  notModifiedHeaders (coding: ContentCoding | 'identity'): RepresentationHeaders {
    return (this.#notModifiedHeaders[coding] ??= Object.freeze({ 'cache-control': 'no-cache', etag: this.etags[coding] }))
  }

  static ofJson (value: unknown): Representation {
    return new Representation(Buffer.from(JSON.stringify(value)))
  }

  /**
   * Both encodings, computed on libuv's thread pool so several bodies compress at once off the main thread; once
   * per body, however many catalogs (an edit and the catalog it edits) share it.
   */
  compress (): Promise<void> {
    this.#compressing ??= this.body.length < MIN_COMPRESSED_BYTES ? Promise.resolve() : this.#compressBoth()
    return this.#compressing
  }

  async #compressBoth (): Promise<void> {
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
}

/**
 * Whether an If-None-Match value names the representation about to be sent (its ETag is `etag`): `*`, or that tag
 * in the list, compared weakly (RFC 9110 §13.1.2). A tag of another encoding does not match: the client does not
 * hold these bytes, and a 304 would hand it a tag it never had.
 */
export function ifNoneMatchHolds (ifNoneMatch: string, etag: string): boolean {
  for (const candidate of ifNoneMatch.split(',')) {
    let tag = candidate.trim()
    if (tag === '*') return true
    if (tag.startsWith('W/')) tag = tag.slice(2)
    if (tag === etag) return true
  }
  return false
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

/** Each coding's quality (RFC 9110 §12.5.3), lower-cased; `*` stands for every coding not listed. */
function qualities (acceptEncoding: string): Map<string, number> {
  const result = new Map<string, number>()
  for (const element of acceptEncoding.split(',')) {
    const [coding, ...parameters] = element.split(';')
    const name = coding.trim().toLowerCase()
    if (name === '') continue
    let quality = 1
    for (const parameter of parameters) {
      if (!/^\s*q\s*=/i.test(parameter)) continue
      const match = /^\s*q\s*=\s*([01](?:\.\d{0,3})?)\s*$/i.exec(parameter)
      // A malformed weight makes the element unusable rather than fully welcome.
      quality = match === null ? 0 : Math.min(1, Number(match[1]))
    }
    result.set(name, quality)
  }
  return result
}

function chooseEncoding (acceptEncoding: string): ContentCoding | 'identity' {
  const weights = qualities(acceptEncoding)
  const wildcard = weights.get('*')
  const weightOf = (coding: string): number => weights.get(coding) ?? wildcard ?? 0
  const br = weightOf('br')
  const gzip = weightOf('gzip')
  // Brotli wins a tie with gzip (smaller bodies). Identity is always acceptable unless refused, but it is preferred
  // to a coding the client named only when the client weighs it higher (explicitly, or through `*`).
  const [best, weight] = br >= gzip ? ['br', br] as const : ['gzip', gzip] as const
  return weight > 0 && weight >= weightOf('identity') ? best : 'identity'
}

const chosen = new BoundedCache<ContentCoding | 'identity'>(256)

/** The encoding to answer with for an Accept-Encoding value; `identity` when the client accepts none we have. */
export function negotiateEncoding (acceptEncoding: string | undefined): ContentCoding | 'identity' {
  if (acceptEncoding === undefined) return 'identity'
  let encoding = chosen.get(acceptEncoding)
  if (encoding === undefined) {
    encoding = chooseEncoding(acceptEncoding)
    chosen.set(acceptEncoding, encoding)
  }
  return encoding
}
