import { entry } from './catalogue.js';

/** Talking to the Qovery API (src/qovery). */
export const apiCodes = {
  API_UNREACHABLE: entry('api', (a: { url: string; reason: string }) => ({
    summary: `the Qovery API at ${a.url} could not be reached: ${a.reason}`,
    hint: 'check the network and --api-url / QOVERY_API_URL',
  })),
} as const;
