// nodenext, CommonJS: the "require" condition's declarations.
import { loadConfig, startMock, type MockServer } from 'venice-models-mock'
import msw = require('venice-models-mock/msw')

export async function run (): Promise<string> {
  const mock: MockServer = await startMock({ auth: 'off' })
  const handlers: msw.VeniceHandlers = await msw.createVeniceHandlers()
  await handlers.close()
  await mock.close()
  return loadConfig({}, []).host
}
