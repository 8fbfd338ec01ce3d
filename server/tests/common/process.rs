//! Runs the real `switchboard` binary as a separate process.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The binary under test: cargo's for tests, `SWITCHBOARD_BIN`, or the one beside `examples/`.
fn binary() -> std::path::PathBuf {
    if let Some(p) = option_env!("CARGO_BIN_EXE_switchboard") {
        return p.into();
    }
    if let Ok(p) = std::env::var("SWITCHBOARD_BIN") {
        return p.into();
    }
    let exe = std::env::current_exe().expect("current exe");
    exe.parent()
        .and_then(|d| d.parent())
        .map(|d| d.join("switchboard"))
        .expect("target dir")
}

pub struct Node {
    pub child: Child,
    pub addr: String,
}

impl Node {
    /// Starts `switchboard serve` on a free port against `database_url`; waits until it listens.
    pub fn start(database_url: &str) -> Node {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
        let mut child = Command::new(binary())
            .arg("serve")
            .current_dir(root)
            .env("DATABASE_URL", database_url)
            .env("SWITCHBOARD_ADDR", "127.0.0.1:0")
            .env("SWITCHBOARD_LOG", "warn")
            // Several nodes run at once: none of them serves the demo site's fixed port.
            .env("SWITCHBOARD_DEMO_SITE_ADDR", "off")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start switchboard");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(rest) = line.strip_prefix("Switchboard is running at http://") {
                    let _ = tx.send(rest.split('/').next().unwrap_or_default().to_owned());
                }
            }
        });
        let addr = rx
            .recv_timeout(Duration::from_secs(60))
            .expect("switchboard started within 60 s");
        Node { child, addr }
    }

    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Waits until the node answers `/healthz`.
    pub async fn ready(&self) {
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            if let Ok(r) = reqwest::get(format!("http://{}/healthz", self.addr)).await {
                if r.status().is_success() {
                    return;
                }
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("node {} not ready", self.addr);
    }
}

impl Drop for Node {
    fn drop(&mut self) {
        self.kill();
    }
}
