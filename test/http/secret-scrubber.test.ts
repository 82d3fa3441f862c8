// The secret scrubber: configured keys and the caller's own key leave the text the emulator keeps or logs, in any spelling.
import t from '../helpers/tap.js'
import { MIN_SCRUBBED_LENGTH, SecretScrubber } from '../../src/http/secret-scrubber.js'

const scrubber = new SecretScrubber(['sk-live-12345678', 'sk-live-12345678-admin', 'key.with(regex)*chars', 'short'])

t.test('configured keys, longest first, regular-expression characters taken literally', async t => {
  t.equal(scrubber.scrub('/x?key=sk-live-12345678&y=1'), '/x?key=[redacted]&y=1')
  t.equal(scrubber.scrub('admin sk-live-12345678-admin'), 'admin [redacted]', 'the longer key is removed whole')
  t.equal(scrubber.scrub('a key.with(regex)*chars b'), 'a [redacted] b')
  t.equal(scrubber.scrub('keyXwith(regex)*chars'), 'keyXwith(regex)*chars', 'a dot matches only a dot')
  t.equal(scrubber.scrub('a short message'), 'a short message', `keys under ${MIN_SCRUBBED_LENGTH} characters are left alone`)
  t.equal(scrubber.scrub('nothing secret'), 'nothing secret')
})

t.test('percent-encoded spellings are decoded and scrubbed; clean encoded text is left as it is', async t => {
  t.equal(scrubber.scrub('/x?k=sk%2Dlive-12345678'), '/x?k=[redacted]')
  t.equal(scrubber.scrub('/x?k=sk%2dlive%2d12345678&bad=%E0%A4%A'), '/x?k=[redacted]&bad=%E0%A4%A', 'a broken sequence elsewhere does not stop it')
  t.equal(scrubber.scrub('/x?q=caf%C3%A9'), '/x?q=caf%C3%A9', 'nothing to scrub: the original spelling is kept')
  t.equal(scrubber.scrub('/%ZZ/sk-live-12345678'), '/%ZZ/[redacted]')
})

t.test("the caller's own key, even with no configured keys", async t => {
  const open = new SecretScrubber([])
  t.equal(open.scrub('/p/any-client-key-1', 'any-client-key-1'), '/p/[redacted]')
  t.equal(open.scrub('/p/any%2Dclient-key-1', 'any-client-key-1'), '/p/[redacted]')
  t.equal(open.scrub('/p/k', 'k'), '/p/k', 'a one-letter key is not scrubbed')
  t.equal(open.scrub('/p/x', null), '/p/x')
  t.equal(open.scrub('/p/x'), '/p/x')
})

t.test('scrubCallerKey: only the caller key, never a configured one (which would confirm a guess)', async t => {
  t.equal(SecretScrubber.scrubCallerKey('a caller-key-123 b sk-live-12345678', 'caller-key-123'), 'a [redacted] b sk-live-12345678')
  t.equal(SecretScrubber.scrubCallerKey('a caller-key-123', null), 'a caller-key-123')
})
