// apx is an ES module. `require('apx')` lands here (package.json "exports" → "require") so that
// CommonJS callers get one clear sentence instead of ERR_REQUIRE_ESM or a half-loaded module.
'use strict';
const error = new Error(
  "apx is an ES module and cannot be require()d. From CommonJS load it with dynamic import: " +
  "const { connect } = await import('apx'); (or rename your file to .mjs / set \"type\": \"module\").",
);
error.code = 'ERR_APX_REQUIRE_ESM';
throw error;
