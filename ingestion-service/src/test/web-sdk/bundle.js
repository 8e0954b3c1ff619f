// Bundles entry.js (the official SDK exposed as window.ClickstreamWeb) into one script for the test page.
// Usage: node bundle.js OUTFILE
const esbuild = require('esbuild');

esbuild.buildSync({
  entryPoints: [`${__dirname}/entry.js`],
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: 'es2019',
  logLevel: 'warning',
  outfile: process.argv[2],
});
