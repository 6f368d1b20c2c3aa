//! What an issuing run reports, kept flat in memory: every item is written
//! as one JSON line as soon as it exists (a file once there are many) and
//! streamed into the output; the human view keeps the first rows.

use std::io::Write;
use std::os::unix::fs::FileExt;

use serde::ser::{Serialize, SerializeSeq, Serializer};

use crate::error::{Error, Result};
use crate::issuance::IssuedOut;

/// Items kept in memory before they go to a file.
const IN_MEMORY: usize = 256;

/// Rows the human view shows for a batch.
pub const SHOWN_ROWS: usize = 50;

/// One row of the human view of a batch.
#[derive(Debug, Clone)]
pub struct Row {
    pub name: String,
    pub serial: String,
    pub not_after: String,
    pub cert_path: String,
}

/// The `issued` items of a run, in input order.
#[derive(Debug, Default)]
pub struct IssuedList {
    count: usize,
    changed: usize,
    /// The first item whole (a single issue shows every field).
    first: Option<IssuedOut>,
    head: Vec<Row>,
    buf: Vec<u8>,
    file: Option<std::fs::File>,
    file_len: u64,
}

impl IssuedList {
    /// Adds the next item.
    pub fn push(&mut self, item: IssuedOut) -> Result<()> {
        self.count += 1;
        if item.changed {
            self.changed += 1;
        }
        if self.head.len() < SHOWN_ROWS {
            self.head.push(Row {
                name: item.name.clone(),
                serial: item.certificate.serial_or("").to_string(),
                not_after: item.certificate.not_after_text(),
                cert_path: item.cert_path.clone().unwrap_or_default(),
            });
        }
        serde_json::to_writer(&mut self.buf, &item)
            .map_err(|e| Error::internal(format!("cannot encode an issued item: {e}")))?;
        self.buf.push(b'\n');
        if self.first.is_none() {
            self.first = Some(item);
        }
        if self.count >= IN_MEMORY && self.buf.len() > (1 << 20) {
            self.spill()?;
        }
        Ok(())
    }

    fn spill(&mut self) -> Result<()> {
        let tmp = std::env::temp_dir();
        if self.file.is_none() {
            self.file = Some(
                tempfile::tempfile()
                    .map_err(|e| Error::io("create a temporary file in", &tmp, &e))?,
            );
        }
        if let Some(f) = self.file.as_mut() {
            f.write_all(&self.buf)
                .map_err(|e| Error::io("write a temporary file in", &tmp, &e))?;
        }
        self.file_len += self.buf.len() as u64;
        self.buf.clear();
        Ok(())
    }

    /// How many items.
    pub fn len(&self) -> usize {
        self.count
    }

    /// True when there is none.
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// How many were issued (not found unchanged).
    pub fn changed(&self) -> usize {
        self.changed
    }

    /// The first item, whole.
    pub fn first(&self) -> Option<&IssuedOut> {
        self.first.as_ref()
    }

    /// The first rows, for the human view.
    pub fn head(&self) -> &[Row] {
        &self.head
    }

    /// Calls `f` with each item's JSON text, in order.
    fn each_line(
        &self,
        mut f: impl FnMut(&str) -> std::result::Result<(), String>,
    ) -> std::result::Result<(), String> {
        let mut carry: Vec<u8> = Vec::new();
        if let Some(file) = &self.file {
            let mut chunk = vec![0u8; 1 << 20];
            let mut at = 0u64;
            while at < self.file_len {
                let n = file.read_at(&mut chunk, at).map_err(|e| e.to_string())?;
                if n == 0 {
                    break;
                }
                at += n as u64;
                carry.extend_from_slice(&chunk[..n]);
                let mut start = 0;
                while let Some(i) = carry[start..].iter().position(|&b| b == b'\n') {
                    let line =
                        std::str::from_utf8(&carry[start..start + i]).map_err(|e| e.to_string())?;
                    f(line)?;
                    start += i + 1;
                }
                carry.drain(..start);
            }
        }
        for line in self.buf.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
            f(std::str::from_utf8(line).map_err(|e| e.to_string())?)?;
        }
        Ok(())
    }
}

impl Serialize for IssuedList {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::Error as _;
        let mut seq = s.serialize_seq(Some(self.count))?;
        let mut failed = None;
        self.each_line(|line| {
            let raw: &serde_json::value::RawValue =
                serde_json::from_str(line).map_err(|e| e.to_string())?;
            seq.serialize_element(raw).map_err(|e| {
                let m = e.to_string();
                failed = Some(e);
                m
            })
        })
        .map_err(|m| failed.take().unwrap_or_else(|| S::Error::custom(m)))?;
        seq.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pki::certinfo::{CertFacts, CertView};

    fn item(name: &str) -> IssuedOut {
        let der = rcgen::CertificateParams::new(vec![format!("{name}.example.com")])
            .unwrap()
            .self_signed(&rcgen::KeyPair::generate().unwrap())
            .unwrap()
            .der()
            .to_vec();
        IssuedOut {
            name: name.into(),
            certificate: CertView::new(CertFacts::from_der(&der).unwrap(), 0),
            cert_path: None,
            key_path: None,
            chain_path: None,
            fullchain_path: None,
            ca_path: None,
            out_dir: None,
            changed: true,
        }
    }

    #[test]
    fn many_items_stream_back_in_order_through_a_file() {
        let mut list = IssuedList::default();
        let one = item("a");
        for i in 0..3000 {
            let mut it = IssuedOut {
                name: format!("n{i}"),
                certificate: one.certificate.clone(),
                cert_path: None,
                key_path: None,
                chain_path: None,
                fullchain_path: None,
                ca_path: None,
                out_dir: None,
                changed: i % 2 == 0,
            };
            it.certificate.path = Some("x".repeat(400));
            list.push(it).unwrap();
        }
        assert!(list.file.is_some(), "3000 items spill to a file");
        assert_eq!(
            (list.len(), list.changed(), list.head().len()),
            (3000, 1500, SHOWN_ROWS)
        );
        let v = serde_json::to_value(&list).unwrap();
        let names: Vec<&str> = v
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["name"].as_str().unwrap())
            .collect();
        assert_eq!(names.len(), 3000);
        assert!(names.iter().enumerate().all(|(i, n)| *n == format!("n{i}")));
        let small = {
            let mut l = IssuedList::default();
            l.push(item("b")).unwrap();
            l
        };
        assert_eq!(serde_json::to_value(&small).unwrap()[0]["name"], "b");
        assert_eq!(small.first().unwrap().name, "b");
    }
}
