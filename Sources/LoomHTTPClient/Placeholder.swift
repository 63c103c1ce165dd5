// LoomHTTPClient: placeholder until its first file lands.
