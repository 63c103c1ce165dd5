// NativeLibraryTests: placeholder.
import Testing
