//! Fetching the chain a TLS server presents (inspect --connect,
//! check-expiry --connect). The handshake accepts any chain — the point is
//! to show it; the verdict is `verify`'s — but still checks the handshake
//! signatures, so the server must hold the key of the certificate it shows.

use std::io::Write;
use std::net::{TcpStream, ToSocketAddrs};
use std::sync::Arc;
use std::time::Duration;

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::CryptoProvider;
use rustls::{DigitallySignedStruct, SignatureScheme};
use rustls_pki_types::{CertificateDer, ServerName, UnixTime};
use serde::Serialize;

use crate::error::{Code, Error, Result};

/// What a server presented.
#[derive(Debug, Clone, Serialize)]
pub struct Presented {
    pub address: String,
    /// HOST of HOST:PORT.
    #[serde(skip)]
    pub host: String,
    pub servername: Option<String>,
    pub protocol: String,
    pub cipher: String,
    #[serde(skip)]
    pub chain: Vec<Vec<u8>>,
}

#[derive(Debug)]
struct ShowAnyChain(Arc<CryptoProvider>);

impl ServerCertVerifier for ShowAnyChain {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp: &[u8],
        _now: UnixTime,
    ) -> std::result::Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}

/// How a server's chain is named where a file's path would be.
pub fn shown(address: &str) -> String {
    format!("tls://{address}")
}

/// Splits `HOST:PORT` (`[v6]:PORT` for IPv6) into host and port.
fn split_address(address: &str) -> Result<(String, u16)> {
    let bad = || {
        Error::usage(format!("{} is not HOST:PORT", crate::error::q(address)))
            .hint("e.g. --connect web.example.com:443 or --connect [::1]:8443")
    };
    let (host, port) = match address.strip_prefix('[') {
        Some(rest) => {
            let (h, p) = rest.split_once("]:").ok_or_else(bad)?;
            (h.to_string(), p)
        }
        None => {
            let (h, p) = address.rsplit_once(':').ok_or_else(bad)?;
            (h.to_string(), p)
        }
    };
    let port = port.parse::<u16>().map_err(|_| bad())?;
    if host.is_empty() {
        return Err(bad());
    }
    Ok((host, port))
}

/// Connects, completes a handshake and returns what the server presented.
pub fn fetch(address: &str, servername: Option<&str>, timeout: Duration) -> Result<Presented> {
    let (host, port) = split_address(address)?;
    let sni = servername.unwrap_or(&host).to_string();
    let name = ServerName::try_from(sni.clone()).map_err(|_| {
        Error::usage(format!(
            "{} is not a valid server name",
            crate::error::q(&sni)
        ))
    })?;
    // An IP address is not sent as SNI.
    let servername = matches!(name, ServerName::DnsName(_)).then(|| sni.clone());
    let conn_err = |what: String| {
        Error::new(Code::Io, format!("{address}: {what}"))
            .hint("check the address, that the server listens, and that it speaks TLS")
    };
    // Every address the name resolves to, in order (localhost is often
    // ::1 and 127.0.0.1, and a server may listen on only one of them).
    let mut last = conn_err("no address".into());
    let mut sock = None;
    for addr in (host.as_str(), port)
        .to_socket_addrs()
        .map_err(|e| conn_err(format!("cannot resolve: {e}")))?
    {
        match TcpStream::connect_timeout(&addr, timeout) {
            Ok(s) => {
                sock = Some(s);
                break;
            }
            Err(e) => last = conn_err(format!("cannot connect to {addr}: {e}")),
        }
    }
    let mut sock = sock.ok_or(last)?;
    let _ = sock.set_read_timeout(Some(timeout));
    let _ = sock.set_write_timeout(Some(timeout));
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .map_err(|e| Error::internal(format!("TLS configuration: {e}")))?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(ShowAnyChain(provider)))
        .with_no_client_auth();
    let mut conn = rustls::ClientConnection::new(Arc::new(config), name)
        .map_err(|e| conn_err(format!("TLS: {e}")))?;
    while conn.is_handshaking() {
        conn.complete_io(&mut sock)
            .map_err(|e| conn_err(format!("TLS handshake failed: {e}")))?;
    }
    let chain: Vec<Vec<u8>> = conn
        .peer_certificates()
        .unwrap_or_default()
        .iter()
        .map(|c| c.to_vec())
        .collect();
    if chain.is_empty() {
        return Err(conn_err("the server presented no certificate".into()));
    }
    let protocol = match conn.protocol_version() {
        Some(rustls::ProtocolVersion::TLSv1_3) => "TLSv1.3".to_string(),
        Some(rustls::ProtocolVersion::TLSv1_2) => "TLSv1.2".to_string(),
        Some(other) => format!("{other:?}"),
        None => "unknown".into(),
    };
    let cipher = conn
        .negotiated_cipher_suite()
        .map(|s| format!("{:?}", s.suite()))
        .unwrap_or_default();
    // Say goodbye politely; the server's answer does not matter.
    conn.send_close_notify();
    let _ = conn.complete_io(&mut sock);
    let _ = sock.flush();
    Ok(Presented {
        address: address.to_string(),
        host,
        servername,
        protocol,
        cipher,
        chain,
    })
}
