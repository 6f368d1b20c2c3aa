//! Running `--exec` / `--post-exec` hooks: `/bin/sh -c CMD`, stdin closed,
//! output sent to pkictl's stderr, an explicit environment, a timeout that
//! kills the hook's whole process group. Hooks run after the store lock is
//! released and never see a secret (pkictl removed them from its own
//! environment at start-up).

use std::os::fd::AsFd;
use std::os::unix::process::CommandExt;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde::Serialize;

/// What a hook did.
#[derive(Debug, Clone, Serialize)]
pub struct HookOutcome {
    pub command: String,
    pub exit_code: Option<i32>,
    pub timed_out: bool,
    pub message: Option<String>,
}

impl HookOutcome {
    /// True when the hook exited 0 in time.
    pub fn ok(&self) -> bool {
        self.exit_code == Some(0) && !self.timed_out && self.message.is_none()
    }
}

/// Runs a hook with extra environment variables.
pub fn run(command: &str, env: &[(&str, String)], timeout: Duration) -> HookOutcome {
    let mut cmd = Command::new("/bin/sh");
    cmd.arg("-c")
        .arg(command)
        .stdin(Stdio::null())
        .process_group(0);
    // The hook's stdout goes to pkictl's stderr: stdout may be a JSON document.
    match std::io::stderr().as_fd().try_clone_to_owned() {
        Ok(fd) => cmd.stdout(fd),
        Err(_) => cmd.stdout(Stdio::null()),
    };
    for (k, v) in env {
        cmd.env(k, v);
    }
    let fail = |message: String| HookOutcome {
        command: command.to_string(),
        exit_code: None,
        timed_out: false,
        message: Some(message),
    };
    let mut child = match cmd.spawn() {
        Ok(c) => c,
        Err(e) => return fail(format!("cannot start /bin/sh: {e}")),
    };
    let start = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(status)) => {
                return HookOutcome {
                    command: command.to_string(),
                    exit_code: status.code(),
                    timed_out: false,
                    message: status
                        .code()
                        .is_none()
                        .then(|| "killed by a signal".to_string()),
                };
            }
            Ok(None) if start.elapsed() >= timeout => {
                // The hook's own process group, created above.
                let _ = rustix::process::kill_process_group(
                    rustix::process::Pid::from_child(&child),
                    rustix::process::Signal::KILL,
                );
                let _ = child.wait();
                return HookOutcome {
                    command: command.to_string(),
                    exit_code: None,
                    timed_out: true,
                    message: Some(format!("killed after {}s", timeout.as_secs())),
                };
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(20)),
            Err(e) => return fail(format!("cannot wait for the hook: {e}")),
        }
    }
}
