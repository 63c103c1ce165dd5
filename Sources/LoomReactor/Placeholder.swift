// LoomReactor: placeholder until its first file lands.
