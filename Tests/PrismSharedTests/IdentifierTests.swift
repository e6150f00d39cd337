import PrismShared
import Testing

@Suite("Identifiers")
struct IdentifierTests {
    @Test("an id is the prefix, an underscore and 32 URL-safe characters; ids do not repeat; every character occurs")
    func shape() {
        var seen = Set<String>()
        var characters = Set<Character>()
        for _ in 0..<2000 {
            let id = Identifier.make("resp")
            #expect(id.hasPrefix("resp_") && id.count == 37 && Identifier.isWellFormed(id), "\(id)")
            characters.formUnion(id.dropFirst(5))
            seen.insert(id)
        }
        #expect(seen.count == 2000)
        // 64 000 random characters from 64: each of them turns up (a stuck bit would leave some out).
        #expect(characters.count == 64)
    }
}
