// Bodies prepared at load: ETags, If-None-Match matching, gzip and brotli, and Accept-Encoding negotiation.
import t from '../helpers/tap.js'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { BoundedCache, ifNoneMatchHolds, MIN_COMPRESSED_BYTES, negotiateEncoding, Representation } from '../../src/http/representation.js'

const big = Representation.ofJson({ data: 'venice '.repeat(MIN_COMPRESSED_BYTES) })

t.test('strong ETags: the body hash, one per encoding, and equal bodies share them', async t => {
  t.match(big.etags.identity, /^"[\w-]{27}"$/)
  t.equal(big.etags.gzip, big.etags.identity.replace(/"$/, '-gzip"'))
  t.equal(big.etags.br, big.etags.identity.replace(/"$/, '-br"'))
  t.same(Representation.ofJson({ data: 'venice '.repeat(MIN_COMPRESSED_BYTES) }).etags, big.etags)
  t.not(Representation.ofJson({ data: 'other' }).etags.identity, big.etags.identity)
})

t.test('If-None-Match: the tag of the bytes about to be sent, weak or strong, in a list, or *', async t => {
  const etag = big.etags.gzip
  t.ok(ifNoneMatchHolds(etag, etag))
  t.ok(ifNoneMatchHolds(`W/${etag}`, etag))
  t.ok(ifNoneMatchHolds(`"stale", ${etag}`, etag))
  t.ok(ifNoneMatchHolds(' * ', etag))
  t.notOk(ifNoneMatchHolds(big.etags.identity, etag), 'the tag of another encoding is another representation')
  t.notOk(ifNoneMatchHolds('"stale"', etag))
  t.notOk(ifNoneMatchHolds(etag.slice(1, -1), etag), 'an unquoted tag is not the tag')
  t.notOk(ifNoneMatchHolds('', etag))
})

t.test('compress() makes gzip and brotli of the same bytes, once; small bodies are left alone', async t => {
  await big.compress()
  const { gzip, br } = big.encoded
  t.same(gunzipSync(gzip as Buffer), big.body)
  t.same(brotliDecompressSync(br as Buffer), big.body)
  await big.compress()
  t.equal(big.encoded.gzip, gzip, 'compressing again reuses the first result')
  const shared = Representation.ofJson({ data: 'shared '.repeat(MIN_COMPRESSED_BYTES) })
  t.equal(shared.compress(), shared.compress(), 'two catalogs compressing the same body at once share one compression')
  const small = Representation.ofJson({ data: 'x'.repeat(MIN_COMPRESSED_BYTES - 20) })
  await small.compress()
  t.same(small.encoded, {})
})

t.test('Accept-Encoding: brotli first, then gzip, quality values and case honoured', async t => {
  t.equal(negotiateEncoding(undefined), 'identity')
  t.equal(negotiateEncoding(''), 'identity')
  t.equal(negotiateEncoding('gzip, deflate, br, zstd'), 'br')
  t.equal(negotiateEncoding('gzip'), 'gzip')
  t.equal(negotiateEncoding('GZIP'), 'gzip')
  t.equal(negotiateEncoding('br;q=0.5, gzip;q=0.8'), 'gzip')
  t.equal(negotiateEncoding('br;q=0.5, identity'), 'identity')
  t.equal(negotiateEncoding('gzip;q=0'), 'identity')
  t.equal(negotiateEncoding('deflate, zstd'), 'identity')
  t.equal(negotiateEncoding('*'), 'br')
  t.equal(negotiateEncoding('br;q=0, *'), 'gzip', 'q=0 refuses a coding even with *')
  t.equal(negotiateEncoding('gzip;q=0, br;q=0, *'), 'identity')
  t.equal(negotiateEncoding('*;q=0, identity;q=0.1'), 'identity')
  t.equal(negotiateEncoding('*;q=0.5, identity'), 'identity', 'identity is welcome unless refused')
  t.equal(negotiateEncoding('gzip;q=abc, br;q=0.2'), 'br', 'a malformed weight is no weight; a low one is still a welcome')
  t.equal(negotiateEncoding('gzip;q=2'), 'identity', 'weights above 1 are malformed')
  t.equal(negotiateEncoding(' , gzip ; Q=0.9 , br;q=0.90'), 'br', 'spaces, empty elements, an upper-case Q, a tie to brotli')
  t.equal(negotiateEncoding('gzip;level=9'), 'gzip', 'a parameter other than q is ignored')
})

t.test('the negotiation cache stays bounded and correct under many distinct header values', async t => {
  for (let index = 0; index < 1000; index++) negotiateEncoding(`x-${index}, gzip;q=0.${index % 9 + 1}`)
  t.equal(negotiateEncoding('gzip, br'), 'br')
  t.equal(negotiateEncoding('x-999, gzip;q=0.1'), 'gzip')
})

t.test('BoundedCache forgets everything once full, never growing past its limit', async t => {
  const cache = new BoundedCache<number>(3)
  for (const key of ['a', 'b', 'c']) cache.set(key, 1)
  t.equal(cache.size, 3)
  cache.set('d', 4)
  t.same([...cache.entries()], [['d', 4]])
})
