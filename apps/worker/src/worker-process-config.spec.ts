import { workerProcessConfig } from './worker-process-config';

describe('workerProcessConfig', () => {
  it('defaults: probes on 0.0.0.0:3001, no SDK exporter', () => {
    expect(workerProcessConfig({})).toEqual({
      healthPort: 3001,
      healthHost: '0.0.0.0',
      sdkMetricsAddress: null,
    });
  });
  it('reads the port and the SDK exporter address, and refuses malformed ones', () => {
    expect(
      workerProcessConfig({ WORKER_HEALTH_PORT: '9000', TEMPORAL_SDK_METRICS_ADDRESS: '0.0.0.0:9466' }),
    ).toMatchObject({ healthPort: 9000, sdkMetricsAddress: '0.0.0.0:9466' });
    expect(() => workerProcessConfig({ WORKER_HEALTH_PORT: 'x' })).toThrow('WORKER_HEALTH_PORT');
    expect(() => workerProcessConfig({ TEMPORAL_SDK_METRICS_ADDRESS: 'http://x' })).toThrow(
      'TEMPORAL_SDK_METRICS_ADDRESS',
    );
  });
});
