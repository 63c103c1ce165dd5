// CryptoHelperTests: LoomCrypto's constant-time compare, hex decoding and Base64 used by webhook checks.

import LoomCore
import LoomCrypto
import Testing

@Suite("Crypto helpers")
struct CryptoHelperTests {
    @Test("ConstantTime.equals compares content and length")
    func constantTime() {
        #expect(ConstantTime.equals([1, 2, 3] as [UInt8], [1, 2, 3] as [UInt8]))
        #expect(!ConstantTime.equals([1, 2, 3] as [UInt8], [1, 2, 4] as [UInt8]))
        #expect(!ConstantTime.equals([1, 2, 3] as [UInt8], [1, 2] as [UInt8]))
        #expect(!ConstantTime.equals([] as [UInt8], [0] as [UInt8]))
        #expect(ConstantTime.equals([] as [UInt8], [] as [UInt8]))
        #expect(ConstantTime.equals("secret", "secret"))
        #expect(!ConstantTime.equals("secret", "Secret"))
    }

    @Test("Hex.decode accepts either case and refuses odd or non-hex text")
    func hexDecode() {
        #expect(Hex.decode("00ff7fAB") == [0x00, 0xFF, 0x7F, 0xAB])
        #expect(Hex.decode("") == [])
        #expect(Hex.decode("abc") == nil)
        #expect(Hex.decode("zz") == nil)
        #expect(Hex.decode("0x") == nil)
        #expect(Hex.decode(Hex.encode([9, 8, 200])) == [9, 8, 200])
    }

    @Test("Base64 matches RFC 4648 test vectors both ways")
    func base64Vectors() {
        let vectors = ["": "", "f": "Zg==", "fo": "Zm8=", "foo": "Zm9v", "foob": "Zm9vYg==", "fooba": "Zm9vYmE=",
                       "foobar": "Zm9vYmFy"]
        for (plain, encoded) in vectors {
            #expect(Base64.encode(Array(plain.utf8)) == encoded)
            #expect(Base64.decode(encoded) == Array(plain.utf8))
        }
        #expect(Base64.decode("Zm9vYg") == Array("foob".utf8))  // unpadded input is accepted
        let bytes = (0...255).map { UInt8($0) }
        #expect(Base64.decode(Base64.encode(bytes)) == bytes)
    }

    @Test("Base64.decode refuses malformed text")
    func base64Malformed() {
        for text in ["Z", "Zm9v!", "Zm=9v", "Zm9vY===", "Zh==", "Zm9=", "====", "Zm 9v"] {
            #expect(Base64.decode(text) == nil, "\(text)")
        }
    }
}
