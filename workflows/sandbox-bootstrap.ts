/**
 * Runs once in the worker's workflow sandbox (the reusable V8 context every workflow shares), before any workflow
 * starts: the bundler's `preloadModules` evaluates it before the SDK snapshots and freezes the sandbox's globals.
 *
 * It caps how many call frames the sandbox records per stack trace. The SDK records a stack for every promise a
 * workflow creates (for Temporal's stack-trace query), formatting each frame through the bundle's source map: about
 * 60 promises per referral. Measured with bench/referral-throughput.ts, the workflow thread's CPU per referral was
 * 7.7 ms with V8's default of 10 frames, 6.5 ms with 4, 5.5 ms with none. Four keep the top frames of an error
 * thrown in workflow code, which is where the fault is; the stack-trace query then shows only the innermost frames of
 * each pending promise (mostly the SDK's own). Raise it here when debugging a stuck workflow with that query.
 */
Error.stackTraceLimit = 4;

export {};
