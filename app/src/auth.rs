//! Password hashing (Argon2id) and the session keys.

use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::Argon2;
use std::sync::OnceLock;

/// Session key holding the signed-in user's id.
pub const SESSION_USER_KEY: &str = "user_id";

/// Hashes a password with Argon2id and a random salt.
pub fn hash_password(password: &str) -> Result<String, argon2::password_hash::Error> {
    let salt = SaltString::generate(&mut OsRng);
    Ok(Argon2::default()
        .hash_password(password.as_bytes(), &salt)?
        .to_string())
}

/// Checks a password against a stored hash; a malformed hash never matches.
pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .map(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

/// Spends the same time as a real check, so unknown accounts answer as slowly as known ones.
pub fn verify_against_dummy(password: &str) {
    static DUMMY: OnceLock<String> = OnceLock::new();
    let hash = DUMMY.get_or_init(|| hash_password("dummy password for timing").unwrap_or_default());
    let _ = verify_password(password, hash);
}

/// The secret a company shares with the desk to vouch for its signed-in
/// users in the chat widget. Never serialised; redacted in logs.
#[derive(Clone)]
pub struct WidgetSecret(String);

impl WidgetSecret {
    /// Wraps a configured secret; an empty one is none.
    pub fn new(secret: &str) -> Option<Self> {
        let s = secret.trim();
        (!s.is_empty()).then(|| WidgetSecret(s.to_string()))
    }

    /// HMAC-SHA256(secret, user_id) in hex: what the company's site computes
    /// (the demo site does it here).
    pub fn sign(&self, user_id: &str) -> String {
        use hmac::{Hmac, Mac};
        match Hmac::<sha2::Sha256>::new_from_slice(self.0.as_bytes()) {
            Ok(mut mac) => {
                mac.update(user_id.as_bytes());
                mac.finalize()
                    .into_bytes()
                    .iter()
                    .map(|b| format!("{b:02x}"))
                    .collect()
            }
            Err(_) => String::new(),
        }
    }

    /// Whether `user_hash` (hex) is HMAC-SHA256(secret, user_id), compared in
    /// constant time.
    pub fn verifies(&self, user_id: &str, user_hash: &str) -> bool {
        use hmac::{Hmac, Mac};
        let Some(expected) = decode_hex(user_hash.trim()) else {
            return false;
        };
        let Ok(mut mac) = Hmac::<sha2::Sha256>::new_from_slice(self.0.as_bytes()) else {
            return false;
        };
        mac.update(user_id.as_bytes());
        mac.verify_slice(&expected).is_ok()
    }
}

impl std::fmt::Debug for WidgetSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("WidgetSecret(redacted)")
    }
}

fn decode_hex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_user_hash_is_checked_against_a_published_hmac_vector() {
        // RFC 4231, test case 2.
        let secret = WidgetSecret::new("Jefe").unwrap();
        let hash = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";
        assert!(secret.verifies("what do ya want for nothing?", hash));
        assert!(secret.verifies("what do ya want for nothing?", &hash.to_uppercase()));
        assert!(!secret.verifies("what do ya want for nothing!", hash));
        assert!(!secret.verifies("what do ya want for nothing?", &hash[..62]));
        assert!(!secret.verifies("what do ya want for nothing?", ""));
        assert!(!secret.verifies("what do ya want for nothing?", "zz"));
        assert_eq!(secret.sign("what do ya want for nothing?"), hash);
        assert!(WidgetSecret::new("  ").is_none());
        assert_eq!(format!("{secret:?}"), "WidgetSecret(redacted)");
    }

    #[test]
    fn a_hash_verifies_only_its_own_password_and_is_argon2id() {
        let h = hash_password("correct horse").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password("correct horse", &h));
        assert!(!verify_password("wrong horse", &h));
        assert!(!verify_password("correct horse", "not a hash"));
    }

    #[test]
    fn the_same_password_hashes_differently_each_time() {
        assert_ne!(hash_password("x").unwrap(), hash_password("x").unwrap());
    }
}
