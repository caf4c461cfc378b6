'use strict';
// drizzle-orm/better-sqlite3 requires 'better-sqlite3' by name; we ship its encrypting twin instead.
module.exports = require('better-sqlite3-multiple-ciphers');
