/**
 * jsforce reads the proxy variables once, when it is loaded, and ignores NO_PROXY: with any of
 * them set, its calls to the loopback sandbox would go to the proxy. Imported before anything
 * that loads a connector.
 */
for (const name of ['http_proxy', 'https_proxy', 'HTTP_PROXY', 'HTTPS_PROXY']) {
  delete process.env[name];
}

export {};
