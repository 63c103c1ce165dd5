// LoomCrypto: placeholder until its first file lands.
