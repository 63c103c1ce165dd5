// LoomServer: placeholder until its first file lands.
