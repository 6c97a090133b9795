import Crypto
import Foundation
import NIOCore

/// Random bearer secrets (session cookies, API keys, verification tokens) and their stored form.
public enum SecretToken {
    /// `byteCount` random bytes, base64url without padding.
    public static func generate(byteCount: Int = 32) -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<byteCount).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Secrets carry 256 bits of entropy, so a plain SHA-256 is enough to store them: nothing is
    /// left to brute-force, and lookups by hash stay one index probe.
    public static func hash(_ secret: String) -> ByteBuffer {
        ByteBuffer(bytes: SHA256.hash(data: Data(secret.utf8)))
    }
}
