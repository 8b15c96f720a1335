import { jsonSdkLogger, sdkLogLevelFromEnv, sdkLogLine } from './sdk-logger';

describe('the worker’s Temporal SDK log lines', () => {
  it('carry workflow and activity ids as fields, an error by its class only', () => {
    const failure = Object.assign(new Error('duplicate key: Key (phone)=(+994501112233) already exists'), { name: 'QueryFailedError' });
    const line = sdkLogLine({
      level: 'WARN',
      message: 'Activity failed',
      timestampNanos: 1_796_650_145_578_000_000n,
      meta: { workflowId: 'referral-1', workflowType: 'referralWorkflow', activityType: 'openReferral', attempt: 2, error: failure, args: ['Aysel'] },
    });
    expect(line).toEqual({
      time: '2026-12-07T13:29:05.578Z',
      level: 'warn',
      component: 'temporal-sdk',
      msg: 'Activity failed',
      workflowId: 'referral-1',
      workflowType: 'referralWorkflow',
      activityType: 'openReferral',
      attempt: 2,
      errorClass: 'QueryFailedError',
    });
    expect(JSON.stringify(line)).not.toMatch(/994|Aysel/);
  });

  it('writes one JSON object per line at the configured level', () => {
    const writes: string[] = [];
    const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      writes.push(String(chunk));
      return true;
    });
    try {
      const logger = jsonSdkLogger('WARN');
      logger.info('Worker state changed', { state: 'RUNNING' });
      logger.warn('Workflow failed', { workflowId: 'case-1' });
    } finally {
      spy.mockRestore();
    }
    expect(writes).toHaveLength(1);
    expect(JSON.parse(writes[0]!)).toMatchObject({ level: 'warn', msg: 'Workflow failed', workflowId: 'case-1' });
  });

  it('reads its level from TEMPORAL_SDK_LOG_LEVEL', () => {
    expect(sdkLogLevelFromEnv({})).toBe('WARN');
    expect(sdkLogLevelFromEnv({ TEMPORAL_SDK_LOG_LEVEL: 'info' })).toBe('INFO');
    expect(() => sdkLogLevelFromEnv({ TEMPORAL_SDK_LOG_LEVEL: 'loud' })).toThrow('TEMPORAL_SDK_LOG_LEVEL');
  });
});
