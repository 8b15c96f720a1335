/** Ports for processes the tests start: the benches' picker (bench/support/free-port.ts), one slice per worker. */
export { freePort } from '../../bench/support/free-port';
