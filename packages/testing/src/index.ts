export { createTestDatabase, dropDatabase, type TestDatabase } from './test-database';
export { createTestRedis, type TestRedis } from './test-redis';
export { startReceiver, type Receiver, type ReceivedRequest, type ReceiverReply } from './receiver';
export { waitFor } from './wait-for';
export { plainEnvelope } from './plain-envelope';
export { startTcpProxy, type TcpProxy } from './tcp-proxy';
export {
  startSmtpServer,
  type ParsedMail,
  type SmtpReply,
  type TestSmtpServer,
} from './smtp-server';
