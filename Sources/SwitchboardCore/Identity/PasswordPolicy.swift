/// Rules for passwords people choose (OWASP ASVS: length over composition rules).
public enum PasswordPolicy {
    public static let minimumLength = 10
    public static let maximumLength = 256

    public static func check(_ password: String) throws(IdentityError) {
        let length = password.count
        if length < minimumLength { throw .weakPassword("must be at least \(minimumLength) characters") }
        if length > maximumLength { throw .weakPassword("must be at most \(maximumLength) characters") }
    }
}
