// CIDRBlockTests: IPv4/IPv6 address parsing and CIDR matching, including IPv4-mapped addresses.

#if canImport(Glibc)
import Glibc
#endif
import LoomCore
import Testing

@Suite("IPAddress and CIDRBlock")
struct CIDRBlockTests {
    @Test(arguments: [
        ("0.0.0.0", IPAddress.v4(0)), ("127.0.0.1", .v4(0x7F00_0001)), ("255.255.255.255", .v4(.max)),
        ("::", .v6(0)), ("::1", .v6(1)), ("1::", .v6(1 << 112)),
        ("2001:db8::8:800:200c:417a", .v6(0x2001_0DB8_0000_0000_0008_0800_200C_417A)),
        ("2001:DB8:0:0:8:800:200C:417A", .v6(0x2001_0DB8_0000_0000_0008_0800_200C_417A)),
        ("fe80::1:2", .v6(0xFE80_0000_0000_0000_0000_0000_0001_0002)),
        ("::ffff:1.2.3.4", .v6(0xFFFF_0102_0304)),
        ("::FFFF:10.0.0.1", .v6(0xFFFF_0A00_0001)),
        ("64:ff9b::192.0.2.33", .v6(0x0064_FF9B_0000_0000_0000_0000_C000_0221)),
        ("1:2:3:4:5:6:7:8", .v6(0x0001_0002_0003_0004_0005_0006_0007_0008)),
        ("1:2:3:4:5:6:1.2.3.4", .v6(0x0001_0002_0003_0004_0005_0006_0102_0304)),
    ])
    func parsesAddresses(text: String, expected: IPAddress) {
        #expect(IPAddress(text) == expected)
    }

    @Test(arguments: [
        "", "1.2.3", "1.2.3.4.5", "256.0.0.1", "01.2.3.4", "1.2.3.04", "1..2.3", "1.2.3.4 ", " 1.2.3.4", "1.2.3.-4",
        "a.b.c.d", ":", ":::", "1:::2", "1::2::3", ":1:2:3:4:5:6:7", "1:2:3:4:5:6:7:", "1:2:3:4:5:6:7:8:9",
        "1:2:3:4:5:6:7", "12345::", "::g", "fe80::1%eth0", "[::1]", "::1.2.3", "::1.2.3.4:5", "1:2:3:4:5:6:7:1.2.3.4",
        "1:2:3:4:5:6:7::8",
    ])
    func rejectsMalformedAddresses(text: String) {
        #expect(IPAddress(text) == nil)
    }

    @Test(arguments: [
        ("::", "::"), ("::1", "::1"), ("2001:DB8:0:0:8:800:200C:417A", "2001:db8::8:800:200c:417a"),
        ("2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"), ("1:0:2:3:4:5:6:7", "1:0:2:3:4:5:6:7"),
        ("::ffff:1.2.3.4", "::ffff:1.2.3.4"), ("10.1.2.3", "10.1.2.3"), ("1:2:3:4:5:6:7:0", "1:2:3:4:5:6:7:0"),
    ])
    func canonicalText(text: String, expected: String) {
        #expect(IPAddress(text)?.description == expected)
    }

    @Test func unmapping() {
        #expect(IPAddress("::ffff:1.2.3.4")?.isIPv4Mapped == true)
        #expect(IPAddress("::ffff:1.2.3.4")?.unmapped == IPAddress("1.2.3.4"))
        #expect(IPAddress("::1")?.unmapped == IPAddress("::1"))
        #expect(IPAddress("1.2.3.4")?.isIPv4Mapped == false)
    }

    @Test func parsesSubstrings() {
        let header = "203.0.113.7, 10.0.0.1"
        #expect(IPAddress(header.split(separator: ",")[0]) == IPAddress("203.0.113.7"))
    }

    @Test func readsSocketAddresses() {
        var v4 = sockaddr_in()
        v4.sin_family = sa_family_t(AF_INET)
        v4.sin_addr.s_addr = UInt32(0xC000_0201).bigEndian  // 192.0.2.1
        #expect(withUnsafeBytes(of: &v4) { IPAddress.fromSocketAddress($0) } == IPAddress("192.0.2.1"))

        var storage = sockaddr_storage()
        withUnsafeMutableBytes(of: &storage) { raw in
            var v6 = sockaddr_in6()
            v6.sin6_family = sa_family_t(AF_INET6)
            withUnsafeMutableBytes(of: &v6.sin6_addr) { $0.copyBytes(from: [0x20, 0x01, 0x0d, 0xb8] + [UInt8](repeating: 0, count: 11) + [7]) }
            withUnsafeBytes(of: v6) { raw.copyMemory(from: $0) }
        }
        #expect(withUnsafeBytes(of: &storage) { IPAddress.fromSocketAddress($0) } == IPAddress("2001:db8::7"))

        var unix = sockaddr_storage()
        unix.ss_family = sa_family_t(AF_UNIX)
        #expect(withUnsafeBytes(of: &unix) { IPAddress.fromSocketAddress($0) } == nil)
        #expect(IPAddress.fromSocketAddress(UnsafeRawBufferPointer(start: nil, count: 0)) == nil)
    }

    @Test func ipv4Blocks() throws {
        let block = try #require(CIDRBlock("10.0.0.0/8"))
        #expect(block.contains(IPAddress("10.0.0.1")!))
        #expect(block.contains(IPAddress("10.255.255.255")!))
        #expect(!block.contains(IPAddress("11.0.0.0")!))
        #expect(!block.contains(IPAddress("9.255.255.255")!))
        #expect(!block.contains(IPAddress("::a00:1")!), "IPv4-compatible (not mapped) IPv6 is not IPv4")
        let odd = try #require(CIDRBlock("192.168.1.128/25"))
        #expect(odd.contains(IPAddress("192.168.1.200")!))
        #expect(!odd.contains(IPAddress("192.168.1.127")!))
    }

    @Test func hostBitsAreClearedAndBareAddressesAreSingleHosts() throws {
        #expect(CIDRBlock("127.0.0.1/8")?.description == "127.0.0.0/8")
        let host = try #require(CIDRBlock("127.0.0.1"))
        #expect(host.prefixLength == 32)
        #expect(host.contains(IPAddress("127.0.0.1")!))
        #expect(!host.contains(IPAddress("127.0.0.2")!))
        let loopback6 = try #require(CIDRBlock("::1"))
        #expect(loopback6.prefixLength == 128)
        #expect(loopback6.contains(IPAddress("::1")!))
        #expect(!loopback6.contains(IPAddress("::2")!))
        #expect(!loopback6.contains(IPAddress("127.0.0.1")!))
    }

    @Test func ipv6Blocks() throws {
        let block = try #require(CIDRBlock("2001:db8::/32"))
        #expect(block.contains(IPAddress("2001:db8:ffff::1")!))
        #expect(!block.contains(IPAddress("2001:db9::1")!))
        #expect(!block.contains(IPAddress("32.1.13.184")!))
        let ula = try #require(CIDRBlock("fd00::/8"))
        #expect(ula.contains(IPAddress("fdab:cdef::1")!))
        #expect(!ula.contains(IPAddress("fe00::1")!))
    }

    @Test func mappedAddressesMatchIPv4BlocksAndViceVersa() throws {
        let block = try #require(CIDRBlock("172.16.0.0/12"))
        #expect(block.contains(IPAddress("::ffff:172.20.1.1")!))
        #expect(!block.contains(IPAddress("::ffff:172.32.0.1")!))
        let mappedBlock = try #require(CIDRBlock("::ffff:10.0.0.0/104"))
        #expect(mappedBlock.contains(IPAddress("10.9.8.7")!))
        #expect(!mappedBlock.contains(IPAddress("11.0.0.0")!))
    }

    @Test func zeroPrefixMatchesItsWholeFamily() throws {
        let any4 = try #require(CIDRBlock("0.0.0.0/0"))
        #expect(any4.contains(IPAddress("203.0.113.9")!))
        #expect(any4.contains(IPAddress("::ffff:203.0.113.9")!))
        #expect(!any4.contains(IPAddress("2001:db8::1")!))
        let any6 = try #require(CIDRBlock("::/0"))
        #expect(any6.contains(IPAddress("2001:db8::1")!))
        #expect(any6.contains(IPAddress("8.8.8.8")!))
    }

    @Test(arguments: [
        "", "/8", "10.0.0.0/", "10.0.0.0/33", "::/129", "10.0.0.0/-1", "10.0.0.0/08", "10.0.0.0/8 ", " 10.0.0.0/8",
        "10.0.0.0/8/8", "10.0.0/8", "localhost", "10.0.0.0/a", "10.0.0.0/0008",
    ])
    func rejectsMalformedBlocks(text: String) {
        #expect(CIDRBlock(text) == nil)
    }

    @Test func prefixLengthBoundaries() {
        #expect(CIDRBlock("10.0.0.0/0")?.prefixLength == 0)
        #expect(CIDRBlock("10.0.0.1/32")?.prefixLength == 32)
        #expect(CIDRBlock("::1/128")?.prefixLength == 128)
        #expect(CIDRBlock(address: .v4(0), prefixLength: 33) == nil)
        #expect(CIDRBlock(address: .v6(0), prefixLength: -1) == nil)
    }
}
