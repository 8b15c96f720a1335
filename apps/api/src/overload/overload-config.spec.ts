import { DEFAULT_OVERLOAD_CONFIG, admissionLimits, readOverloadConfig } from './overload-config';

describe('readOverloadConfig', () => {
  it('takes the defaults when nothing is set (or a variable is empty)', () => {
    expect(readOverloadConfig({})).toEqual(DEFAULT_OVERLOAD_CONFIG);
    expect(readOverloadConfig({ API_RATE_LIMIT_PER_STAFF: '', API_QUEUE_TIMEOUT_MS: ' ' })).toEqual(
      DEFAULT_OVERLOAD_CONFIG,
    );
  });

  it('reads every variable; 0 switches a budget or a pressure check off', () => {
    expect(
      readOverloadConfig({
        API_MAX_CONCURRENT_REQUESTS: '8',
        API_MAX_QUEUED_REQUESTS: '0',
        API_QUEUE_TIMEOUT_MS: '250',
        API_RETRY_AFTER_SECONDS: '3',
        API_MAX_EVENT_LOOP_DELAY_MS: '0',
        API_MAX_HEAP_USED_BYTES: '0',
        API_RATE_LIMIT_PER_STAFF: '0',
        API_RATE_LIMIT_PER_ORG: '5000',
        API_RATE_LIMIT_PER_IP: ' 30 ',
      }),
    ).toEqual({
      maxConcurrent: 8,
      maxQueued: 0,
      queueTimeoutMs: 250,
      retryAfterSeconds: 3,
      maxEventLoopDelayMs: 0,
      maxHeapUsedBytes: 0,
      perStaffPerMinute: 0,
      perOrganisationPerMinute: 5000,
      perAddressPerMinute: 30,
    });
  });

  it.each([
    ['API_MAX_CONCURRENT_REQUESTS', '0'],
    ['API_MAX_CONCURRENT_REQUESTS', '2.5'],
    ['API_MAX_QUEUED_REQUESTS', '-1'],
    ['API_QUEUE_TIMEOUT_MS', '0'],
    ['API_RETRY_AFTER_SECONDS', '0'],
    ['API_RATE_LIMIT_PER_STAFF', 'many'],
    ['API_RATE_LIMIT_PER_ORG', '1e3x'],
    ['API_RATE_LIMIT_PER_IP', '-5'],
    ['API_MAX_HEAP_USED_BYTES', '12 GB'],
    ['API_RATE_LIMIT_PER_ORG', '12345678901'],
  ])('refuses %s=%s, naming the variable and the range but not the value', (name, value) => {
    let message = '';
    try {
      readOverloadConfig({ [name]: value });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(new RegExp(`^${name} must be an integer between \\d+ and \\d+$`));
    expect(message.replace(/between \d+ and \d+$/, '')).not.toContain(value.trim());
  });

  it('sizes the concurrency to the database pool and the queue to 2 × the concurrency unless set', () => {
    expect(admissionLimits(DEFAULT_OVERLOAD_CONFIG, 20)).toEqual({
      maxConcurrent: 20,
      maxQueued: 40,
      queueTimeoutMs: 1000,
    });
    expect(admissionLimits({ ...DEFAULT_OVERLOAD_CONFIG, maxConcurrent: 3 }, 20)).toEqual({
      maxConcurrent: 3,
      maxQueued: 6,
      queueTimeoutMs: 1000,
    });
    expect(admissionLimits({ ...DEFAULT_OVERLOAD_CONFIG, maxQueued: 0, queueTimeoutMs: 5 }, 8)).toEqual({
      maxConcurrent: 8,
      maxQueued: 0,
      queueTimeoutMs: 5,
    });
  });
});
