// nodenext, ESM: the "import" condition's declarations.
import { startMock, type MockServer, type StartMockOptions } from 'venice-models-mock'
import { createVeniceHandlers, type VeniceHandlers } from 'venice-models-mock/msw'

const options: StartMockOptions = { rateLimit: 10, latency: '5-10' }
const mock: MockServer = await startMock(options)
const url: string = mock.url
const venice: VeniceHandlers = await createVeniceHandlers({ baseUrl: url })
// @ts-expect-error: a MockServer has no such member
mock.nothing()
await venice.close()
await mock.close()
