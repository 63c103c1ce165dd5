// LoomServerTests: placeholder.
import Testing
