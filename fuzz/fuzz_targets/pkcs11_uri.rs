#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| pkictl_fuzz::pkcs11_uri(data));
