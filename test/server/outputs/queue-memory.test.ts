// The in-memory queue the dispatcher tests use must keep the same contract as the durable ones.
import { MemoryDeliveryQueue } from './memory-queue.js';
import { deliveryQueueSuite } from './delivery-queue-suite.js';

deliveryQueueSuite('memory', async () => ({ queue: new MemoryDeliveryQueue(), close: async () => undefined }));
