/**
 * Preloaded (node --require) into the Electronegativity CLI. Its i18n module fetches translations
 * from a remote bucket on every start; CI has no network, so the bundled en-US strings are
 * installed instead and the fetch is never made.
 */
'use strict';
const Module = require('node:module');
const path = require('node:path');

const i18nFile = require.resolve('@doyensec/electronegativity/dist/locales/i18n.js');
const i18n = Module.createRequire(i18nFile)('i18n');

function offlineI18n() {
  i18n.configure({
    locales: ['en-US'],
    defaultLocale: 'en-US',
    directory: path.dirname(i18nFile),
    updateFiles: false,
    objectNotation: true,
    retryInDefaultLocale: true,
    register: global,
  });
  i18n.setLocale('en-US');
  return Promise.resolve();
}
offlineI18n.default = offlineI18n;

const stub = new Module(i18nFile);
stub.filename = i18nFile;
stub.loaded = true;
stub.exports = offlineI18n;
require.cache[i18nFile] = stub;
