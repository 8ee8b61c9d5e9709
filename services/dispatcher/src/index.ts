export { startDispatcher } from './dispatcher-service';
