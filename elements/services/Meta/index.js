// Plain JavaScript, so that running jittask never needs the TypeScript compiler.
module.exports = require('jittask').ServiceElement;
