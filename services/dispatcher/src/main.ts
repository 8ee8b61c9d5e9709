import { runService } from '@referral/runtime';
import { startDispatcher } from './dispatcher-service';

void runService('dispatcher', startDispatcher);
