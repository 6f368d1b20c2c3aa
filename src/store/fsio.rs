//! The one door to the disk: files are created in their destination
//! directory under a random temporary name (`O_CREAT|O_EXCL|O_NOFOLLOW`,
//! final mode set before any byte is written), made durable, and put in
//! place by rename only. Nothing existing is replaced unless asked.

use std::fs::{self, File, OpenOptions, Permissions};
use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use crate::error::{Code, Error, Result};

/// Prefix of every temporary name pkictl creates (doctor removes leftovers).
pub const TEMP_PREFIX: &str = ".pkictl-tmp-";

/// Mode of private key files.
pub const MODE_SECRET: u32 = 0o600;
/// Mode of public files (certificates, chains, CRLs).
pub const MODE_PUBLIC: u32 = 0o644;
/// Mode of the store's directories.
pub const MODE_DIR: u32 = 0o700;

/// How an output file may treat an existing file of the same name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Replace {
    /// Refuse (exit 2, `already_exists`) when anything exists there.
    Never,
    /// Replace it atomically.
    Always,
}

impl Replace {
    /// What an `--overwrite` flag asks for.
    pub fn if_overwrite(overwrite: bool) -> Replace {
        if overwrite {
            Replace::Always
        } else {
            Replace::Never
        }
    }
}

/// Writes `bytes` to `path` atomically with the given mode. `sync` makes
/// the file and its directory durable before returning.
pub fn write_file(
    path: &Path,
    bytes: &[u8],
    mode: u32,
    replace: Replace,
    sync: bool,
) -> Result<()> {
    stage(path, bytes, mode, sync)?.persist(replace, sync)
}

/// A file written under a temporary name next to its destination, not yet
/// visible there: `persist` renames it into place; dropping it removes it.
/// Lets a caller make something else durable first (an audit record).
pub struct Staged {
    tmp: tempfile::NamedTempFile,
    path: PathBuf,
}

/// Writes `bytes` to a temporary file beside `path` (final mode set before
/// any byte is written); `sync` makes its content durable.
pub fn stage(path: &Path, bytes: &[u8], mode: u32, sync: bool) -> Result<Staged> {
    let dir = parent_dir(path);
    let mut tmp = tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .make_in(&dir, |p| {
            OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(mode)
                .custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC)
                .open(p)
        })
        .map_err(|e| Error::io("create a temporary file in", &dir, &e))?;
    // The umask may have narrowed or widened nothing yet: set the exact mode
    // while the file is still empty.
    tmp.as_file()
        .set_permissions(Permissions::from_mode(mode))
        .map_err(|e| Error::io("set the mode of", tmp.path(), &e))?;
    tmp.as_file_mut()
        .write_all(bytes)
        .map_err(|e| Error::io("write", tmp.path(), &e))?;
    if sync {
        tmp.as_file()
            .sync_all()
            .map_err(|e| Error::io("flush", tmp.path(), &e))?;
    }
    Ok(Staged {
        tmp,
        path: path.to_path_buf(),
    })
}

impl Staged {
    /// Renames the file into place (refusing to replace anything unless
    /// `replace` allows it); `sync` makes the rename durable.
    pub fn persist(self, replace: Replace, sync: bool) -> Result<()> {
        let path = self.path;
        match replace {
            Replace::Never => self.tmp.persist_noclobber(&path).map(drop).map_err(|e| {
                if e.error.kind() == std::io::ErrorKind::AlreadyExists {
                    already_exists(&path)
                } else {
                    Error::io("create", &path, &e.error)
                }
            })?,
            Replace::Always => self
                .tmp
                .persist(&path)
                .map(drop)
                .map_err(|e| Error::io("replace", &path, &e.error))?,
        }
        if sync {
            fsync_dir(&parent_dir(&path))?;
        }
        Ok(())
    }
}

/// The error for an output that exists (a symlink counts as existing).
pub fn already_exists(path: &Path) -> Error {
    Error::new(
        Code::AlreadyExists,
        format!("{} already exists", path.display()),
    )
    .hint("choose another path, remove the file, or pass --overwrite to replace it")
}

/// True when anything (a file, a directory, a dangling symlink) is at `path`.
pub fn exists_no_follow(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok()
}

/// The directory a path lives in ("." for a bare file name).
pub fn parent_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Makes a directory's entries (renames, new files) durable.
pub fn fsync_dir(dir: &Path) -> Result<()> {
    File::open(dir)
        .and_then(|f| f.sync_all())
        .map_err(|e| Error::io("flush the directory", dir, &e))
}

/// Flushes the whole file system holding `path` (one sync for a batch).
pub fn syncfs(path: &Path) -> Result<()> {
    let f = File::open(path).map_err(|e| Error::io("open", path, &e))?;
    rustix::fs::syncfs(&f).map_err(|e| Error::io("flush the file system of", path, &e.into()))?;
    Ok(())
}

/// The process's umask, read once from /proc/self/status (None when the
/// kernel does not say: modes are then always set explicitly). Reading it
/// this way changes nothing, unlike umask(2), which other threads would see.
fn umask() -> Option<u32> {
    static UMASK: std::sync::OnceLock<Option<u32>> = std::sync::OnceLock::new();
    *UMASK.get_or_init(|| {
        let status = fs::read_to_string("/proc/self/status").ok()?;
        let line = status.lines().find(|l| l.starts_with("Umask:"))?;
        u32::from_str_radix(line["Umask:".len()..].trim(), 8).ok()
    })
}

/// Whether a file or directory created with `mode` needs a chmod to have
/// exactly that mode (the umask takes bits away).
fn needs_chmod(mode: u32) -> bool {
    umask().is_none_or(|u| mode & u != 0)
}

/// Creates a new file with an exact mode and writes `bytes` into it
/// (`O_CREAT|O_EXCL|O_NOFOLLOW`: nothing existing is opened). For a file in
/// a directory nothing points at yet (a staged serial directory); returns
/// the open file so that the caller can make it durable.
pub fn create_new(path: &Path, bytes: &[u8], mode: u32) -> Result<File> {
    let mut f = OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(mode)
        .custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC)
        .open(path)
        .map_err(|e| Error::io("create", path, &e))?;
    if needs_chmod(mode) {
        f.set_permissions(Permissions::from_mode(mode))
            .map_err(|e| Error::io("set the mode of", path, &e))?;
    }
    f.write_all(bytes)
        .map_err(|e| Error::io("write", path, &e))?;
    Ok(f)
}

/// Creates a directory with an exact mode (it is empty, so setting the mode
/// after creation exposes nothing). An existing directory is accepted.
pub fn create_dir(path: &Path, mode: u32) -> Result<()> {
    match fs::DirBuilder::new().mode(mode).create(path) {
        Ok(()) if !needs_chmod(mode) => Ok(()),
        Ok(()) => fs::set_permissions(path, Permissions::from_mode(mode))
            .map_err(|e| Error::io("set the mode of", path, &e)),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            let md = fs::symlink_metadata(path).map_err(|e| Error::io("read", path, &e))?;
            if md.file_type().is_dir() {
                Ok(())
            } else {
                Err(Error::new(
                    Code::AlreadyExists,
                    format!("{} exists and is not a directory", path.display()),
                )
                .hint("move it away or choose another directory"))
            }
        }
        Err(e) => Err(Error::io("create the directory", path, &e)),
    }
}

/// Creates a directory that must not exist yet, with an exact mode.
pub fn create_new_dir(path: &Path, mode: u32) -> Result<()> {
    fs::DirBuilder::new()
        .mode(mode)
        .create(path)
        .map_err(|e| Error::io("create the directory", path, &e))?;
    if needs_chmod(mode) {
        fs::set_permissions(path, Permissions::from_mode(mode))
            .map_err(|e| Error::io("set the mode of", path, &e))?;
    }
    Ok(())
}

/// Creates a fresh, empty temporary directory inside `parent`.
pub fn temp_dir_in(parent: &Path) -> Result<PathBuf> {
    loop {
        let mut r = [0u8; 8];
        crate::encoding::fill_random(&mut r)?;
        let path = parent.join(format!("{TEMP_PREFIX}{}", crate::encoding::hex(&r)));
        match fs::DirBuilder::new().mode(MODE_DIR).create(&path) {
            Ok(()) => {
                if needs_chmod(MODE_DIR) {
                    fs::set_permissions(&path, Permissions::from_mode(MODE_DIR))
                        .map_err(|e| Error::io("set the mode of", &path, &e))?;
                }
                return Ok(path);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(Error::io("create a temporary directory in", parent, &e)),
        }
    }
}

/// Renames a directory into place; refuses to replace anything.
pub fn rename_noreplace(from: &Path, to: &Path) -> Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    let Err(err) = renameat_with(CWD, from, CWD, to, RenameFlags::NOREPLACE) else {
        return Ok(());
    };
    let err = std::io::Error::from(err);
    if err.kind() == std::io::ErrorKind::AlreadyExists {
        return Err(already_exists(to));
    }
    Err(Error::io("rename into", to, &err))
}

/// Points the symlink `link` at `target` by creating a temporary link and
/// renaming it over the old one: readers see either the old or the new.
pub fn replace_symlink(link: &Path, target: &Path) -> Result<()> {
    // Where there is no link yet, creating it is already atomic.
    match std::os::unix::fs::symlink(target, link) {
        Ok(()) => return Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
        Err(e) => return Err(Error::io("create the link", link, &e)),
    }
    let dir = parent_dir(link);
    for _ in 0..16 {
        let mut rnd = [0u8; 8];
        crate::encoding::fill_random(&mut rnd)?;
        let tmp = dir.join(format!("{TEMP_PREFIX}{}", crate::encoding::hex(&rnd)));
        match std::os::unix::fs::symlink(target, &tmp) {
            Ok(()) => {
                return fs::rename(&tmp, link).map_err(|e| {
                    let _ = fs::remove_file(&tmp);
                    Error::io("update the link", link, &e)
                });
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(Error::io("create a link in", &dir, &e)),
        }
    }
    Err(Error::internal("could not find a free temporary name"))
}

/// The effective user id of this process.
pub fn current_uid() -> u32 {
    rustix::process::geteuid().as_raw()
}

/// Refuses a directory that others could tamper with: world-writable
/// without the sticky bit, or owned by someone other than the caller or root.
pub fn check_dir_safe(dir: &Path, what: &str) -> Result<()> {
    let md = fs::metadata(dir).map_err(|e| Error::io("read", dir, &e))?;
    let mode = md.mode();
    if mode & 0o002 != 0 && mode & 0o1000 == 0 {
        return Err(Error::new(
            Code::InsecurePermissions,
            format!("{what} {} is writable by everyone", dir.display()),
        )
        .hint(format!("run: chmod o-w {}", dir.display())));
    }
    let uid = current_uid();
    if md.uid() != uid && md.uid() != 0 {
        return Err(Error::new(
            Code::InsecurePermissions,
            format!(
                "{what} {} is owned by uid {}, not by you (uid {uid})",
                dir.display(),
                md.uid()
            ),
        )
        .hint("run pkictl as the directory's owner, or use a directory you own"));
    }
    Ok(())
}

/// Refuses a private key file that group or others can read, as ssh does.
pub fn check_secret_mode(path: &Path) -> Result<()> {
    let md = fs::metadata(path).map_err(|e| Error::io("read", path, &e))?;
    if md.mode() & 0o077 != 0 {
        return Err(Error::new(
            Code::InsecurePermissions,
            format!(
                "private key {} is accessible by others (mode {:o})",
                path.display(),
                md.mode() & 0o777
            ),
        )
        .hint(format!("run: chmod 600 {}", path.display())));
    }
    Ok(())
}

/// File-system magic numbers of network file systems (statfs f_type).
const NETWORK_FS: &[(i64, &str)] = &[
    (0x6969, "NFS"),
    (0x517B, "SMB"),
    (0xFF53_4D42, "CIFS"),
    (0xFE53_4D42, "SMB2"),
    (0x5346_414F, "AFS"),
    (0x00C3_6400, "Ceph"),
    (0x0102_1997, "9P"),
    (0x4750_4653, "GPFS"),
    (0x0BD0_0BD0, "Lustre"),
];

/// The name of the network file system holding `path`, if it is one.
pub fn network_fs(path: &Path) -> Option<&'static str> {
    let t = rustix::fs::statfs(path).ok()?.f_type as i64;
    NETWORK_FS.iter().find(|(m, _)| *m == t).map(|(_, n)| *n)
}

/// What an outside input is, and the most of it pkictl reads: every read
/// of outside input is bounded, so `/dev/zero` or a runaway file fails
/// with the limit named instead of filling memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InputKind {
    /// How messages name it: "passphrase file", "certificate request" …
    pub what: &'static str,
    /// The most bytes read.
    pub max: u64,
}

impl InputKind {
    /// A passphrase file (`--passphrase-file` and the like).
    pub const PASSPHRASE: InputKind = InputKind {
        what: "passphrase file",
        max: 64 << 10,
    };
    /// A PKCS#10 request.
    pub const REQUEST: InputKind = InputKind {
        what: "certificate request",
        max: 1 << 20,
    };
    /// A private key file.
    pub const PRIVATE_KEY: InputKind = InputKind {
        what: "private key",
        max: 1 << 20,
    };
    /// A CRL file (a million entries is about 40 MB).
    pub const CRL: InputKind = InputKind {
        what: "CRL file",
        max: 64 << 20,
    };
    /// A file of certificates (a leaf with its chain, a bundle of roots).
    pub const CERTIFICATES: InputKind = InputKind {
        what: "certificate file",
        max: 16 << 20,
    };
    /// Anything `inspect` reads (certificates, CRLs, keys, PKCS#12).
    pub const ANY_OBJECT: InputKind = InputKind {
        what: "input",
        max: 64 << 20,
    };
    /// An `issue --batch` file.
    pub const BATCH: InputKind = InputKind {
        what: "batch file",
        max: 256 << 20,
    };
}

/// What kind of file system object a non-regular file is, for messages.
fn file_kind(md: &fs::Metadata) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    let t = md.file_type();
    if t.is_dir() {
        "a directory"
    } else if t.is_fifo() {
        "a FIFO"
    } else if t.is_char_device() {
        "a character device"
    } else if t.is_block_device() {
        "a block device"
    } else if t.is_socket() {
        "a socket"
    } else {
        "not a regular file"
    }
}

/// Opens a file for reading without ever blocking on a FIFO (O_NONBLOCK)
/// and refuses anything that is not a regular file: a FIFO, a device, a
/// directory. The error (kind `InvalidInput`) says what the file is.
pub fn open_regular(path: &Path) -> std::io::Result<File> {
    let f = OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_CLOEXEC)
        .open(path)?;
    let md = f.metadata()?;
    if !md.is_file() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!("it is {}, not a regular file", file_kind(&md)),
        ));
    }
    Ok(f)
}

/// Reads at most `max` bytes; more is an error naming the limit.
fn read_bounded(r: impl std::io::Read, max: u64, shown: &Path, kind: InputKind) -> Result<Vec<u8>> {
    use std::io::Read;
    let mut data = Vec::new();
    r.take(max + 1)
        .read_to_end(&mut data)
        .map_err(|e| Error::io("read", shown, &e))?;
    if data.len() as u64 > max {
        return Err(Error::malformed(format!(
            "{} is larger than {}, the most pkictl reads as a {}",
            shown.display(),
            human_size(max),
            kind.what
        ))
        .hint("name the right file; pkictl never reads unbounded input"));
    }
    Ok(data)
}

/// "64 KiB", "16 MiB".
fn human_size(n: u64) -> String {
    if n >= 1 << 20 {
        format!("{} MiB", n >> 20)
    } else {
        format!("{} KiB", n >> 10)
    }
}

/// Reads an outside input: a regular file, or stdin for `-` and
/// `/dev/stdin`. A FIFO, a device or a directory is refused before it is
/// read (exit 2), and so is input larger than `kind` allows.
pub fn read_input(path: &Path, kind: InputKind) -> Result<Vec<u8>> {
    if path == Path::new("-") || path == Path::new("/dev/stdin") {
        return read_bounded(std::io::stdin().lock(), kind.max, Path::new("stdin"), kind);
    }
    let f = open_regular(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::InvalidInput {
            Error::usage(format!("{}: {e}", path.display()))
                .hint("name a regular file, or - for stdin")
        } else {
            Error::io("read", path, &e)
        }
    })?;
    read_bounded(f, kind.max, path, kind)
}

/// Reads one of the store's own files, which are always regular files (a
/// FIFO or a device in their place is damage, never waited on). `None`
/// when the file does not exist.
pub fn read_store_file(path: &Path) -> Result<Option<Vec<u8>>> {
    use std::io::Read;
    let mut f = match open_regular(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) if e.kind() == std::io::ErrorKind::InvalidInput => {
            return Err(Error::new(
                Code::StoreFormat,
                format!("{} is damaged: {e}", path.display()),
            )
            .hint("the store's files are regular files; restore this one from a backup"));
        }
        Err(e) => return Err(Error::io("read", path, &e)),
    };
    let mut data = Vec::new();
    f.read_to_end(&mut data)
        .map_err(|e| Error::io("read", path, &e))?;
    Ok(Some(data))
}

/// The directories of `dir` that do not exist yet (deepest last) and the
/// nearest one that does.
fn split_existing(dir: &Path) -> (PathBuf, Vec<PathBuf>) {
    let mut missing = Vec::new();
    let mut cur = dir.to_path_buf();
    loop {
        if cur.as_os_str().is_empty() {
            cur = PathBuf::from(".");
        }
        if exists_no_follow(&cur) {
            missing.reverse();
            return (cur, missing);
        }
        let parent = parent_dir(&cur);
        missing.push(cur);
        cur = parent;
    }
}

/// The one rule for every directory pkictl writes into outside the store
/// (`--out-dir`, the directory of `--out FILE` and `--prometheus FILE`):
/// the directory itself if it exists, else the nearest existing ancestor —
/// where pkictl would create the missing levels — must be safe (not
/// writable by everyone without the sticky bit, owned by the caller or
/// root). Checked before any work is done.
pub fn check_out_dir(dir: &Path) -> Result<()> {
    let (existing, _) = split_existing(dir);
    check_dir_safe(&existing, "output directory")
}

/// Makes sure an output directory exists and is safe to write into: each
/// missing level is created `0700` (never with the umask's mode), after the
/// directory it goes into passed the same check.
pub fn create_out_dir(dir: &Path) -> Result<()> {
    let (existing, missing) = split_existing(dir);
    check_dir_safe(&existing, "output directory")?;
    for d in &missing {
        create_dir(d, MODE_DIR)?;
    }
    check_dir_safe(dir, "output directory")
}

/// Reads a whole file of the store, mapping errors to the path.
pub fn read(path: &Path) -> Result<Vec<u8>> {
    read_store_file(path)?.ok_or_else(|| {
        Error::io(
            "read",
            path,
            &std::io::Error::from(std::io::ErrorKind::NotFound),
        )
    })
}

/// Reads a whole text file of the store.
pub fn read_to_string(path: &Path) -> Result<String> {
    String::from_utf8(read(path)?).map_err(|_| {
        Error::new(
            Code::StoreFormat,
            format!("{} is damaged: it is not UTF-8 text", path.display()),
        )
        .hint("restore the file from a backup")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_get_exact_modes_and_never_replace_silently() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("key.pem");
        write_file(&p, b"secret", MODE_SECRET, Replace::Never, true).unwrap();
        assert_eq!(fs::metadata(&p).unwrap().mode() & 0o777, 0o600);
        let err = write_file(&p, b"other", MODE_SECRET, Replace::Never, true).unwrap_err();
        assert_eq!(err.code, Code::AlreadyExists);
        assert_eq!(fs::read(&p).unwrap(), b"secret");
        write_file(&p, b"new", MODE_PUBLIC, Replace::Always, true).unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"new");
        assert_eq!(fs::metadata(&p).unwrap().mode() & 0o777, 0o644);
    }

    #[test]
    fn a_symlink_at_the_destination_counts_as_existing() {
        let d = tempfile::tempdir().unwrap();
        let target = d.path().join("elsewhere");
        let link = d.path().join("out.pem");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        let err = write_file(&link, b"x", MODE_PUBLIC, Replace::Never, false).unwrap_err();
        assert_eq!(err.code, Code::AlreadyExists);
        assert!(!target.exists(), "the symlink must not be followed");
    }

    #[test]
    fn symlinks_are_swapped_atomically() {
        let d = tempfile::tempdir().unwrap();
        let link = d.path().join("current");
        replace_symlink(&link, Path::new("a")).unwrap();
        replace_symlink(&link, Path::new("b")).unwrap();
        assert_eq!(fs::read_link(&link).unwrap(), Path::new("b"));
    }
}
