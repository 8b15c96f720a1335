#!/usr/bin/env node
// Prints the absolute path of the embedded Temporal server executable (libs/temporal-server/bin/temporal-server).
const path = require('node:path');
process.stdout.write(path.resolve(__dirname, '..', 'libs', 'temporal-server', 'bin', 'temporal-server') + '\n');
