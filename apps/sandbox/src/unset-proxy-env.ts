/**
 * jsforce reads the proxy variables once, when it is loaded, and ignores NO_PROXY; with any of
 * them set, requests to the loopback sandbox would go to the proxy. Import this module before
 * jsforce (or anything that loads it) in a test file.
 */
for (const name of ['http_proxy', 'https_proxy', 'HTTP_PROXY', 'HTTPS_PROXY']) {
  delete process.env[name];
}

export {};
