//! The ground floor of byte handling: hex, SHA-256 fingerprints, PEM text
//! and randomness from the OS. Knows nothing about certificates or the
//! store; everything above uses it.

use crate::error::{Error, Result};

/// Lowercase hex without separators.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[(b >> 4) as usize] as char);
        s.push(DIGITS[(b & 15) as usize] as char);
    }
    s
}

/// Decodes hex (either case) into bytes.
pub fn hex_decode(s: &str) -> Result<Vec<u8>> {
    let bad = || Error::internal(format!("not hex: {}", crate::error::q(s)));
    if !s.len().is_multiple_of(2) {
        return Err(bad());
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2).ok_or_else(bad)?, 16).map_err(|_| bad()))
        .collect()
}

/// The SHA-256 of `data`.
pub fn sha256(data: &[u8]) -> [u8; 32] {
    let mut out = [0u8; 32];
    out.copy_from_slice(ring::digest::digest(&ring::digest::SHA256, data).as_ref());
    out
}

/// The SHA-256 of `data` in lowercase hex (fingerprints, record hashes).
pub fn sha256_hex(data: &[u8]) -> String {
    hex(ring::digest::digest(&ring::digest::SHA256, data).as_ref())
}

/// Fills a buffer from the OS CSPRNG.
pub fn fill_random(buf: &mut [u8]) -> Result<()> {
    getrandom::fill(buf).map_err(|e| Error::internal(format!("the OS random source failed: {e}")))
}

/// 16 random bytes from the OS CSPRNG, positive and without a leading zero
/// byte, so every serial has exactly 16 content bytes (and its hex is what
/// `openssl x509 -serial` prints).
pub fn new_serial() -> Result<[u8; 16]> {
    let mut b = [0u8; 16];
    loop {
        fill_random(&mut b)?;
        b[0] &= 0x7f;
        if b[0] != 0 {
            return Ok(b);
        }
    }
}

/// True when bytes look like PEM text (a `-----BEGIN ` line somewhere).
pub fn looks_like_pem(bytes: &[u8]) -> bool {
    bytes.windows(11).any(|w| w == b"-----BEGIN ")
}

/// The first PEM block of `bytes`: its label and contents. A fast reader
/// for the store's own files, which pkictl wrote (the `pem` crate reads
/// everything from outside). None when there is no well-formed block.
pub fn pem_first(bytes: &[u8]) -> Option<(&str, Vec<u8>)> {
    use base64::Engine;
    let begin = memchr::memmem::find(bytes, b"-----BEGIN ")?;
    let rest = &bytes[begin + 11..];
    let label_end = memchr::memmem::find(rest, b"-----")?;
    let label = std::str::from_utf8(&rest[..label_end]).ok()?;
    let body = &rest[label_end + 5..];
    let end = memchr::memmem::find(body, format!("-----END {label}-----").as_bytes())?;
    let text: Vec<u8> = body[..end]
        .iter()
        .copied()
        .filter(|b| !b.is_ascii_whitespace())
        .collect();
    let der = base64::engine::general_purpose::STANDARD
        .decode(text)
        .ok()?;
    Some((label, der))
}

/// PEM text of a DER certificate.
pub fn cert_pem(der: &[u8]) -> String {
    pem_text("CERTIFICATE", der)
}

/// PEM text with Unix line endings (what openssl writes and every tool reads).
pub fn pem_text(tag: &str, der: &[u8]) -> String {
    pem_block(&pem::Pem::new(tag, der.to_vec()))
}

/// A parsed PEM block written back with Unix line endings.
pub fn pem_block(block: &pem::Pem) -> String {
    pem::encode_config(
        block,
        pem::EncodeConfig::new().set_line_ending(pem::LineEnding::LF),
    )
}

/// Decoded PEM blocks, wiped when dropped: one of them may be a private key.
pub struct WipedPems(pub Vec<pem::Pem>);

impl Drop for WipedPems {
    fn drop(&mut self) {
        for b in self.0.drain(..) {
            drop(zeroize::Zeroizing::new(b.into_contents()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_pem_block_reads_back() {
        let text = pem_text("CERTIFICATE", &[1, 2, 3, 250]) + &pem_text("X", &[9]);
        let (label, der) = pem_first(text.as_bytes()).unwrap();
        assert_eq!(
            (label, der.as_slice()),
            ("CERTIFICATE", &[1u8, 2, 3, 250][..])
        );
        assert!(pem_first(b"-----BEGIN X-----\n@@@\n-----END X-----\n").is_none());
        assert!(pem_first(b"no pem here").is_none());
    }

    #[test]
    fn hex_round_trips() {
        assert_eq!(hex(&[0x00, 0xab, 0x10]), "00ab10");
        assert_eq!(hex_decode("00AB10").unwrap(), vec![0x00, 0xab, 0x10]);
        assert!(hex_decode("abc").is_err());
        assert!(hex_decode("zz").is_err());
    }

    #[test]
    fn serials_have_sixteen_positive_content_bytes() {
        for _ in 0..200 {
            let s = new_serial().unwrap();
            assert!(s[0] != 0 && s[0] & 0x80 == 0);
        }
    }
}
