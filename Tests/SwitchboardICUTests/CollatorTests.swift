import Foundation
import SwitchboardICU
import Testing

@Suite("Collation of names")
struct CollatorTests {
    @Test("German sorts umlauts with their base letter")
    func german() throws {
        let names = ["Zebra", "Äpfel", "Apfel", "Ähre", "Bär", "Ärger", "Ofen", "Öl"]
        #expect(try Collator(locale: "de").sorted(names) == ["Ähre", "Apfel", "Äpfel", "Ärger", "Bär", "Ofen", "Öl", "Zebra"])
    }

    @Test("Swedish sorts Ä and Ö after Z")
    func swedish() throws {
        #expect(try Collator(locale: "sv").sorted(["Zebra", "Äpple", "Apelsin", "Öl", "Ost"]) == ["Apelsin", "Ost", "Zebra", "Äpple", "Öl"])
    }

    @Test("Korean names in Hangul order")
    func korean() throws {
        let names = ["하늘", "이서연", "김민준", "가나", "박지훈", "나비", "다리"]
        #expect(try Collator(locale: "ko").sorted(names) == ["가나", "김민준", "나비", "다리", "박지훈", "이서연", "하늘"])
    }

    @Test("numeric collation orders ticket numbers by value")
    func numeric() throws {
        let titles = ["Ticket 10", "Ticket 9", "Ticket 100"]
        #expect(try Collator(locale: "en", numeric: true).sorted(titles) == ["Ticket 9", "Ticket 10", "Ticket 100"])
        #expect(try Collator(locale: "en").sorted(titles) == ["Ticket 10", "Ticket 100", "Ticket 9"])
    }

    @Test("strength decides which differences count")
    func strength() throws {
        #expect(try Collator(locale: "en", strength: .primary).compare("resume", "Résumé") == .orderedSame)
        #expect(try Collator(locale: "en", strength: .secondary).compare("resume", "Resume") == .orderedSame)
        #expect(try Collator(locale: "en", strength: .secondary).compare("resume", "résumé") == .orderedAscending)
        #expect(try Collator(locale: "en").compare("resume", "Resume") == .orderedAscending)
        #expect(try Collator(locale: "en").compare("b", "a") == .orderedDescending)
    }

    @Test("sort keys order like compare")
    func sortKeys() throws {
        let collator = try Collator(locale: "de")
        let words = ["Zebra", "Äpfel", "Apfel", "Ähre", "Bär", "apfel", ""]
        for a in words {
            for b in words {
                let byKey = collator.sortKey(for: a).lexicographicallyPrecedes(collator.sortKey(for: b))
                #expect(byKey == (collator.compare(a, b) == .orderedAscending), "\(a) < \(b)")
            }
        }
    }

    @Test("sorting by a property keeps equal names in their order")
    func sortedByKey() throws {
        struct Person {
            let name: String
            let id: Int
        }
        let people = [Person(name: "Öl", id: 1), Person(name: "Anna", id: 2), Person(name: "öl", id: 3), Person(name: "Öl", id: 4)]
        let sorted = try Collator(locale: "de", strength: .primary).sorted(people) { $0.name }
        #expect(sorted.map(\.id) == [2, 1, 3, 4])
    }
}
