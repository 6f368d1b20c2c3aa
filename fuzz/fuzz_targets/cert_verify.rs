#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| pkictl_fuzz::cert_verify(data));
