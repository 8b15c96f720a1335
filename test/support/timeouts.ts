// Jest 30 ignores `testTimeout` inside `projects`; each project sets its own default here instead.
const seconds = Number(process.env.NRM_TEST_TIMEOUT_SECONDS ?? '');
jest.setTimeout(Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 120_000);
