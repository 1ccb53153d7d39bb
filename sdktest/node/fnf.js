'use strict';
// The Node SDK @alicloud/fnf-2019-03-15 aimed at flowmock: the README's snippet, and what
// conformance.test.js and resources.test.js run.

const Client = require('@alicloud/fnf-2019-03-15');
const helper = require('@alicloud/pop-core/lib/helper');

// newFnfClient returns an fnf client for endpoint 'http://127.0.0.1:PORT' (the scheme is
// required; a trailing slash is stripped). It signs with signature V1 (HMAC-SHA1).
function newFnfClient(endpoint, accessKeyId, accessKeySecret) {
  return new Client({ endpoint, accessKeyId, accessKeySecret });
}

// callHeaders returns per-call opts.headers for action: pop-core 1.8.0 *replaces* its default
// headers with opts.headers instead of merging (wire-protocol.md §10), so a call that adds a
// header, such as X-Mock-Error or X-Mock-Session, must pass the defaults back in.
function callHeaders(action, extra = {}) {
  return {
    'x-sdk-client': helper.DEFAULT_CLIENT,
    'user-agent': helper.DEFAULT_UA,
    'x-acs-action': action,
    'x-acs-version': '2019-03-15',
    ...extra,
  };
}

module.exports = { newFnfClient, callHeaders };
