// LoomHTTP: placeholder until its first file lands.
