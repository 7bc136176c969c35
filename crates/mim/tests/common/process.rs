//! The real `mim` binary as a child process: one-shot subcommands and a server that
//! announces its address on standard output. Every wait is bounded.

#![allow(dead_code)]

use std::ffi::OsStr;
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Output, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

pub const MIM: &str = env!("CARGO_BIN_EXE_mim");
/// How long a server may take to announce its address, and to stop after SIGTERM.
pub const PATIENCE: Duration = Duration::from_secs(60);

/// A `mim serve` child process; killed on drop if the test did not stop it.
pub struct Server {
    child: Option<Child>,
    pub pid: u32,
    pub base: String,
    /// Standard output up to and including the "listening" line.
    pub banner: Vec<String>,
    pub log: PathBuf,
}

impl Server {
    /// Starts `mim serve --listen 127.0.0.1:0 --data DATA EXTRA…` and waits for the line that
    /// announces the address. Standard error goes to `log`.
    pub fn start(data: &Path, extra: &[&str], log: PathBuf) -> Server {
        let stderr = File::create(&log).expect("create the log file");
        let mut child = Command::new(MIM)
            .arg("serve")
            .args(["--listen", "127.0.0.1:0", "--data"])
            .arg(data)
            .args(extra)
            .env_remove("MIM_PASSWORD")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(stderr)
            .spawn()
            .expect("start mim serve");
        let stdout = child.stdout.take().expect("piped stdout");
        let pid = child.id();
        let (tx, rx) = mpsc::channel();
        // Keeps draining standard output for the life of the process.
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                let _ = tx.send(line);
            }
        });
        let mut server = Server {
            child: Some(child),
            pid,
            base: String::new(),
            banner: vec![],
            log,
        };
        let deadline = Instant::now() + PATIENCE;
        loop {
            match rx.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
                Ok(line) => {
                    let addr = line.strip_prefix("mim listening on ").map(str::to_owned);
                    server.banner.push(line);
                    if let Some(addr) = addr {
                        assert!(addr.starts_with("http://127.0.0.1:"), "{addr}");
                        server.base = addr;
                        return server;
                    }
                }
                Err(e) => panic!(
                    "mim serve announced no address ({e:?}); stdout: {:#?}; stderr: {}",
                    server.banner,
                    server.stderr()
                ),
            }
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub fn stderr(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// Sends SIGTERM and waits (bounded) for the process to end; returns its exit status.
    pub fn terminate(&mut self) -> ExitStatus {
        let kill = Command::new("kill")
            .arg("-TERM")
            .arg(self.pid.to_string())
            .status()
            .expect("run kill");
        assert!(kill.success(), "kill -TERM {} failed", self.pid);
        let mut child = self.child.take().expect("the server is running");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let _ = tx.send(child.wait());
        });
        match rx.recv_timeout(PATIENCE) {
            Ok(status) => status.expect("wait for mim serve"),
            Err(_) => {
                let _ = Command::new("kill")
                    .arg("-KILL")
                    .arg(self.pid.to_string())
                    .status();
                panic!(
                    "mim serve did not stop within {PATIENCE:?} of SIGTERM; stderr: {}",
                    self.stderr()
                );
            }
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// Runs `mim ARGS…` with `env` (MIM_PASSWORD is unset unless given) to completion, bounded.
pub fn mim_env(args: &[&OsStr], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(MIM);
    cmd.args(args)
        .env_remove("MIM_PASSWORD")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let child = cmd.spawn().expect("start mim");
    let pid = child.id();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(child.wait_with_output());
    });
    match rx.recv_timeout(PATIENCE) {
        Ok(out) => out.expect("mim's output"),
        Err(_) => {
            let _ = Command::new("kill")
                .arg("-KILL")
                .arg(pid.to_string())
                .status();
            panic!("mim {args:?} did not finish within {PATIENCE:?}");
        }
    }
}

pub fn mim(args: &[&OsStr]) -> Output {
    mim_env(args, &[])
}
