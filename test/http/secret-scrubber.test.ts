// The secret scrubber: configured keys and the caller's own key leave every text the emulator writes, in any spelling.
import t from 'tap'
import { MIN_SCRUBBED_LENGTH, SecretScrubber } from '../../src/http/secret-scrubber.js'

const scrubber = new SecretScrubber(['sk-live-12345678', 'sk-live-12345678-admin', 'key with/odd"chars', 'short'])

t.test('configured keys, raw, percent-encoded and JSON-escaped, longest first', async t => {
  t.equal(scrubber.scrub('/x?key=sk-live-12345678&y=1'), '/x?key=[redacted]&y=1')
  t.equal(scrubber.scrub('admin sk-live-12345678-admin'), 'admin [redacted]', 'the longer key is removed whole')
  t.equal(scrubber.scrub('/x?k=key%20with%2Fodd%22chars'), '/x?k=[redacted]')
  t.equal(scrubber.scrub(JSON.stringify({ error: 'key with/odd"chars' })), '{"error":"[redacted]"}')
  t.equal(scrubber.scrub('a short message'), 'a short message', `keys under ${MIN_SCRUBBED_LENGTH} characters are left alone`)
  t.equal(scrubber.scrub('nothing secret'), 'nothing secret')
})

t.test("the caller's own key, even with no configured keys", async t => {
  const open = new SecretScrubber([])
  t.equal(open.scrub('/p/any-client-key-1', 'any-client-key-1'), '/p/[redacted]')
  t.equal(open.scrub('/p/k', 'k'), '/p/k', 'a one-letter key is not scrubbed')
  t.equal(open.scrub('/p/x', null), '/p/x')
  t.equal(open.scrub('/p/x'), '/p/x')
})

t.test('headers: a copy only when something changed', async t => {
  const clean = { host: 'x', accept: 'application/json' }
  t.equal(scrubber.scrubHeaders(clean), clean, 'the same object')
  const leaky = { host: 'x', 'x-api-key': 'sk-live-12345678', 'set-cookie': ['a=1', 'b=sk-live-12345678'], empty: undefined }
  const scrubbed = scrubber.scrubHeaders(leaky)
  t.same(scrubbed, { host: 'x', 'x-api-key': '[redacted]', 'set-cookie': ['a=1', 'b=[redacted]'], empty: undefined })
  t.equal(leaky['x-api-key'], 'sk-live-12345678', 'the request itself is untouched')
  const list = { 'set-cookie': ['a=1', 'b=2'] }
  t.equal(scrubber.scrubHeaders(list), list, 'an unchanged list header keeps the object')
  t.same(new SecretScrubber([]).scrubHeaders({ authorization: 'Bearer caller-key-123' }, 'caller-key-123'), { authorization: 'Bearer [redacted]' })
})
