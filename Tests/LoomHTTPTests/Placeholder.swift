// LoomHTTPTests: placeholder.
import Testing
